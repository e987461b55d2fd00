"""The people and departments the brand tests share."""

import pytest

from tests.factories import DepartmentFactory, UserFactory


@pytest.fixture
def comms(db):
    """A member of Communications: they run campaigns, announcements, the brand hub and
    the leadership questions' triage."""
    return UserFactory(username="cora", roles=["Communications", "Employees"])


@pytest.fixture
def comms_client(comms, signed_in):
    return signed_in(comms)


@pytest.fixture
def sales(db):
    return DepartmentFactory(name="Sales")


@pytest.fixture
def support(db):
    return DepartmentFactory(name="Support")

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory, home_page


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds view counters and sign-in throttles; no test may see another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return home_page()


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def employee(db):
    return UserFactory(username="emma", roles=["Employees"])


@pytest.fixture
def employee_client(employee):
    return _signed_in_client(employee)


@pytest.fixture
def signed_in():
    """signed_in(user) -> a test client with that user signed in."""
    return _signed_in_client

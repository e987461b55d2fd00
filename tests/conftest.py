import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from core import fragments
from tests.factories import UserFactory, home_page, reseed


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds view counters and posting limits; no test may see another's. Nor
    the versions a URL read late in another test (core.fragments.learn): a query pin
    measured on a first request would depend on which tests ran before."""
    cache.clear()
    fragments.forget_hints()
    yield
    cache.clear()
    fragments.forget_hints()


@pytest.fixture(autouse=True)
def _seeded_factories(request):
    """Faker and factory_boy draw from one generator seeded by the test's id: a test gets
    the same names on every run and in any order, so no result hangs on a random surname
    (CI failed twice on one that happened to match a search fragment). A test that
    searches for a fragment still gives its people fixed names."""
    reseed(request.node.nodeid)


@pytest.fixture
def home(db):
    return home_page()


def _signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def employee(db):
    return UserFactory(
        username="emma", first_name="Emma", last_name="Employee", roles=["Employees"]
    )


@pytest.fixture
def employee_client(employee):
    return _signed_in_client(employee)


@pytest.fixture
def signed_in():
    """signed_in(user) -> a test client with that user signed in."""
    return _signed_in_client


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The whole demo (`seed_demo`), seeded once for a test module and rolled back after
    it, as Django's `TestCase.setUpTestData` does: each test still runs in its own
    savepoint, so what a test changes is undone before the next. Seeding takes 20 to 60 s;
    a module of six tests seeded per test spent minutes of the suite on it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

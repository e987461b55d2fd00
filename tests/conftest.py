import pytest
from django.core.cache import cache
from django.test import Client
from pytest_django.plugin import blocking_manager_key

from core import fragments
from tests.demo_database import seeded_demo
from tests.factories import UserFactory, home_page, reseed
from tests.migrated_template import drop_the_template, use_a_migrated_template


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request,
    django_db_modify_db_settings_parallel_suffix,
    django_db_keepdb,
    django_db_createdb,
    django_db_use_migrations,
    django_db_blocker,
):
    """Under xdist on PostgreSQL, each worker's test database is a copy of one migrated
    once for the run (tests/migrated_template.py), unless --reuse-db keeps the old ones."""
    workerinput = getattr(request.config, "workerinput", None)
    reusing = django_db_keepdb and not django_db_createdb
    if workerinput and django_db_use_migrations and not reusing:
        with django_db_blocker.unblock():
            use_a_migrated_template(workerinput["workerid"], workerinput["testrunuid"])


def pytest_sessionfinish(session):
    """The controlling xdist process drops the template its workers shared."""
    config = session.config
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None):
        return
    if config.getvalue("reuse_db") and not config.getvalue("create_db"):
        return
    with config.stash[blocking_manager_key].unblock():
        drop_the_template()


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


@pytest.fixture(scope="session")
def _seeded_demo(django_db_setup, django_db_blocker):
    """The demo seeded once for this test process (tests/demo_database.py says how)."""
    with django_db_blocker.unblock():
        demo = seeded_demo()
    yield demo
    with django_db_blocker.unblock():
        demo.drop()


@pytest.fixture(scope="module")
def demo_module(_seeded_demo, django_db_blocker):
    """The whole demo (`seed_demo`) for a test module, rolled back after it, as Django's
    `TestCase.setUpTestData` does: each test still runs in its own savepoint, so what a
    test changes is undone before the next. Seeding takes 30 to 60 CPU seconds, so it is
    done once per test process and each module gets a fresh copy of it (_seeded_demo)."""
    with django_db_blocker.unblock(), _seeded_demo.lent():
        yield


@pytest.fixture(scope="module")
def demo_module_committed(_seeded_demo, django_db_blocker):
    """`demo_module` as it is once the seeding's transaction has committed: the `on_commit`
    callbacks it queued (notifications, routed questions, read receipts) have run, inside
    the module's transaction, as `django_capture_on_commit_callbacks(execute=True)` around
    `seed_demo` ran them. The same seed, not a second one."""
    with django_db_blocker.unblock(), _seeded_demo.lent(committed=True):
        yield

import copy
import datetime
import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from people.models import GuestAccess
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish

# On OpenSearch (CI's "Search suite on OpenSearch" step sets OPENSEARCH_URL) the suite runs
# unchanged against the real node: its own indexes under a per-run prefix, created with
# Wagtail's mappings once, emptied before each test (a rolled-back test leaves documents
# behind, and SQLite gives their ids to the next test's pages) and deleted at the end.
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "")


@pytest.fixture(scope="session", autouse=True)
def opensearch_indexes():
    if not OPENSEARCH_URL:
        yield None
        return
    from modelsearch.index import get_indexed_models
    from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index
    from wagtail.search.backends import get_search_backend

    prefix = f"hearth_test_{os.getpid()}_{uuid.uuid4().hex[:8]}_"
    backends = copy.deepcopy(settings.WAGTAILSEARCH_BACKENDS)
    backends["default"]["INDEX_PREFIX"] = prefix
    override = override_settings(WAGTAILSEARCH_BACKENDS=backends)
    override.enable()
    backend = get_search_backend()
    try:
        for index, models in group_models_by_index(backend, get_indexed_models()).items():
            index.reset()
            for model in models:
                index.add_model(model)
        yield (backend, prefix)
    finally:
        backend.es.indices.delete(index=f"{prefix}*", ignore_unavailable=True)
        override.disable()


# Module-scoped content (the demo, indexed once for test_relevance.py) outlives one test.
MODULE_CONTENT = {"demo", "demo_module", "hatch_corpus"}


@pytest.fixture(autouse=True)
def empty_opensearch_indexes(opensearch_indexes, monkeypatch, request):
    """Each test starts with empty indexes (unless it reads its module's content), and what
    it indexed is searchable at once: the engine shows writes within a second (its refresh
    interval), tests search at once, so every search and count refreshes its index first."""
    if opensearch_indexes is None:
        return
    backend, prefix = opensearch_indexes
    if not MODULE_CONTENT & set(request.fixturenames):
        _empty(backend, prefix)
    client_class = type(backend.es)
    for name in ("search", "count"):
        original = getattr(client_class, name)

        def refreshed(self, *args, _original=original, **kwargs):
            self.indices.refresh(index=kwargs.get("index") or f"{prefix}*")
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(client_class, name, refreshed)


def _empty(backend, prefix: str) -> None:
    backend.es.delete_by_query(
        index=f"{prefix}*",
        body={"query": {"match_all": {}}},
        params={"refresh": "true", "conflicts": "proceed"},
    )


def restrict(page, group_name: str = "Leaders"):
    """A group view restriction on `page` (and so on everything below it)."""
    group, _ = Group.objects.get_or_create(name=group_name)
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)
    return group


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    """Run what publishing queues after commit (re-indexing, the vocabulary) as it happens."""

    class Runner:
        def __enter__(self):
            self.capture = django_capture_on_commit_callbacks(execute=True)
            return self.capture.__enter__()

        def __exit__(self, *exc):
            return self.capture.__exit__(*exc)

    return Runner


def _published(page):
    publish(page)
    return page


def _tagged(tag, **fields):
    """A published knowledge page with `tag`."""
    page = KnowledgePageFactory(**fields)
    page.tags.add(tag)
    return _published(page)


@pytest.fixture
def wiki(home, indexing):
    """Two spaces (one private to the Leaders group), an owner and some pages."""
    with indexing():
        owner = UserFactory(username="olga", first_name="Olga", last_name="Owner")
        hr = _published(knowledge_space("People and HR", slug="people-hr"))
        it = _published(knowledge_space("IT Help", slug="it-help"))
        secret = _published(knowledge_space("Leadership", slug="leadership"))
        restrict(secret)
        vacation = _tagged(
            "leave",
            parent=hr,
            title="Vacation policy",
            slug="vacation",
            listing_summary="How many vacation days you have and how to book them.",
            content_owner=owner,
        )
        laptop = _tagged(
            "hardware",
            parent=it,
            title="Laptop replacement",
            slug="laptop",
            listing_summary="When your laptop is replaced and how to order a new one.",
        )
        bands = _tagged(
            "compensation",
            parent=secret,
            title="Compensation bands zorblatt",
            slug="bands",
            listing_summary="Confidential salary bands and the vacation accrual for executives.",
        )
    return {
        "owner": owner,
        "hr": hr,
        "it": it,
        "secret": secret,
        "vacation": vacation,
        "laptop": laptop,
        "bands": bands,
    }


@pytest.fixture
def leader(db):
    user = UserFactory(username="lena", first_name="Lena", last_name="Leader", roles=["Employees"])
    user.groups.add(Group.objects.get_or_create(name="Leaders")[0])
    return user


@pytest.fixture
def guest(wiki):
    """A guest whose one active pinhole opens the IT Help space (and nothing else)."""
    user = UserFactory(username="gus", first_name="Gus", last_name="Guest", roles=["Guests"])
    GuestAccess.objects.create(
        user=user, space=wiki["it"], expires_at=timezone.now() + datetime.timedelta(days=7)
    )
    return user

"""The Wagtail admin is a read path: every URL it registers, walked as every role.

One world: a knowledge space restricted to the "Vault team" group holds a published page
with a newer draft, a page in a workflow, a locked page, a comment, an image and a document
in the space's collection. Every word of it carries "quorbex" (titles, slugs, body, draft,
file names, file bytes). A public space lets every employee edit (so employees reach the
admin too).

The walk enumerates every admin URL pattern from the URL resolver (none is hand-picked),
fills each argument with the id of a private object of its kind (page, revision, workflow
and task state, image, document, collection), adds a search for the secret word to every
listing, and adds every registered bulk action for pages, images and documents with the
private ids and "select all". Each role outside the group must find the secret nowhere;
an insider finds it in many places, and with the privacy layer switched off an outside
editor finds it too: so the walk can fail.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.rich_text import RichText

from tests.brand.factories_hub import DocumentFactory, ImageFactory
from tests.community.factories import CommentFactory
from tests.factories import (
    KnowledgeIndexPageFactory,
    KnowledgePageFactory,
    UserFactory,
    knowledge_space,
    publish,
    restrict_to_groups,
)

SECRET = "quorbex"
# Searches use another word every private title holds: a search box repeats its query, so
# searching for the secret itself would always "find" it.
SEARCH = "vaultish"
FILE_BYTES = b"%PDF-1.4 QUORBEX-FILE-BYTES-7Hq2"

# Roles outside the Vault team, as the demo gives them (every staff role holds Employees).
OUTSIDE_ROLES = {
    "editor": ["Editors"],
    "space owner": ["Space owners"],
    "communications": ["Communications"],
    "moderator": ["Moderators"],
    "administrator": ["Administrators"],
    "employee": [],  # reaches the admin through the public space's "everyone edits" policy
    "guest": None,
}


@dataclass
class World:
    index: object
    open_space: object
    vault: object
    ledger: object
    proposal: object
    comment: object
    image: object
    document: object
    workflow_state: object
    task_state: object
    insider: object


def build_world(home) -> World:
    team = Group.objects.create(name="Vault team")
    insider = UserFactory(username="ines", roles=["Employees", "Editors"])
    insider.groups.add(team)
    owner = UserFactory(username="olga", roles=["Employees", "Space owners"])

    index = KnowledgeIndexPageFactory(parent=home)
    open_space = knowledge_space("Zephyr space", owner, edit_policy="everyone")
    publish(open_space)

    vault = knowledge_space("Quorbex vaultish space", insider, slug="quorbex-vault")
    restrict_to_groups(vault, team)
    publish(vault)  # gives the space its private collection
    vault.refresh_from_db()

    image = ImageFactory(
        title="Quorbex vaultish chart",
        collection=vault.collection,
        file__filename="quorbex-chart.png",
    )
    document = DocumentFactory(
        title="Quorbex vaultish terms",
        collection=vault.collection,
        file__filename="quorbex-terms.pdf",
        file__data=FILE_BYTES,
    )
    ledger = KnowledgePageFactory(
        parent=vault, title="Quorbex vaultish ledger", slug="quorbex-ledger", content_owner=insider
    )
    body = (
        f'<p>The quorbex budget. <a linktype="document" id="{document.pk}">Terms</a></p>'
        f'<embed embedtype="image" id="{image.pk}" format="left" alt="quorbex chart"/>'
    )
    publish(ledger, insider, body=[("paragraph", RichText(body))])
    ledger.body = [("paragraph", RichText("<p>Quorbex draft words for next year.</p>"))]
    ledger.save_revision(user=insider, log_action=True)
    ledger.locked, ledger.locked_by, ledger.locked_at = True, insider, timezone.now()
    ledger.save(update_fields=["locked", "locked_by", "locked_at"])

    proposal = KnowledgePageFactory(
        parent=vault, title="Quorbex vaultish proposal", slug="quorbex-plan"
    )
    revision = proposal.save_revision(user=insider)
    workflow_state = proposal.get_workflow().start(proposal, insider)
    comment = CommentFactory(page=ledger, author=insider, body="A quorbex remark")
    assert revision.pk and workflow_state.current_task_state
    return World(
        index=index,
        open_space=open_space,
        vault=vault,
        ledger=ledger,
        proposal=proposal,
        comment=comment,
        image=image,
        document=document,
        workflow_state=workflow_state,
        task_state=workflow_state.current_task_state,
        insider=insider,
    )


@pytest.fixture
def world(home, django_capture_on_commit_callbacks) -> World:
    with django_capture_on_commit_callbacks(execute=True):
        return build_world(home)


# Enumerating the admin's URLs -----------------------------------------------------------------
def admin_patterns() -> list[tuple[str, str]]:
    """(route, namespace) of every admin URL pattern, from the resolver."""
    found = []

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespaces + ([pattern.namespace] if pattern.namespace else [])
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                found.append((prefix + str(pattern.pattern), ":".join(namespaces)))

    walk(get_resolver().url_patterns, "", [])
    return [(route, namespace) for route, namespace in found if route.startswith("admin/")]


PK_OF_NAMESPACE = {
    "wagtailimages": "image",
    "wagtailimages_chooser": "image",
    "wagtailadmin_api:images": "image",
    "wagtaildocs": "document",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_collections": "collection",
    "moderation": "comment",
}
SKIPPED = {
    "admin/^.*/$",  # Wagtail's catch-all 404
    "admin/logout/",  # would end the walk
    "admin/failwhale/",  # Wagtail's deliberate error page
}


def private_values(w: World) -> dict[str, object]:
    return {
        "page": w.ledger.pk,
        "page_id": w.ledger.pk,
        "parent_page_id": w.vault.pk,
        "page_to_move_id": w.ledger.pk,
        "destination_id": w.vault.pk,
        "page_pk": w.vault.pk,
        "revision_id": w.ledger.latest_revision_id,
        "revision_id_a": w.ledger.live_revision_id,
        "revision_id_b": w.ledger.latest_revision_id,
        "workflow_state_id": w.workflow_state.pk,
        "task_state_id": w.task_state.pk,
        "task_id": w.task_state.task_id,
        "image": w.image.pk,
        "image_id": w.image.pk,
        "document": w.document.pk,
        "document_id": w.document.pk,
        "doc_id": w.document.pk,
        "collection": w.vault.collection_id,
        "collection_id": w.vault.collection_id,
        "comment": w.comment.pk,
        "kind": "comment",
        "object_id": w.ledger.pk,
        "app_label": "knowledge",
        "app_name": "knowledge",
        "content_type_app_name": "knowledge",
        "model_name": "knowledgepage",
        "content_type_model_name": "knowledgepage",
        "action": "delete",
        "action_name": "approve",
        "filter_spec": "fill-20x20",
        "session_id": 1,
        "uploaded_file_id": 1,
        "workflow_pk": w.workflow_state.workflow_id,
        "query_id": 1,
        "redirect_id": 1,
        "uidb64": "MQ",
        "token": "set-password",
    }


def fill(route: str, namespace: str, values: dict[str, object]) -> str:
    def value(name: str) -> str:
        if name == "pk":
            kind = PK_OF_NAMESPACE.get(namespace, "page")
            if namespace == "wagtailadmin_pages":  # revision compare: pk is the page
                kind = "page"
            return str(values[kind])
        return str(values[name])

    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: value(m.group(1)), route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: value(m.group(1)), url)
    return "/" + url.replace("^", "").replace("$", "").replace("\\.", ".")


def bulk_urls(w: World) -> list[str]:
    targets = {
        ("wagtailcore", "page"): w.ledger.pk,
        ("core", "hearthimage"): w.image.pk,
        ("wagtaildocs", "document"): w.document.pk,
    }
    urls = []
    for (app_label, model_name), actions in _registered_bulk_actions():
        pk = targets.get((app_label, model_name))
        if pk is None:
            continue
        for action in actions:
            base = f"/admin/bulk/{app_label}/{model_name}/{action}/"
            urls.append(f"{base}?id={pk}")
            urls.append(f"{base}?id=all&childOf={w.vault.pk}")
            urls.append(f"{base}?id=all&childOf={w.index.pk}")
            urls.append(f"{base}?id=all&q={SEARCH}")
    return urls


def _registered_bulk_actions() -> list[tuple[tuple[str, str], list[str]]]:
    bulk_action_registry._scan_for_bulk_actions()
    by_model: dict[tuple[str, str], list[str]] = {}
    for app_label, models in bulk_action_registry.actions.items():
        for model_name, actions in models.items():
            by_model[(app_label, model_name)] = sorted(actions)
    return list(by_model.items())


def walk_urls(w: World) -> list[str]:
    values = private_values(w)
    urls = []
    for route, namespace in admin_patterns():
        if route in SKIPPED:
            continue
        url = fill(route, namespace, values)
        urls.append(url)
        if "<" not in route and "(?P" not in route:  # a listing: search it for the secret
            urls.append(f"{url}?q={SEARCH}&search={SEARCH}&search_all=1")
    urls += bulk_urls(w)
    # Listings narrowed to the private space by a query parameter.
    urls += [
        f"/admin/api/main/pages/?child_of={w.vault.pk}",
        f"/admin/api/main/pages/?descendant_of={w.vault.pk}",
        f"/admin/api/main/pages/?search={SEARCH}",
        f"/admin/api/main/pages/?child_of={w.index.pk}&fields=title",
        f"/admin/choose-page/?q={SEARCH}",
        f"/admin/choose-page/search/?q={SEARCH}",
        f"/admin/images/?collection_id={w.vault.collection_id}",
        f"/admin/documents/?collection_id={w.vault.collection_id}",
        f"/admin/pages/{w.index.pk}/",
        f"/admin/choose-page/{w.index.pk}/",
    ]
    return urls


def body_of(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def leaks(client: Client, urls: list[str]) -> list[str]:
    """The URLs whose answer holds the secret word or the private file's bytes."""
    import os
    import time

    found, failed, timings = [], [], []
    for url in urls:
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started, url))
        content = body_of(response)
        if response.status_code >= 500:
            failed.append(url)
        if SECRET.encode() in content.lower() or FILE_BYTES in content:
            found.append(url)
    if os.environ.get("WALK_DEBUG"):
        print("FAILED", failed)
        print("FOUND", found)
        for spent, url in sorted(timings, reverse=True)[:25]:
            print(f"{spent:.3f} {url}")
        print("TOTAL", sum(t for t, _ in timings), len(timings))
    assert failed == []
    return found


# The walk --------------------------------------------------------------------------------------
def test_the_walk_covers_every_admin_url_pattern(world):
    patterns = [route for route, _ in admin_patterns() if route not in SKIPPED]
    urls = walk_urls(world)
    assert len(patterns) > 250  # Wagtail's and Hearth's: a resolver change shows up here
    assert len(urls) > len(patterns) + 100  # plus searches and bulk actions


@pytest.mark.parametrize("role", OUTSIDE_ROLES)
def test_no_role_outside_the_group_reads_the_private_space_in_the_admin(world, role):
    roles = OUTSIDE_ROLES[role]
    user = UserFactory(
        username=f"outsider-{role.replace(' ', '-')}",
        roles=["Guests"] if roles is None else ["Employees", *roles],
    )
    assert leaks(signed_in(user), walk_urls(world)) == []


def test_an_insider_reads_it_all_so_the_walk_can_fail(world):
    found = leaks(signed_in(world.insider), walk_urls(world))
    for expected in (
        f"/admin/pages/{world.ledger.pk}/edit/",
        f"/admin/pages/{world.ledger.pk}/history/",
        f"/admin/pages/{world.vault.pk}/",
        f"/admin/documents/edit/{world.document.pk}/",
        f"/admin/images/{world.image.pk}/",
    ):
        assert expected in found
    assert len(found) > 40


def test_with_the_privacy_layer_switched_off_an_outside_editor_reads_it(world, monkeypatch):
    """Proof that the walk detects the leak the issue reported (and so its absence)."""
    from core import admin_privacy, permissions

    monkeypatch.setattr(admin_privacy, "page_is_hidden", lambda user, page: False)
    # The admin's page permission tester (core.permissions) asks the same question.
    monkeypatch.setattr(permissions, "page_is_hidden", lambda user, page: False)
    monkeypatch.setattr(admin_privacy, "hidden_page_paths", lambda user: [])
    monkeypatch.setattr(admin_privacy, "hidden_collection_paths", lambda user: [])
    editor = UserFactory(username="eddie", roles=["Employees", "Editors"])
    found = leaks(signed_in(editor), walk_urls(world))
    assert f"/admin/pages/{world.ledger.pk}/edit/" in found
    assert f"/admin/pages/{world.ledger.pk}/revisions/{world.ledger.latest_revision_id}/view/" in (
        found
    )
    assert len(found) > 20

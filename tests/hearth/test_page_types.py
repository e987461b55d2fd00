"""Every Hearth page type, as Wagtail recommends testing page types: it can be created where
it belongs, and a published one renders, opens in the editor and previews.

The page types come from Wagtail's registry and each one's factory is found among the
test factories, so a new page type is covered without editing this file; one without a
factory fails here until it has one."""

import importlib
from pathlib import Path

import pytest
import wagtail_factories
from django.http import QueryDict
from django.urls import reverse
from wagtail.coreutils import get_dummy_request
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase, page_tests
from wagtail.test.utils.form_data import querydict_from_html

from knowledge.models import ArchivePage
from tests.factories import UserFactory

TESTS = Path(__file__).resolve().parent.parent
PAGE_MODELS = sorted(  # the page types of the apps in this repository (not Wagtail's own)
    (
        model
        for model in get_page_models()
        if Path(model._meta.app_config.path).parent == TESTS.parent
    ),
    key=lambda model: model._meta.label,
)


def _page_factories() -> dict:
    """{page model: its factory}, from every tests/**/factories*.py module."""
    for path in sorted(TESTS.rglob("factories*.py")):
        module = ".".join(path.relative_to(TESTS.parent).with_suffix("").parts)
        importlib.import_module(module)
    found = {}
    pending = [wagtail_factories.PageFactory]
    while pending:
        factory_class = pending.pop()
        pending.extend(factory_class.__subclasses__())
        model = factory_class._meta.model
        if model is not None and not factory_class._meta.abstract:
            found.setdefault(model, factory_class)
    return found


FACTORIES = _page_factories()


# The archive holds unpublished pages and is never published itself (governance.review
# creates it as a draft): readers get "not found", as from any draft.
NEVER_LIVE = {ArchivePage}


def _parent_model(model):
    """The first page type `model` may be created under, other than itself."""
    return next(parent for parent in model.allowed_parent_page_models() if parent is not model)


def build(model) -> Page:
    """A live page of type `model` in a tree built from its parents' factories; a page type
    that sits at the tree's root (the home page) is the one the migrations made."""
    parent_model = _parent_model(model)
    if parent_model is Page:
        return model.objects.get()
    assert model in FACTORIES, f"{model._meta.label} has no factory in tests/**/factories*.py"
    return FACTORIES[model](parent=build(parent_model), live=model not in NEVER_LIVE)


class PageAssertions(WagtailPageTestCase):
    """Wagtail's page assertions, used from pytest tests with pytest-django's client."""

    def runTest(self):  # a TestCase instance needs a test method to exist
        pass


@pytest.fixture
def wagtail(client, monkeypatch):
    """The assertions, with the state Django's and Wagtail's setUpClass would give them.
    Wagtail signs its users in with the first backend, which is axes' lockout check here
    (it finds no user): sign them in with Django's model backend instead."""
    monkeypatch.setattr(page_tests, "AUTH_BACKEND", "django.contrib.auth.backends.ModelBackend")
    assertions = PageAssertions()
    assertions.client = client
    assertions.dummy_request = get_dummy_request()
    return assertions


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True, roles=["Employees"])


def _label(model) -> str:
    return model._meta.label


@pytest.mark.parametrize("model", PAGE_MODELS, ids=_label)
def test_can_be_created_under_its_parent(wagtail, model):
    wagtail.assertCanCreateAt(_parent_model(model), model)


@pytest.mark.parametrize("model", PAGE_MODELS, ids=_label)
def test_renders(wagtail, superuser, model):
    wagtail.assertPageIsRenderable(build(model), user=superuser, accept_404=model in NEVER_LIVE)


def edit_form_data(client, page, user) -> QueryDict:
    """What the editor's form posts for `page`, read from the edit view's HTML as Wagtail
    does. Stream fields are drawn by JavaScript, so the HTML holds none of their inputs:
    each one is posted empty (every stream field of ours may be blank)."""
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    client.logout()
    data = querydict_from_html(html, form_id="page-edit-form")
    for field in type(page)._meta.get_fields():
        if isinstance(field, StreamField):
            assert field.blank, f"{field}: post its blocks here, as Wagtail's docs show"
            data[f"{field.name}-count"] = "0"
    return data


@pytest.mark.parametrize("model", PAGE_MODELS, ids=_label)
def test_is_editable(wagtail, client, superuser, model):
    page = build(model)
    data = edit_form_data(client, page, superuser)
    data["action-publish"] = ""
    wagtail.assertPageIsEditable(page, post_data=data, user=superuser)


# Previews that fail today, each a bug for the feature's owners; strict, so the fix fails
# this test until its line here goes.
PREVIEW_BUGS = {
    "brand.CampaignPage": "the campaign context reads campaign.assets.current(), which the "
    "unsaved page of a preview does not have (brand.campaigns.services.visible_assets)",
    "community.CommunityPage": "the community context filters pinned_pages by a query, which "
    "the unsaved page of a preview cannot (community.groups.services.community_context)",
    "knowledge.ArchivePage": "the archive has no template; it wants preview_modes = [] "
    "so the editor offers no preview",
}


def _previewable(model):
    bug = PREVIEW_BUGS.get(model._meta.label)
    return pytest.param(model, marks=pytest.mark.xfail(reason=bug, strict=True) if bug else ())


@pytest.mark.parametrize("model", [_previewable(model) for model in PAGE_MODELS], ids=_label)
def test_is_previewable_or_offers_no_preview(wagtail, client, superuser, model):
    page = build(model)
    if not page.preview_modes:
        assert not page.is_previewable()
        return
    data = edit_form_data(client, page, superuser)
    wagtail.assertPageIsPreviewable(page, post_data=data, user=superuser)

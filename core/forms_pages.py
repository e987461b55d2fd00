"""The page editor's form for Hearth's pages (core.models imports it: nothing it imports,
core.permissions included, may import core.models)."""

from django.contrib.auth.models import AnonymousUser
from wagtail.admin.forms import WagtailAdminPageForm

from core.permissions import may_govern, may_set_review


class GovernedPageForm(WagtailAdminPageForm):
    """The page editor's form, without the governance fields for people who may edit the
    page but not govern it (an employee in a space where everyone may edit).

    The fields leave the form itself, not only the screen: Wagtail then hides their panels,
    and a POST that names them changes nothing, because a model form only saves the fields
    it has. Which fields: the page model's `governance_fields` (governors only,
    `core.permissions.may_govern`) and `review_fields` (governors and the content owner,
    `may_set_review`). The values kept are the page's latest revision's, not the
    instance's: restoring an old revision must not bring back its old settings either.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user or AnonymousUser()
        model = type(self.instance)
        if self.instance.path:
            page, review_rule = self.instance, may_set_review
        else:  # a new page: governed like its parent, and it has no content owner yet
            page, review_rule = self.parent_page, may_govern
        withheld = []
        rules = [
            (getattr(model, "governance_fields", ()), may_govern),
            (getattr(model, "review_fields", ()), review_rule),
        ]
        for names, rule in rules:
            present = [name for name in names if name in self.fields]
            if present and (page is None or not rule(user, page)):
                withheld += present
        for name in withheld:
            del self.fields[name]
        if withheld and self.instance.pk:
            self._keep_stored(withheld)

    def _keep_stored(self, names: list[str]) -> None:
        stored = type(self.instance).objects.get(pk=self.instance.pk)
        latest = stored.get_latest_revision_as_object()
        for name in names:
            field = self.instance._meta.get_field(name)
            if field.many_to_many:
                setattr(self.instance, name, list(getattr(latest, name).all()))
            else:
                setattr(self.instance, field.attname, getattr(latest, field.attname))

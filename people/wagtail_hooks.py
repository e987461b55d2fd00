from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from people.models import Department, Location, Profile, time_zone_choices


class ProfileViewSet(SnippetViewSet):
    model = Profile
    icon = "user"
    menu_label = _("Profiles")
    list_display = ["name", "job_title", "department", "level", "location"]
    list_filter = ["department", "level", "location"]
    # None: the profile's own indexed fields (name, job title, bio, the person's names);
    # a search backend cannot search "user__username" (that was a 500).
    search_fields = None
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("display_name"),
                FieldPanel("pronouns"),
                FieldPanel("job_title"),
                FieldPanel("expertise"),
                FieldPanel("ask_me_about"),
                FieldPanel("bio"),
                FieldPanel("photo"),
                FieldPanel("time_zone", widget=forms.Select(choices=time_zone_choices())),
            ],
            heading=_("About"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("department"),
                FieldPanel("level"),
                FieldPanel("location"),
                FieldPanel("manager"),
                FieldPanel("employee_id"),
                FieldPanel("start_date"),
                FieldPanel("leave_date"),
            ],
            heading=_("Organisation (owned by HR)"),
        ),
    ]

    def get_queryset(self, request):
        return Profile.objects.with_org()


class DepartmentViewSet(SnippetViewSet):
    model = Department
    icon = "group"


class LocationViewSet(SnippetViewSet):
    model = Location
    icon = "site"


class PeopleViewSetGroup(SnippetViewSetGroup):
    items = (ProfileViewSet, DepartmentViewSet, LocationViewSet)
    menu_icon = "group"
    menu_label = _("People")
    menu_name = "people"


register_snippet(PeopleViewSetGroup)


# The audit log ---------------------------------------------------------------------------


@hooks.register("register_log_actions")
def register_people_log_actions(actions):
    actions.register_action(
        "hearth.people.profile_edit", _("Edit own profile"), _("Edited their own profile")
    )
    actions.register_action(
        "hearth.people.import", _("Import from HR"), _("Created or updated by the HR import")
    )

"""Forms of guests' pinholes (shape only: `governance.guests.services` checks permission
and rules)."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.guests import services as guests


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class InviteForm(forms.Form):
    READ = "read"
    COMMENT = "comment"

    email = forms.EmailField(
        label=_("Their email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "data-testid": "guest-email"}),
    )
    name = forms.CharField(
        label=_("Their name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"data-testid": "guest-name"}),
    )
    spaces = forms.ModelMultipleChoiceField(
        label=_("Spaces they may see"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple(attrs={"data-testid": "guest-spaces"}),
        error_messages={"required": _("Choose at least one space.")},
    )
    access = forms.ChoiceField(
        label=_("What they may do"),
        choices=[(READ, _("Read only")), (COMMENT, _("Read and comment"))],
        initial=READ,
        widget=forms.RadioSelect(attrs={"data-testid": "guest-access"}),
    )
    expires_on = forms.DateField(
        label=_("Access until (inclusive)"),
        widget=DateInput(attrs={"data-testid": "guest-expires"}),
    )

    def __init__(self, owner, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["spaces"].queryset = guests.manageable_spaces(owner).order_by("title")
        today = timezone.localdate()
        latest = today + timedelta(days=guests.max_days())
        self.fields["expires_on"].help_text = _("At most %(days)d days from today.") % {
            "days": guests.max_days()
        }
        self.fields["expires_on"].widget.attrs.update(
            {"min": (today + timedelta(days=1)).isoformat(), "max": latest.isoformat()}
        )
        self.fields["expires_on"].initial = today + timedelta(days=min(30, guests.max_days()))

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        latest = today + timedelta(days=guests.max_days())
        if day <= today:
            raise forms.ValidationError(_("Choose a date after today."), code="expiry_past")
        if day > latest:
            raise forms.ValidationError(
                _("Guest access may last at most %(days)d days: until %(latest)s at the latest.")
                % {"days": guests.max_days(), "latest": latest.isoformat()},
                code="expiry_max",
            )
        return day

    @property
    def access_expires_at(self):
        return guests.end_of_day(self.cleaned_data["expires_on"])


def _password_field(label, testid: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "data-testid": testid}),
    )


class AcceptForm(forms.Form):
    """Accepting an invite: a new guest chooses a password (twice); a guest who already
    has an account gives their current one."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name", "data-testid": "accept-name"}),
    )
    password1 = _password_field(_("Choose a password"), "accept-password")
    password2 = _password_field(_("The same password again"), "accept-password2")

    def __init__(self, *args, existing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing = existing
        if existing:
            del self.fields["name"]
            del self.fields["password2"]
            self.fields["password1"].label = _("Your current password")
            self.fields["password1"].widget.attrs["autocomplete"] = "current-password"

    def clean(self):
        data = super().clean()
        if not self.existing:
            first, second = data.get("password1"), data.get("password2")
            if first and second and first != second:
                self.add_error("password2", _("The two passwords differ."))
        return data

"""Forms for the people pages: editing one's own profile, filtering the directory."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from taggit.utils import parse_tags
from wagtail.images.fields import WagtailImageField

from people.models import Department, Location, Profile, time_zone_choices
from people.services import EDITABLE_FIELDS, PHOTO_MAX_BYTES, Crop, crop_of, validate_photo

MAX_EXPERTISE = 20
MAX_TAG_LENGTH = 60


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; HR fields are simply not here."""

    expertise = forms.CharField(
        label=_("Expertise"),
        required=False,
        max_length=1000,
        help_text=_("Topics colleagues can ask you about, separated by commas."),
    )
    photo_upload = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("A JPEG, PNG, WebP or GIF image, at most 5 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)
    # The square of the photo avatars show (people.services.Crop). Number boxes work
    # without JavaScript; people/crop.js lets a person drag the square on the photo.
    crop_x = forms.IntegerField(
        label=_("Centre, from the left (%)"), required=False, min_value=0, max_value=100
    )
    crop_y = forms.IntegerField(
        label=_("Centre, from the top (%)"), required=False, min_value=0, max_value=100
    )
    crop_size = forms.IntegerField(
        label=_("Size of the square (% of the shorter side)"),
        required=False,
        min_value=10,
        max_value=100,
    )

    class Meta:
        model = Profile
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "time_zone": forms.Select(choices=time_zone_choices()),
            "phone_visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["expertise"] = ", ".join(sorted(self.instance.expertise.names()))
            crop = crop_of(self.instance.photo if self.instance.photo_id else None)
            self.initial.update(crop_x=crop.x, crop_y=crop.y, crop_size=crop.size)
        self.fields["time_zone"].widget.choices = time_zone_choices()

    def clean_expertise(self) -> list[str]:
        names = [" ".join(name.split()) for name in parse_tags(self.cleaned_data["expertise"])]
        names = [name for name in names if name]
        if len(names) > MAX_EXPERTISE:
            raise forms.ValidationError(
                _("List at most %(max)d topics."), params={"max": MAX_EXPERTISE}
            )
        too_long = [name for name in names if len(name) > MAX_TAG_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Keep each topic under %(max)d characters."), params={"max": MAX_TAG_LENGTH}
            )
        # Reuse the spelling of a tag that exists already ("Python", not a second "python").
        match = Q()
        for name in names:
            match |= Q(name__iexact=name)
        existing = (
            {tag.lower(): tag for tag in Tag.objects.filter(match).values_list("name", flat=True)}
            if names
            else {}
        )
        unique: dict[str, str] = {}
        for name in names:
            unique.setdefault(name.lower(), existing.get(name.lower(), name))
        return list(unique.values())

    def crop(self) -> Crop | None:
        """The square chosen (all three numbers given), or None."""
        values = [self.cleaned_data.get(name) for name in ("crop_x", "crop_y", "crop_size")]
        if any(value is None for value in values):
            return None
        return Crop(*values)

    def clean_photo_upload(self):
        upload = self.cleaned_data.get("photo_upload")
        if upload:
            if upload.size > PHOTO_MAX_BYTES:
                raise forms.ValidationError(_("The photo is too large: the limit is 5 MB."))
            validate_photo(upload)
            # Then Wagtail's own checks for an image it will keep (extension, file size and
            # pixel count against WAGTAILIMAGES_* settings: no decompression bomb).
            WagtailImageField(required=False).clean(upload)
            upload.seek(0)
        return upload


class DirectoryForm(forms.Form):
    """The directory's filters (GET). Unknown values are errors, shown next to the field."""

    q = forms.CharField(label=_("Name or job title"), required=False, max_length=100)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False,
        empty_label=_("Any department"),
    )  # fmt: skip
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.all(), required=False,
        empty_label=_("Any location"),
    )  # fmt: skip
    expertise = forms.SlugField(label=_("Expertise"), required=False, max_length=100)
    manager = forms.CharField(required=False, max_length=150, widget=forms.HiddenInput)

    def clean_q(self) -> str:
        return self.cleaned_data["q"].replace("\x00", " ").strip()

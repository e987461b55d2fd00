"""The asset library at /brand/assets/: browse, search, filter by collection, download."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from brand.assets import services as service
from brand.assets.models import BrandAsset
from core.policy import Action, policy

PER_PAGE = 24


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by title"), max_length=200, required=False)
    collection = forms.ModelChoiceField(
        label=_("Collection"),
        queryset=None,
        required=False,
        empty_label=_("All collections"),
        error_messages={"invalid_choice": _("There is no such collection in the library.")},
    )

    def __init__(self, *args, collections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collection"].queryset = collections


def _not_found(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "brand/assets/not_found.html", {"message": message}, status=404)


@require_GET
def asset_list(request: HttpRequest) -> HttpResponse:
    if not policy.user_has_permission(request.user, Action.STAFF):
        raise Http404
    form = LibraryFilterForm(request.GET or None, collections=service.brand_collections(request))
    status = 200
    text, collection = "", None
    if form.is_bound:
        if form.is_valid():
            text = form.cleaned_data["q"].strip()
            collection = form.cleaned_data["collection"]
        else:
            status = 400
    assets = (
        service.library(request, text=text, collection=collection)
        if status == 200
        else BrandAsset.objects.none()
    )
    page_obj = Paginator(assets, PER_PAGE).get_page(request.GET.get("page"))
    params = {"q": text, "collection": collection.pk if collection else ""}
    context = {
        "form": form,
        "page_obj": page_obj,
        "cards": service.cards(page_obj.object_list),
        "params": urlencode({key: value for key, value in params.items() if value}),
        "filtered": bool(text or collection),
    }
    return render(request, "brand/assets/list.html", context, status=status)


@require_GET
def download(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    try:
        prepared = service.prepare_download(request, pk, size)
    except BrandAsset.DoesNotExist:
        return _not_found(request)
    except service.UnknownSize as unknown:
        return _not_found(request, str(unknown))
    except service.AssetExpired as expired:
        return render(request, "brand/assets/expired.html", {"asset": expired.asset}, status=410)
    if prepared.redirect_url:
        return redirect(prepared.redirect_url)
    return FileResponse(prepared.file, as_attachment=True, filename=prepared.filename)

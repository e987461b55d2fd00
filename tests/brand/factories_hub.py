"""Factories for the brand hub: hub and guideline pages, images, documents, assets."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction

from brand.models import BrandAsset, BrandGuidelinePage, BrandHubPage
from tests.factories import index_page_factory


def root_collection() -> Collection:
    return Collection.get_first_root_node()


def collection(name: str) -> Collection:
    root = root_collection()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def private_collection(name: str, groups) -> Collection:
    """A collection only members of `groups` may see (a Wagtail view restriction)."""
    private = collection(name)
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set(groups)
    return private


class ImageFactory(wagtail_factories.ImageFactory):
    title = factory.Sequence(lambda n: f"Brand image {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.django.ImageField(width=64, height=48, color="#1f5f8b")


class DocumentFactory(wagtail_factories.DocumentFactory):
    title = factory.Sequence(lambda n: f"Brand document {n}")
    collection = factory.LazyFunction(root_collection)
    file = factory.django.FileField(filename="guide.pdf", data=b"%PDF-1.4 brand guide")


class BrandAssetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BrandAsset

    title = factory.Sequence(lambda n: f"Asset {n}")
    description = "A file for the brand library."
    image = factory.SubFactory(ImageFactory)
    usage_rights = "Internal use only."
    expires_on = None


class DocumentAssetFactory(BrandAssetFactory):
    image = None
    document = factory.SubFactory(DocumentFactory)


def yesterday() -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=1)


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


BrandHubPageFactory = index_page_factory(BrandHubPage, "Brand hub", "brand-hub")


def colour(name: str, hex_value: str, cmyk: str = "", usage: str = "") -> dict:
    return {"name": name, "hex": hex_value, "cmyk": cmyk, "usage": usage}


def palette_block(*colours: dict, heading: str = "Colours") -> dict:
    return {"type": "palette", "value": {"heading": heading, "colours": list(colours)}}


def typeface_block(font="Inter", weights="400, 700", sample="Warm words, clear type") -> dict:
    return {
        "type": "typeface",
        "value": {"font": font, "role": "Headings", "weights": weights, "sample": sample},
    }


def tone_block(principle: str, pairs: list[tuple[str, str]]) -> dict:
    return {
        "type": "tone",
        "value": {
            "principle": principle,
            "explanation": "How we sound.",
            "examples": [{"do": do, "dont": dont} for do, dont in pairs],
        },
    }


def logo_block(logo, misuse: list[tuple[object, str]]) -> dict:
    return {
        "type": "logo_usage",
        "value": {
            "logo": logo.pk,
            "clear_space": "The height of the H on every side.",
            "minimum_size": "24 px wide on screen",
            "misuse": [{"image": image.pk, "caption": caption} for image, caption in misuse],
        },
    }


class BrandGuidelinePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = BrandGuidelinePage

    title = factory.Sequence(lambda n: f"Guideline {n}")
    listing_summary = "How we use the brand."
    body = factory.LazyFunction(
        lambda: [palette_block(colour("Harbour blue", "#1f5f8b", "78 32 0 45", "Links"))]
    )

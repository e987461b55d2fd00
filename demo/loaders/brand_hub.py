"""Demo content: the brand hub (four guidelines) and the asset library.

Every image is drawn here with Pillow and both documents are written here: nothing is
downloaded. Idempotent (pages by slug, images, documents and assets by title) and
deterministic (a seeded random for the download counts).
"""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from brand.models import AssetDownload, BrandAsset, BrandGuidelinePage, BrandHubPage
from core.models import BrandSettings, User
from core.site_pages import publish_as
from demo.content import read_yaml
from home.models import HomePage

_DATA = read_yaml("brand_hub.yaml")
PALETTE, TONE_PAIRS = _DATA["palette"], _DATA["tone_pairs"]

COLLECTION = "Brand"
EVENTS_COLLECTION = "Brand · Events"

PRIMARY, SECONDARY = PALETTE[0]["hex"], PALETTE[1]["hex"]


def _rgb(hex_value: str) -> tuple[int, int, int]:
    digits = hex_value.lstrip("#")
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


# Drawing --------------------------------------------------------------------------------------
def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)  # fast; the files are small
    return buffer.getvalue()


def _logo(
    background: str = "#ffffff", mark: str = PRIMARY, text: str = "#1b1f23", size=(1600, 640)
):
    """The Fernway logo: a flame in a circle beside the word mark (drawn, not a font file)."""

    height = size[1]
    image = Image.new("RGB", size, _rgb(background))
    draw = ImageDraw.Draw(image)
    radius = height // 3
    cx, cy = height // 2, height // 2
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=_rgb(mark))
    flame = [
        (cx, cy - radius * 0.7),
        (cx + radius * 0.45, cy + radius * 0.1),
        (cx + radius * 0.25, cy + radius * 0.55),
        (cx - radius * 0.25, cy + radius * 0.55),
        (cx - radius * 0.45, cy + radius * 0.1),
    ]
    draw.polygon(flame, fill=_rgb(background))
    try:
        font = ImageFont.load_default(size=height // 4)
    except TypeError:  # Pillow without FreeType
        font = ImageFont.load_default()
    draw.text((height, height // 2), "Fernway", fill=_rgb(text), font=font, anchor="lm")
    return image


def _tile(hex_value: str, name: str):
    image = Image.new("RGB", (1200, 1200), _rgb(hex_value))
    draw = ImageDraw.Draw(image)
    dark = sum(_rgb(hex_value)) < 380
    ink = (255, 255, 255) if dark else (27, 31, 35)
    try:
        font = ImageFont.load_default(size=72)
    except TypeError:
        font = ImageFont.load_default()
    draw.text((60, 1040), f"{name}  {hex_value}", fill=ink, font=font)
    return image


def _pattern(kind: str, seed: int | str | None = None):
    rng = random.Random(kind if seed is None else seed)  # noqa: S311 - a drawing, not security
    image = Image.new("RGB", (2400, 1200), _rgb("#f4f5f7"))
    draw = ImageDraw.Draw(image)
    colours = [_rgb(colour["hex"]) for colour in PALETTE[:4]]
    if kind == "stripes":
        for n, x in enumerate(range(-1200, 2400, 160)):
            draw.polygon(
                [(x, 0), (x + 80, 0), (x + 1280, 1200), (x + 1200, 1200)],
                fill=colours[n % len(colours)],
            )
    elif kind == "dots":
        for y in range(60, 1200, 120):
            for x in range(60, 2400, 120):
                r = rng.randint(12, 44)
                draw.ellipse((x - r, y - r, x + r, y + r), fill=rng.choice(colours))
    else:  # waves of arcs
        for n, y in enumerate(range(-200, 1400, 90)):
            draw.arc((-400, y, 2800, y + 900), 180, 360, fill=colours[n % len(colours)], width=28)
    return image


def _misuse(kind: str):
    logo = _logo(size=(800, 320))
    if kind == "stretched":
        return logo.resize((800, 160))
    if kind == "recoloured":
        return _logo(mark="#ffd166", text="#ffd166", size=(800, 320))
    if kind == "rotated":
        return logo.rotate(20, expand=True, fillcolor=(255, 255, 255))
    busy = _pattern("dots", 3).resize((800, 400))
    busy.paste(logo.resize((600, 240)), (100, 80))
    return busy


def _pdf(title: str, lines: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and a few lines of Helvetica."""
    text = ["BT /F1 22 Tf 72 760 Td ({}) Tj ET".format(title.replace("(", "[").replace(")", "]"))]
    for number, line in enumerate(lines):
        safe = line.replace("(", "[").replace(")", "]")
        text.append(f"BT /F1 12 Tf 72 {720 - 20 * number} Td ({safe}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


# Rows -----------------------------------------------------------------------------------------
def _collection(name: str):
    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def _image(title: str, draw, collection, description: str = ""):
    Image = get_image_model()
    existing = Image.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing
    filename = title.lower().replace(" ", "-").replace(",", "") + ".png"
    image = Image(title=title, collection=collection, description=description)
    image.file = ImageFile(io.BytesIO(_png(draw())), name=filename)
    image.save()
    return image


def _document(title: str, filename: str, content: bytes, collection):
    Document = get_document_model()
    existing = Document.objects.filter(title=title, collection=collection).first()
    if existing is not None:
        return existing
    document = Document(title=title, collection=collection)
    document.file = ContentFile(content, name=filename)
    document.save()
    return document


def _publish(parent, page, author):
    parent.add_child(instance=page)
    publish_as(page, author)  # seeding, not a person
    return page


def seed(log, password: str) -> None:
    rng = random.Random(16)  # noqa: S311 - repeatable demo data, not security
    today = timezone.localdate()
    with transaction.atomic():
        home = HomePage.objects.get()
        comms = User.objects.filter(username="comms").first()
        brand = _collection(COLLECTION)
        events = _collection(EVENTS_COLLECTION)

        # Images and documents ------------------------------------------------------------
        logos = {
            "full": _image(
                "Fernway logo, full colour",
                _logo,
                brand,
                "The Fernway logo: a blue circle with a white flame, beside the word Fernway",
            ),
            "reversed": _image(
                "Fernway logo, reversed",
                lambda: _logo(background=PRIMARY, mark="#ffffff", text="#ffffff"),
                brand,
                "The Fernway logo in white on Harbour blue",
            ),
            "mono": _image(
                "Fernway logo, black",
                lambda: _logo(mark="#000000", text="#000000"),
                brand,
                "The Fernway logo in black",
            ),
            "small": _image(
                "Fernway mark",
                lambda: _logo(size=(640, 640)).crop((0, 0, 640, 640)),
                brand,
                "The Fernway flame mark on its own",
            ),
        }
        tiles = [
            _image(
                f"Colour tile, {colour['name']}",
                lambda c=colour: _tile(c["hex"], c["name"]),
                brand,
                "",
            )
            for colour in PALETTE[:4]
        ]
        patterns = {
            kind: _image(f"Pattern, {kind}", lambda k=kind: _pattern(k), events, "")
            for kind in ("stripes", "dots", "waves")
        }
        misuse = {
            kind: _image(f"Logo misuse, {kind}", lambda k=kind: _misuse(k), brand, "")
            for kind in ("stretched", "recoloured", "rotated", "busy")
        }
        book = _document(
            "Fernway brand book",
            "fernway-brand-book.pdf",
            _pdf(
                "Fernway brand book",
                [
                    "Our palette, type and tone of voice on one page.",
                    f"Primary colour: Harbour blue {PRIMARY}. Secondary: Ember {SECONDARY}.",
                    "Keep clear space of one H around the logo; never below 24 px wide.",
                ],
            ),
            brand,
        )
        cheat_sheet = _document(
            "Tone of voice cheat sheet",
            "tone-of-voice.txt",
            "\n".join(f"DO: {pair['do']}\nDON'T: {pair['dont']}\n" for pair in TONE_PAIRS).encode(),
            brand,
        )

        # Assets ----------------------------------------------------------------------------
        images = {f"logo/{key}": image for key, image in logos.items()}
        images.update({f"tile/{number}": tile for number, tile in enumerate(tiles, start=1)})
        images.update({f"pattern/{key}": image for key, image in patterns.items()})
        images.update({f"misuse/{key}": image for key, image in misuse.items()})
        documents = {"book": book, "cheat_sheet": cheat_sheet}
        specs = [
            (
                spec["title"],
                images.get(spec.get("image")),
                documents.get(spec.get("document")),
                spec["rights"],
                today + timedelta(days=spec["expires_in_days"])
                if "expires_in_days" in spec
                else None,
            )
            for spec in _DATA["assets"]
        ]
        made = 0
        for title, image, document, rights, expires_on in specs:
            asset = BrandAsset.objects.filter(title=title).first()
            if asset is None:
                asset = BrandAsset.objects.create(
                    title=title,
                    description=f"{title} from the Fernway brand library.",
                    image=image,
                    document=document,
                    usage_rights=rights,
                    expires_on=expires_on,
                )
                made += 1
                staff = list(User.objects.filter(is_active=True).order_by("pk")[:40])
                if staff:
                    AssetDownload.objects.bulk_create(
                        AssetDownload(
                            asset=asset,
                            user=rng.choice(staff),
                            size=rng.choice(["original", "web-png", "large-jpeg"]),
                            downloaded_at=timezone.now() - timedelta(days=rng.randint(0, 60)),
                        )
                        for _ in range(rng.randint(0, 25))
                    )

        # Pages -----------------------------------------------------------------------------
        hub = BrandHubPage.objects.child_of(home).first()
        if hub is None:
            hub = _publish(
                home,
                BrandHubPage(show_in_menus=True, content_owner=comms, owner=comms, **_DATA["hub"]),
                comms,
            )
        guidelines = [
            (spec["slug"], spec["title"], spec["summary"], _with_ids(spec["body"], images))
            for spec in _DATA["guidelines"]
        ]
        for slug, title, summary, body in guidelines:
            if BrandGuidelinePage.objects.child_of(hub).filter(slug=slug).exists():
                continue
            _publish(
                hub,
                BrandGuidelinePage(
                    title=title,
                    slug=slug,
                    listing_summary=summary,
                    body=body,
                    content_owner=comms,
                    owner=comms,
                ),
                comms,
            )

        # The site's theme follows the palette -------------------------------------------
        settings = BrandSettings.for_site(home.get_site())
        if (settings.primary_colour, settings.secondary_colour) != (PRIMARY, SECONDARY):
            settings.primary_colour, settings.secondary_colour = PRIMARY, SECONDARY
            settings.save()
    log(
        f"brand hub with {len(guidelines)} guidelines; asset library: {made} new, "
        f"{BrandAsset.objects.count()} in all"
    )


def _with_ids(body: list[dict], images: dict) -> list[dict]:
    """The guideline's blocks with the logo_usage images' keys replaced by their ids."""
    blocks = []
    for block in body:
        value = block["value"]
        if block["type"] == "logo_usage":
            value = {
                **value,
                "logo": images[value["logo"]].pk,
                "misuse": [{**item, "image": images[item["image"]].pk} for item in value["misuse"]],
            }
        blocks.append({"type": block["type"], "value": value})
    return blocks

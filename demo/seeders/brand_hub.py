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

COLLECTION = "Brand"
EVENTS_COLLECTION = "Brand · Events"

# name, hex, CMYK, usage; Sunrise fails against white on purpose (a highlight, never text).
PALETTE = [
    ("Harbour blue", "#1f5f8b", "78 32 0 45", "Primary: links, buttons, headers"),
    ("Ember", "#b5482b", "0 60 76 29", "Secondary: accents and calls to action"),
    ("Ink", "#1b1f23", "23 11 0 86", "Body text"),
    ("Moss", "#2e7d4f", "63 0 37 51", "Success, sustainability stories"),
    ("Mist", "#f4f5f7", "1 1 0 3", "Page backgrounds"),
    ("Sunrise", "#ffd166", "0 18 60 0", "Highlights behind dark text only"),
]
PRIMARY, SECONDARY = PALETTE[0][1], PALETTE[1][1]

TONE_PAIRS = [
    ("We'll reply within two working days.", "Your enquiry will be actioned in due course."),
    ("Book a desk in Hearth before you come in.", "Desk reservations must be made via the system."),
    ("We got this wrong. Here's what we're changing.", "Mistakes were made."),
    ("Ask Priya in Finance: she knows expenses.", "Please liaise with the relevant stakeholder."),
]  # fmt: skip


MISUSE_CAPTIONS = {
    "stretched": "Never stretch or squash it",
    "recoloured": "Never recolour it",
    "rotated": "Never rotate it",
    "busy": "Never place it on a busy background",
}


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
    from PIL import Image, ImageDraw, ImageFont

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
    from PIL import Image, ImageDraw, ImageFont

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


def _pattern(kind: str, rng: random.Random):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (2400, 1200), _rgb("#f4f5f7"))
    draw = ImageDraw.Draw(image)
    colours = [_rgb(hex_value) for _name, hex_value, _cmyk, _usage in PALETTE[:4]]
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
    busy = _pattern("dots", random.Random(3)).resize((800, 400))  # noqa: S311 - a drawing
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
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def _image(title: str, draw, collection, description: str = ""):
    from wagtail.images import get_image_model

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
    from wagtail.documents import get_document_model

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
    revision = page.save_revision(user=author, log_action=True)
    revision.publish(user=author, skip_permission_checks=True)  # seeding, not a person
    return page


def seed(log, password: str) -> None:
    from brand.models import AssetDownload, BrandAsset, BrandGuidelinePage, BrandHubPage
    from core.models import BrandSettings, User
    from home.models import HomePage

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
            _image(f"Colour tile, {name}", lambda h=hex_value, n=name: _tile(h, n), brand, "")
            for name, hex_value, _cmyk, _usage in PALETTE[:4]
        ]
        patterns = [
            _image(f"Pattern, {kind}", lambda k=kind: _pattern(k, random.Random(k)), events, "")  # noqa: S311
            for kind in ("stripes", "dots", "waves")
        ]
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
            "\n".join(f"DO: {do}\nDON'T: {dont}\n" for do, dont in TONE_PAIRS).encode(),
            brand,
        )

        # Assets ----------------------------------------------------------------------------
        specs = [
            ("Logo, full colour", logos["full"], None, "Everyone, everywhere.", None),
            ("Logo, reversed", logos["reversed"], None, "On Harbour blue or photos.", None),
            ("Logo, black", logos["mono"], None, "Print in one colour only.", None),
            ("Flame mark", logos["small"], None, "App icons and avatars.", None),
            *[
                (tile.title, tile, None, "Slides and documents.", None)
                for tile in tiles
            ],
            ("Pattern, stripes", patterns[0], None, "Event backdrops.", None),
            (
                "Pattern, dots (2025 summer party)",
                patterns[1],
                None,
                "The 2025 summer party only; licence ended.",
                today - timedelta(days=12),
            ),
            (
                "Pattern, waves (spring campaign)",
                patterns[2],
                None,
                "Spring campaign; licence ends soon.",
                today + timedelta(days=7),
            ),
            ("Brand book (PDF)", None, book, "Staff and agencies under NDA.", None),
            ("Tone of voice cheat sheet", None, cheat_sheet, "Everyone.", None),
        ]  # fmt: skip
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
                BrandHubPage(
                    title="Brand hub",
                    slug="brand-hub",
                    show_in_menus=True,
                    listing_summary="Our colours, type, tone of voice and logo, and the files.",
                    intro="<p>Everything you need to make Fernway look and sound like Fernway: "
                    "the guidelines, and the <b>asset library</b> with files ready to use.</p>",
                    content_owner=comms,
                    owner=comms,
                ),
                comms,
            )
        guidelines = _guidelines(logos, misuse)
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


def _guidelines(logos, misuse) -> list[tuple[str, str, str, list[dict]]]:
    def paragraph(html: str) -> dict:
        return {"type": "paragraph", "value": html}

    return [
        (
            "colour",
            "Colour palette",
            "Six colours, their codes for screen and print, and where each may carry text.",
            [
                paragraph(
                    "<p>Harbour blue leads; Ember accents. Check the contrast before you "
                    "put text on a colour: Sunrise is for highlights behind dark text only.</p>"
                ),
                {
                    "type": "palette",
                    "value": {
                        "heading": "Our palette",
                        "colours": [
                            {"name": name, "hex": hex_value, "cmyk": cmyk, "usage": usage}
                            for name, hex_value, cmyk, usage in PALETTE
                        ],
                    },
                },
            ],
        ),
        (
            "typography",
            "Typography",
            "Our typefaces, the weights we use, and what they look like.",
            [
                {
                    "type": "typeface",
                    "value": {
                        "font": "Inter",
                        "role": "Headings and interface",
                        "weights": "400, 600, 700",
                        "sample": "Knowledge, kept warm",
                    },
                },
                {
                    "type": "typeface",
                    "value": {
                        "font": "Source Serif 4",
                        "role": "Long reads and quotes",
                        "weights": "400, 600",
                        "sample": "The quick brown fox jumps over the lazy dog",
                    },
                },
                {
                    "type": "typeface",
                    "value": {
                        "font": "JetBrains Mono",
                        "role": "Code and numbers in tables",
                        "weights": "400",
                        "sample": "0123456789 → 1,250.00 EUR",
                    },
                },
            ],
        ),
        (
            "tone-of-voice",
            "Tone of voice",
            "How Fernway sounds: plain, warm, direct. Four examples to copy.",
            [
                {
                    "type": "tone",
                    "value": {
                        "principle": "Plain, warm and direct",
                        "explanation": "Write as you would speak to a colleague you respect: "
                        "short sentences, active verbs, no jargon.",
                        "examples": [{"do": do, "dont": dont} for do, dont in TONE_PAIRS],
                    },
                }
            ],
        ),
        (
            "logo-usage",
            "Logo usage",
            "Clear space, minimum size, and the mistakes to avoid.",
            [
                {
                    "type": "logo_usage",
                    "value": {
                        "logo": logos["full"].pk,
                        "clear_space": "Keep the height of the flame mark clear on every side.",
                        "minimum_size": "24 px wide on screen, 10 mm in print.",
                        "misuse": [
                            {"image": misuse[kind].pk, "caption": caption}
                            for kind, caption in MISUSE_CAPTIONS.items()
                        ],
                    },
                }
            ],
        ),
    ]  # fmt: skip

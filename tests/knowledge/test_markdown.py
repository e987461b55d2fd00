"""Markdown folders into a space and back out: pages, hierarchy, blocks, links, images,
re-import, the round trip, bad input and the two management commands."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import strip_tags
from PIL import Image
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex, Revision

from knowledge.markdown import (
    CHANGE_NOTE,
    FrontMatterError,
    Status,
    export_space,
    format_front_matter,
    import_folder,
    importer,
    markdown_to_blocks,
    split_front_matter,
)
from knowledge.models import Kind, KnowledgePage
from tests.factories import KnowledgeIndexPageFactory, SpacePageFactory, UserFactory

WELCOME = """---
title: Welcome to Hearth
tags: [onboarding, "first day"]
owner: alice
summary: Where to start on your first day.
kind: guide
---
# Welcome to Hearth

Start with the **VPN guide**: read [Connect to the VPN](guides/vpn.md) first,
then *ask* on [the forum](https://forum.example.com/t?id=1). Run `whoami`.

## Before you start

- Collect your laptop
- Sign the forms:
  1. Contract
  2. Equipment

> Nobody knows everything on day one.

```py
print("hello")
```

| Room | Floor |
| --- | --- |
| Kitchen | 2 |
| Library | 3 |

![Office map](images/map.png "Ground floor")

### Details

<script>alert("x")</script> and <b onclick="steal()">html</b> stay text.
"""

GUIDES_INDEX = """---
title: Guides
owner: bob
kind: reference
---
Step-by-step guides for the tools we use.
"""

VPN = """# Connect to the VPN

Back to [the welcome page](../welcome.md). See also [leave](../policies/leave.md#rules).

```bash
vpn connect
```
"""

LEAVE = """---
title: Annual leave
tags:
  - hr
  - leave
owner: bob
kind: policy
---
You get 25 days. Ask your manager in [the guides](/guides/).
"""


def png(colour: str = "red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), colour).save(buffer, "PNG")
    return buffer.getvalue()


def write(folder: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def alice(db):
    return UserFactory(username="alice")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob")


@pytest.fixture
def index(home):
    return KnowledgeIndexPageFactory(parent=home)


@pytest.fixture
def space(index):
    return SpacePageFactory(parent=index, title="Handbook", slug="handbook")


@pytest.fixture
def other_space(index):
    return SpacePageFactory(parent=index, title="Copy", slug="copy")


@pytest.fixture
def handbook(tmp_path, alice, bob):
    return write(
        tmp_path / "handbook",
        {
            "welcome.md": WELCOME,
            "guides/index.md": GUIDES_INDEX,
            "guides/vpn.md": VPN,
            "policies/leave.md": LEAVE,
            "images/map.png": png(),
        },
    )


def child(parent, slug: str) -> KnowledgePage:
    return KnowledgePage.objects.child_of(parent).get(slug=slug)


def revisions(page) -> int:
    return Revision.page_revisions.filter(object_id=str(page.pk)).count()


def results(report) -> dict[str, tuple[Status, str]]:
    return {result.path: (result.status, result.reason) for result in report.results}


def import_files(folder: Path, files: dict[str, str | bytes], space):
    """Write `files` into `folder` and import it into `space`: the report, and each file's
    (status, reason)."""
    report = import_folder(write(folder, files), space)
    return report, results(report)


# Import -----------------------------------------------------------------------------------


def test_a_folder_becomes_pages_in_the_space_with_folders_as_parents(space, handbook, alice, bob):
    report = import_folder(handbook, space)

    assert results(report) == {
        "guides/index.md": (Status.IMPORTED, ""),
        "guides/vpn.md": (Status.IMPORTED, ""),
        "policies/": (Status.IMPORTED, ""),
        "policies/leave.md": (Status.IMPORTED, ""),
        "welcome.md": (Status.IMPORTED, ""),
    }
    assert sorted(KnowledgePage.objects.child_of(space).values_list("slug", flat=True)) == [
        "guides",
        "policies",
        "welcome",
    ]
    welcome = child(space, "welcome")
    assert welcome.live
    assert welcome.title == "Welcome to Hearth"
    assert sorted(welcome.tags.names()) == ["first day", "onboarding"]
    assert welcome.content_owner == alice
    assert welcome.listing_summary == "Where to start on your first day."
    assert welcome.kind == Kind.GUIDE

    guides = child(space, "guides")
    assert (guides.title, guides.kind, guides.content_owner) == ("Guides", Kind.REFERENCE, bob)
    vpn = child(guides, "vpn")
    assert vpn.title == "Connect to the VPN"  # the h1, as there is no front matter
    assert vpn.content_owner is None
    policies = child(space, "policies")
    assert policies.title == "Policies"  # no index.md: titled from the folder name
    leave = child(policies, "leave")
    assert (leave.title, leave.kind, sorted(leave.tags.names())) == (
        "Annual leave",
        Kind.POLICY,
        ["hr", "leave"],
    )

    revision = welcome.live_revision
    assert revisions(welcome) == 1
    assert revision.user == alice
    assert revision.content["change_note"] == CHANGE_NOTE


def test_markdown_becomes_the_bodys_blocks(space, handbook):
    import_folder(handbook, space)
    welcome = child(space, "welcome")
    vpn = child(child(space, "guides"), "vpn")
    blocks = [(block.block_type, block.value) for block in welcome.body]

    assert [kind for kind, _ in blocks] == [
        "paragraph",
        "heading",
        "paragraph",
        "code",
        "table",
        "image",
        "heading",
        "paragraph",
    ]
    # The h1 repeating the front-matter title is not kept as a heading.
    assert blocks[1][1]["text"] == "Before you start" and blocks[1][1]["level"] == "h2"
    assert blocks[6][1]["text"] == "Details" and blocks[6][1]["level"] == "h3"

    intro = blocks[0][1].source
    assert "<b>VPN guide</b>" in intro and "<i>ask</i>" in intro
    assert "<code>whoami</code>" in intro
    assert f'<a linktype="page" id="{vpn.pk}">Connect to the VPN</a>' in intro
    assert '<a href="https://forum.example.com/t?id=1">the forum</a>' in intro

    lists = blocks[2][1].source
    assert lists == (
        "<ul><li>Collect your laptop</li><li>Sign the forms:<ol><li>Contract</li>"
        "<li>Equipment</li></ol></li></ul>"
        "<blockquote><p>Nobody knows everything on day one.</p></blockquote>"
    )
    code = blocks[3][1]
    assert (code["language"], code["code"], code["caption"]) == ("python", 'print("hello")', "")
    table = blocks[4][1]
    assert table["data"] == [["Room", "Floor"], ["Kitchen", "2"], ["Library", "3"]]
    assert table["first_row_is_table_header"] is True
    image = blocks[5][1]
    assert isinstance(image["image"], get_image_model())
    assert (image["image"].width, image["image"].height) == (8, 6)
    assert (image["alt_text"], image["caption"]) == ("Office map", "Ground floor")

    # Raw HTML is shown as text, never as markup.
    assert blocks[7][1].source == (
        '<p>&lt;script&gt;alert("x")&lt;/script&gt; and &lt;b onclick="steal()"&gt;html&lt;/b&gt;'
        " stay text.</p>"
    )


def test_links_between_files_are_page_links_the_reference_index_sees(space, handbook):
    import_folder(handbook, space)
    welcome = child(space, "welcome")
    policies = child(space, "policies")
    guides = child(space, "guides")
    vpn = child(guides, "vpn")
    leave = child(policies, "leave")

    vpn_html = vpn.body[0].value.source
    assert f'<a linktype="page" id="{welcome.pk}">the welcome page</a>' in vpn_html
    assert f'<a linktype="page" id="{leave.pk}">leave</a>' in vpn_html
    # "/guides/" is read from the top of the folder and leads to the folder's page.
    assert f'<a linktype="page" id="{guides.pk}">' in leave.body[0].value.source
    assert vpn.body[1].value["language"] == "bash"

    assert ReferenceIndex.get_references_to(vpn).filter(object_id=str(welcome.pk)).exists()
    assert ReferenceIndex.get_references_to(leave).filter(object_id=str(vpn.pk)).exists()


def test_a_reader_sees_the_imported_page_with_its_link_and_image(space, handbook, employee_client):
    import_folder(handbook, space)
    welcome = child(space, "welcome")
    vpn = child(child(space, "guides"), "vpn")

    response = employee_client.get(welcome.url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{vpn.url}"' in html
    assert 'alt="Office map"' in html
    assert "Before you start" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html


def test_importing_again_updates_only_what_changed(space, handbook, alice):
    import_folder(handbook, space)
    welcome, vpn = child(space, "welcome"), child(child(space, "guides"), "vpn")
    leave = child(child(space, "policies"), "leave")
    pages, images = KnowledgePage.objects.count(), get_image_model().objects.count()

    again = import_folder(handbook, space)

    assert {result.status for result in again.results} == {Status.UNCHANGED}
    assert KnowledgePage.objects.count() == pages
    assert get_image_model().objects.count() == images
    assert (revisions(welcome), revisions(vpn), revisions(leave)) == (1, 1, 1)

    (handbook / "guides" / "vpn.md").write_text(VPN.replace("vpn connect", "vpn up"))
    (handbook / "policies" / "leave.md").write_text(
        LEAVE.replace("owner: bob", "owner: alice").replace("25 days", "30 days")
    )
    third = import_folder(handbook, space)

    assert results(third)["guides/vpn.md"] == (Status.UPDATED, "")
    assert results(third)["policies/leave.md"] == (Status.UPDATED, "")
    assert results(third)["welcome.md"] == (Status.UNCHANGED, "")
    assert KnowledgePage.objects.count() == pages
    assert (revisions(welcome), revisions(vpn), revisions(leave)) == (1, 2, 2)
    vpn.refresh_from_db()
    leave.refresh_from_db()
    assert vpn.body[1].value["code"] == "vpn up"
    assert "30 days" in leave.body[0].value.source
    assert leave.content_owner == alice
    assert leave.live_revision.content["change_note"] == CHANGE_NOTE


def test_a_new_file_that_links_back_is_linked_both_ways_on_reimport(space, handbook):
    import_folder(handbook, space)
    write(handbook, {"guides/wifi.md": "# Wi-Fi\n\nNeeds the [VPN](vpn.md)."})
    (handbook / "welcome.md").write_text(WELCOME + "\nAnd [Wi-Fi](guides/wifi.md).\n")

    report = import_folder(handbook, space)

    assert results(report)["guides/wifi.md"] == (Status.IMPORTED, "")
    assert results(report)["welcome.md"] == (Status.UPDATED, "")
    wifi = child(child(space, "guides"), "wifi")
    assert revisions(wifi) == 1
    welcome = child(space, "welcome")
    assert f'<a linktype="page" id="{wifi.pk}">Wi-Fi</a>' in welcome.body[-1].value.source


# Round trip ------------------------------------------------------------------------------


def _page_tree(space) -> dict[str, KnowledgePage]:
    """Pages by their path of slugs below the space."""
    pages = {}
    for page in KnowledgePage.objects.descendant_of(space):
        slugs = [a.slug for a in page.get_ancestors(inclusive=True) if a.depth > space.depth]
        pages["/".join(slugs)] = page
    return pages


def _comparable(page, paths: dict[int, str]) -> dict:
    """What must survive the round trip; page ids become paths and images their content,
    since both differ between the two spaces."""

    def link(match):
        return f"page:{paths[int(match.group(1))]}"

    body = []
    for block in page.body:
        value = block.value
        if block.block_type == "paragraph":
            value = re.sub(r'linktype="page" id="(\d+)"', link, value.source)
        elif block.block_type == "image":
            value = (value["image"].get_file_hash(), value["alt_text"], value["caption"])
        elif block.block_type == "heading":
            value = (value["text"], value["level"])
        elif block.block_type in ("code", "table"):
            value = dict(value)
        body.append((block.block_type, value))
    return {
        "title": page.title,
        "tags": sorted(page.tags.names()),
        "owner": page.content_owner_id,
        "summary": page.listing_summary,
        "kind": page.kind,
        "body": body,
        "text": " ".join(strip_tags(str(page.body)).split()),
    }


def test_import_export_import_gives_the_same_pages(space, other_space, handbook, tmp_path):
    import_folder(handbook, space)
    archive = io.BytesIO()

    export = export_space(space, archive)

    assert export.pages == 5 and export.images == 1
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist())
        opened.extractall(tmp_path / "exported")
        welcome_md = opened.read("welcome.md").decode()
        vpn_md = opened.read("guides/vpn.md").decode()
    image_name = next(name for name in names if name.startswith("_images/"))
    assert names == {
        "welcome.md",
        "guides/index.md",
        "guides/vpn.md",
        "policies/index.md",
        "policies/leave.md",
        image_name,
    }
    assert welcome_md.startswith("---\ntitle: Welcome to Hearth\n")
    assert "owner: alice" in welcome_md and "kind: guide" in welcome_md
    assert "[Connect to the VPN](guides/vpn.md)" in welcome_md
    assert f'![Office map]({image_name} "Ground floor")' in welcome_md
    assert "[the welcome page](../welcome.md)" in vpn_md

    second = import_folder(tmp_path / "exported", other_space)

    assert {result.status for result in second.results} == {Status.IMPORTED}
    first_pages, second_pages = _page_tree(space), _page_tree(other_space)
    assert set(first_pages) == set(second_pages)
    first_paths = {page.pk: path for path, page in first_pages.items()}
    second_paths = {page.pk: path for path, page in second_pages.items()}
    for path, page in first_pages.items():
        assert _comparable(second_pages[path], second_paths) == _comparable(page, first_paths)
    # The copy links within the copy, and the image was not duplicated.
    assert get_image_model().objects.count() == 1

    # And exporting the copy gives the same Markdown again.
    again = io.BytesIO()
    export_space(other_space, again)
    with zipfile.ZipFile(again) as opened:
        assert opened.read("welcome.md").decode() == welcome_md


CALLOUTS_MD = """---
title: Callouts
---

> [!warning] Mind the *gap*
>
> Stand **behind** the line.

> [!faq] Who pays for lunch?
>
> The team budget.

> [!quote] Our first handbook
>
> Write it down.
> Then share it.

> [!steps]
>
> 1. **Open the portal** Sign in with SSO.
>
>    - one account each
> 2. **Done**

> [!unknown] Stays a quote

```bash title="Run it \\"once\\""
make run
```

| Room | Floor |
| --- | --- |
| Kitchen | 2 |

Table: Where things are
"""


def test_callouts_faqs_quotes_steps_and_captions_import_and_export_back(space, tmp_path):
    import_folder(write(tmp_path / "in", {"callouts.md": CALLOUTS_MD}), space)
    page = child(space, "callouts")
    blocks = [(block.block_type, block.value) for block in page.body]

    assert [kind for kind, _value in blocks] == [
        "callout", "faq", "quote", "steps", "paragraph", "code", "table",
    ]  # fmt: skip
    callout = blocks[0][1]
    assert (callout["tone"], callout["title"]) == ("warning", "Mind the gap")
    assert callout["body"].source == "<p>Stand <b>behind</b> the line.</p>"
    assert blocks[1][1]["question"] == "Who pays for lunch?"
    assert blocks[1][1]["answer"].source == "<p>The team budget.</p>"
    assert dict(blocks[2][1]) == {
        "quote": "Write it down.\nThen share it.",
        "attribution": "Our first handbook",
    }
    steps = blocks[3][1]["steps"]
    assert [step["title"] for step in steps] == ["Open the portal", "Done"]
    assert steps[0]["detail"].source == "<p>Sign in with SSO.</p><ul><li>one account each</li></ul>"
    assert "[!unknown] Stays a quote" in blocks[4][1].source
    assert blocks[5][1]["caption"] == 'Run it "once"'
    assert blocks[6][1]["table_caption"] == "Where things are"

    archive = io.BytesIO()
    export = export_space(space, archive)
    assert not any("plain Markdown" in str(warning) for warning in export.warnings)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "out")
        exported = opened.read("callouts.md").decode()
    assert "> [!warning] Mind the gap" in exported and "> [!steps]" in exported
    assert 'title="Run it \\"once\\""' in exported and "Table: Where things are" in exported
    # Imported into another space and exported again: the same Markdown.
    other = SpacePageFactory(parent=space.get_parent(), slug="copy")
    import_folder(tmp_path / "out", other)
    again = io.BytesIO()
    export_space(other, again)
    with zipfile.ZipFile(again) as opened:
        assert opened.read("callouts.md").decode() == exported


def test_markdown_to_blocks_links_pages_by_the_callers_ids():
    blocks = markdown_to_blocks(
        "Read [the policy](page:hr/expenses) and [the web](https://example.com).\n\n"
        "> [!info] Note\n>\n> Body",
        lambda href: 42 if href == "page:hr/expenses" else None,
    )

    assert blocks[0] == {
        "type": "paragraph",
        "value": '<p>Read <a linktype="page" id="42">the policy</a> and '
        '<a href="https://example.com">the web</a>.</p>',
    }
    assert blocks[1]["type"] == "callout" and blocks[1]["value"]["title"] == "Note"


# Bad input -------------------------------------------------------------------------------


def test_bad_files_are_reported_and_the_rest_imported(space, tmp_path, alice):
    report, outcome = import_files(
        tmp_path / "bad",
        {
            "good.md": "---\ntitle: Good\nowner: alice\n---\nFine. See [broken](broken.md).",
            "broken.md": "---\ntitle: Broken\nowner alice\n---\nText",
            "unclosed.md": "---\ntitle: Never closed\n\nText",
            "stranger.md": "---\ntitle: Stranger\nowner: nobody\n---\nText",
            "no-image.md": "# No image\n\n![Plan](plan.png)",
            "escape.md": "# Escape\n\nSee [secrets](../secrets.md).",
            "bad-kind.md": "---\nkind: novel\n---\nText",
        },
        space,
    )
    assert outcome["good.md"] == (Status.IMPORTED, "")
    assert outcome["broken.md"][0] == Status.ERROR
    assert "line 3" in outcome["broken.md"][1] and "key: value" in outcome["broken.md"][1]
    assert "never closed" in outcome["unclosed.md"][1]
    assert "unknown owner 'nobody'" in outcome["stranger.md"][1]
    assert outcome["no-image.md"] == (Status.ERROR, "the image plan.png is missing")
    assert outcome["escape.md"][1] == "the link to ../secrets.md points outside the imported folder"
    assert "unknown kind 'novel'" in outcome["bad-kind.md"][1]
    assert len(report.failed) == 6
    assert list(KnowledgePage.objects.child_of(space).values_list("slug", flat=True)) == ["good"]
    # The link to the file that failed is kept as text, with a warning.
    good = child(space, "good")
    assert good.body[0].value.source == "<p>Fine. See broken.</p>"
    warnings = next(result.warnings for result in report.results if result.path == "good.md")
    assert warnings == ["the link to broken.md is plain text: that page was not imported"]


def test_files_in_a_folder_whose_page_failed_are_reported_not_placed_elsewhere(space, tmp_path):
    _report, outcome = import_files(
        tmp_path / "folder",
        {
            "team/index.md": "---\ntitle: [Team\n---\n",
            "team/alice.md": "# Alice",
            "other.md": "# Other",
        },
        space,
    )
    assert outcome["team/index.md"][0] == Status.ERROR
    assert outcome["team/alice.md"] == (
        Status.ERROR,
        "its folder team/index.md could not be imported",
    )
    assert outcome["other.md"] == (Status.IMPORTED, "")
    assert list(KnowledgePage.objects.values_list("slug", flat=True)) == ["other"]


def test_files_that_would_be_the_same_page_are_refused(space, tmp_path):
    _report, outcome = import_files(
        tmp_path / "dupes",
        {
            "Setup Guide.md": "# Setup guide\n\nOne.",
            "setup-guide.md": "# Setup guide again\n\nTwo.",
            "team.md": "---\ntitle: The team\n---\nWho we are.",
            "team/alice.md": "# Alice",
        },
        space,
    )
    assert outcome["Setup Guide.md"] == (Status.IMPORTED, "")
    assert outcome["setup-guide.md"][0] == Status.ERROR
    assert "same page as Setup Guide.md" in outcome["setup-guide.md"][1]
    # A file beside a folder of the same name gives the folder page its content.
    team = child(space, "team")
    assert team.title == "The team"
    assert child(team, "alice").title == "Alice"


def _fail_for(slug: str):
    """A stand-in for publishing that fails, as a full disk would, for one page."""
    original = importer._Writer._publish

    def failing(self, page, owner):
        if page.slug == slug:
            raise RuntimeError("disk full")
        original(self, page, owner)

    return failing


def test_a_new_file_that_fails_while_saving_leaves_no_page_behind(space, handbook, monkeypatch):
    monkeypatch.setattr(importer._Writer, "_publish", _fail_for("vpn"))

    report = import_folder(handbook, space)

    assert results(report)["guides/vpn.md"] == (Status.ERROR, "could not save: disk full")
    assert not KnowledgePage.objects.filter(slug="vpn").exists()
    welcome = child(space, "welcome")
    assert welcome.live
    # The link to it is plain text rather than a link to a page that is not there.
    assert "<p>Start with the <b>VPN guide</b>: read Connect to the VPN first," in (
        welcome.body[0].value.source
    )


def test_a_changed_file_that_fails_while_saving_leaves_its_page_as_it_was(
    space, handbook, monkeypatch
):
    import_folder(handbook, space)
    leave = child(child(space, "policies"), "leave")
    (handbook / "policies" / "leave.md").write_text(LEAVE.replace("25 days", "26 days"))
    (handbook / "guides" / "vpn.md").write_text(VPN.replace("vpn connect", "vpn up"))
    monkeypatch.setattr(importer._Writer, "_publish", _fail_for("leave"))

    report = import_folder(handbook, space)

    assert results(report)["policies/leave.md"] == (Status.ERROR, "could not save: disk full")
    assert results(report)["guides/vpn.md"] == (Status.UPDATED, "")
    leave.refresh_from_db()
    assert revisions(leave) == 1 and "25 days" in leave.body[0].value.source


# Front matter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\ntitle: A: B\n---\nbody", {"title": "A: B"}),
        ("---\ntags: [a, 'b, c', \"d\"]\n---\n", {"tags": ["a", "b, c", "d"]}),
        ("---\ntags:\n  - a\n  - b\n# note\nkind: faq\n---\n", {"tags": ["a", "b"], "kind": "faq"}),
        ('---\nsummary: "Two\\nlines"\n---\n', {"summary": "Two\nlines"}),
        ("No front matter", {}),
        # mkdocs blog posts (Hatch's docs) write descriptions as block scalars
        (
            "---\nsummary: >-\n  Folded onto\n  one line.\n\n  New paragraph.\ntags: [a]\n---\n",
            {"summary": "Folded onto one line.\nNew paragraph.", "tags": ["a"]},
        ),
        ("---\nsummary: |\n  kept\n  as written\n---\n", {"summary": "kept\nas written"}),
    ],
)
def test_front_matter_reads_the_small_yaml_subset(text, expected):
    data, _body = split_front_matter(text)
    assert data == expected


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: x\n",
        "---\n  indented: x\n---\n",
        "---\ntitle: x\ntitle: y\n---\n",
        "---\n- orphan\n---\n",
        "---\ntags: [a, b\n---\n",
        "---\ntitle: 'open\n---\n",
        "---\nsummary: |\n---\n",
    ],
)
def test_front_matter_refuses_what_it_cannot_read(text):
    with pytest.raises(FrontMatterError):
        split_front_matter(text)


def test_front_matter_written_is_read_back_the_same():
    meta = {
        "title": "Q&A: what's new?",
        "tags": ["a, b", "plain", "2024"],
        "owner": "alice",
        "summary": 'Says "hi"\non two lines',
        "kind": "faq",
    }
    data, body = split_front_matter(format_front_matter(meta) + "text")
    assert data == meta and body == "text"


# Commands -------------------------------------------------------------------------------


def test_import_command_shows_progress_and_a_report(space, handbook):
    out = io.StringIO()

    call_command("import_markdown", str(handbook), space="handbook", stdout=out)

    output = out.getvalue()
    assert "[1/5] guides/index.md" in output and "[5/5] welcome.md" in output
    assert re.search(r"^imported\s+policies/leave\.md$", output, re.MULTILINE)
    assert "5 files: 5 imported, 0 updated, 0 unchanged, 0 error" in output
    assert child(space, "welcome").live

    out = io.StringIO()
    call_command("import_markdown", str(handbook), space="handbook", stdout=out)
    assert "5 files: 0 imported, 0 updated, 5 unchanged, 0 error" in out.getvalue()


def test_import_command_fails_with_the_report_when_a_file_fails(space, handbook):
    write(handbook, {"broken.md": "---\ntitle: [oops\n---\n"})
    out = io.StringIO()

    with pytest.raises(CommandError, match="1 of 6 files could not be imported"):
        call_command("import_markdown", str(handbook), space="handbook", stdout=out)

    assert re.search(r"^error\s+broken\.md: broken front matter: line 2", out.getvalue(), re.M)
    assert child(space, "welcome").live  # the rest went in


def test_commands_refuse_an_unknown_space(space, handbook, tmp_path):
    with pytest.raises(
        CommandError, match=re.escape("No space has the slug 'nope'. Spaces: handbook.")
    ):
        call_command("import_markdown", str(handbook), space="nope", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No space has the slug 'nope'"):
        call_command("export_space", "nope", str(tmp_path / "out.zip"), stdout=io.StringIO())
    assert not (tmp_path / "out.zip").exists()


def test_export_command_writes_the_zip(space, handbook, tmp_path):
    import_folder(handbook, space)
    out = io.StringIO()

    call_command("export_space", "handbook", str(tmp_path / "out.zip"), stdout=out)

    assert "Exported 5 pages and 1 images" in out.getvalue()
    with zipfile.ZipFile(tmp_path / "out.zip") as opened:
        assert "policies/leave.md" in opened.namelist()
        assert "title: Annual leave" in opened.read("policies/leave.md").decode()


TRICKY = r"""---
title: "Tricky: *stars* & [brackets]"
tags: ["a, b", it's]
summary: 'Quotes "inside" and ''single'''
kind: FAQ
---
1984\. was a year; 3) too. \# not a heading, \- not a list, \> not a quote.

Snake_case_words, 2 * 3 * 4, a \| pipe, &amp; &copy; and a literal \*.
Line one\
line two with `` code with ` tick `` and **bold *nested italic***.

- one
- two

* three (a second list)

1. first
2. second

    indented code stays code

~~~
```fenced``` inside
~~~

## Heading with # hash and *emphasis*

| Col \| pipe | `code` |
| --- | --- |
| a *b* | [link](https://example.com/a_(b)) |

> quoted **bold**
>
> - listed in quote

[Wikipedia](https://en.wikipedia.org/wiki/Markdown_(disambiguation)) and <https://auto.example>.
"""


def test_tricky_markdown_survives_the_round_trip(space, other_space, tmp_path):
    folder = write(tmp_path / "tricky", {"tricky.md": TRICKY})
    report = import_folder(folder, space)
    assert results(report) == {"tricky.md": (Status.IMPORTED, "")}
    first = child(space, "tricky")
    assert first.title == "Tricky: *stars* & [brackets]"
    assert sorted(first.tags.names()) == ["a, b", "it's"]
    assert first.listing_summary == "Quotes \"inside\" and 'single'"
    assert first.kind == Kind.FAQ

    archive = io.BytesIO()
    export_space(space, archive)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(tmp_path / "exported")
    import_folder(tmp_path / "exported", other_space)
    second = child(other_space, "tricky")

    assert _comparable(second, {}) == _comparable(first, {})
    paragraphs = first.body[0].value.source
    assert "1984. was a year; 3) too. # not a heading, - not a list, &gt; not a quote." in (
        paragraphs
    )
    assert "Snake_case_words, 2 * 3 * 4, a | pipe, &amp; © and a literal *." in paragraphs
    assert "Line one<br/>line two" in paragraphs
    assert "<code>code with ` tick</code>" in paragraphs
    assert "<ul><li>one</li><li>two</li></ul><ul><li>three (a second list)</li></ul>" in (
        paragraphs
    )

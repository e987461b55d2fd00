"""Benchmark `import_markdown` on 1,000 generated files against only parsing them.

The import's target is under 60 s for 1,000 files. Absolute seconds depend on the machine,
so the same run also times a baseline, reading and converting the same files without
saving anything (`plan_folder`), and prints the ratio: what saving, revisions and
publishing cost on top of the Markdown work. A second import of the unchanged folder is
timed too, since re-importing is the common case once a team has moved in.

Run from the repository root: `.venv/bin/python bench/bench_import.py [--files N]`.
Like bench/run.py it uses bench.settings with a throwaway SQLite file in a temporary
directory (migrated first), never db.sqlite3.
"""

import argparse
import io
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 60.0
FOLDERS = 20
SEED = 20240501

_VOCABULARY = (
    "team process request access laptop account password policy review approve budget "
    "invoice supplier contract office meeting agenda minutes project milestone release "
    "deploy server backup restore network printer badge visitor travel expense claim "
    "holiday leave manager report quarter target customer ticket support escalation "
    "onboarding training course handbook guideline checklist template form deadline "
    "owner editor draft publish archive search folder document spreadsheet calendar "
    "the a an and or of to in on for with by from before after during when each every "
    "please should must can will may always never usually first then next finally also"
)
WORDS = _VOCABULARY.split()
LANGUAGES = ["bash", "python", "sql", "yaml", "json"]
KINDS = ["howto", "policy", "reference", "guide", "faq"]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=1000, help="Markdown files to generate")
    return parser.parse_args(argv)


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        size = min(left, rng.randint(8, 16))
        out.append(sentence(rng, size))
        left -= size
    return " ".join(out)


def png(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "PNG")
    return buffer.getvalue()


def generate(root: Path, total: int, owners: list[str]) -> list[Path]:
    """~`total` files in FOLDERS folders, each with an index.md, about 300 words apiece,
    headings, lists, a code block, links to other files and now and then an image."""
    rng = random.Random(SEED)
    per_folder = max(1, total // FOLDERS)
    layout: list[tuple[str, str]] = []  # (folder, file name)
    for folder in range(FOLDERS):
        name = f"area-{folder + 1:02d}"
        layout.append((name, "index.md"))
        layout.extend((name, f"topic-{n:03d}.md") for n in range(1, per_folder))
    layout = layout[:total]
    for folder in range(FOLDERS):
        image_dir = root / f"area-{folder + 1:02d}" / "img"
        image_dir.mkdir(parents=True, exist_ok=True)
        (image_dir / "diagram.png").write_bytes(png((folder * 12, 80, 160)))

    paths = []
    for number, (folder, name) in enumerate(layout):
        links = []
        for _ in range(3):
            other_folder, other_name = rng.choice(layout)
            target = other_name if other_folder == folder else f"../{other_folder}/{other_name}"
            links.append(f"[{sentence(rng, 3)[:-1]}]({target})")
        parts = [
            "---",
            f"title: {sentence(rng, 5)[:-1]} {number}",
            f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
            f"owner: {rng.choice(owners)}",
            f"summary: {sentence(rng, 14)}",
            f"kind: {rng.choice(KINDS)}",
            "---",
            "",
            paragraph(rng, 50) + f" See {links[0]} and **{rng.choice(WORDS)}**.",
            "",
            "## Before you start",
            "",
            *(f"- {sentence(rng, 6)}" for _ in range(4)),
            "",
            paragraph(rng, 60) + f" Related: {links[1]}.",
            "",
            "## Steps",
            "",
            *(f"{n}. {sentence(rng, 8)} `{rng.choice(WORDS)}`" for n in range(1, 5)),
            "",
            f"```{rng.choice(LANGUAGES)}",
            *(f"{rng.choice(WORDS)} --{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(4)),
            "```",
            "",
            "### Notes",
            "",
            paragraph(rng, 70) + f" If in doubt, ask *{rng.choice(WORDS)}* or read {links[2]}.",
            "",
        ]
        if number % 25 == 1:
            parts += ["![Process diagram](img/diagram.png)", ""]
        parts.append(paragraph(rng, 40))
        path = root / folder / name
        path.write_text("\n".join(parts) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hearth-bench-import-") as tmp:
        tmp_dir = Path(tmp)
        sys.path.insert(0, str(REPO_ROOT))
        from bench.inprocess import setup_django

        print("migrating a fresh database", file=sys.stderr)
        setup_django(tmp_dir / "bench.sqlite3")

        from knowledge.markdown import Status, import_folder, plan_folder
        from tests.factories import (
            KnowledgeIndexPageFactory,
            SpacePageFactory,
            UserFactory,
            home_page,
        )

        owners = [UserFactory(username=f"owner{n}").username for n in range(10)]
        index = KnowledgeIndexPageFactory(parent=home_page())
        space = SpacePageFactory(parent=index, title="Benchmark", slug="benchmark")
        folder = tmp_dir / "markdown"
        files = generate(folder, args.files, owners)
        words = sum(len(path.read_text().split()) for path in files) / len(files)
        print(
            f"generated {len(files)} files in {FOLDERS} folders, {words:.0f} words each on average",
            file=sys.stderr,
        )

        def timed(action):
            began = time.perf_counter()
            result = action()
            return time.perf_counter() - began, result

        # The baseline runs before and after, and the faster counts: a fair floor.
        baseline_first, plan = timed(lambda: plan_folder(folder))
        problems = [node for node in plan.nodes if node.error]
        if problems:
            print(f"bench: error: {problems[0].label}: {problems[0].error}", file=sys.stderr)
            return 1
        print("importing", file=sys.stderr)
        import_s, report = timed(lambda: import_folder(folder, space))
        print("importing again, unchanged", file=sys.stderr)
        reimport_s, again = timed(lambda: import_folder(folder, space))
        baseline_second, _plan = timed(lambda: plan_folder(folder))
        baseline_s = min(baseline_first, baseline_second)

    count = len(report.results)
    failed = report.failed + again.failed
    print(f"{'step':<34} {'seconds':>8} {'files/s':>8} {'x baseline':>10}")
    for label, seconds in (
        ("baseline: read + convert only", baseline_s),
        ("import (new pages)", import_s),
        ("import again (all unchanged)", reimport_s),
    ):
        print(f"{label:<34} {seconds:>8.2f} {count / seconds:>8.1f} {seconds / baseline_s:>10.1f}")
    print()
    print(
        f"{count} files: {report.count(Status.IMPORTED)} imported, then "
        f"{again.count(Status.UNCHANGED)} unchanged on the second run"
    )
    verdict = "met" if import_s < TARGET_S * count / 1000 else "MISSED"
    print(f"target under {TARGET_S:.0f} s per 1,000 files: {verdict} ({import_s:.1f} s)")
    if failed:
        print(f"bench: error: {len(failed)} files failed, first: {failed[0].path}: "
              f"{failed[0].reason}", file=sys.stderr)  # fmt: skip
        return 1
    return 0 if verdict == "met" else 1


if __name__ == "__main__":
    sys.exit(main())

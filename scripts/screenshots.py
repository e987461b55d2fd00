"""`make screenshots`: the main page types (demo.screens.SCREENS) drawn by Debian's
Chromium at 1280 and 390 px into docs/screenshots/<screen>-<width>.png.

Deterministic, so a refresh only changes the files whose page changed: a fresh SQLite
database seeded with the demo (fixed content), the clock stopped at FIXED_NOW while it is
seeded and served (freezegun: "2 minutes ago" stays so), the light theme, no animations, one
device pixel per CSS pixel. Each picture is the top of the page, at most MAX_HEIGHT px
tall, reduced to a 256-colour palette by Pillow (a page of UI keeps its look in 256
colours and weighs a quarter).

Usage: .venv/bin/python scripts/screenshots.py [--only SLUG ...] [--out DIR]
"""

import argparse
import io
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXED_NOW = "2026-11-30 09:30:00"
MAX_HEIGHT = 2400
HEIGHTS = {1280: 900, 390: 844}
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
# The house flags (tests/browser/conftest.py), and no scrollbars in the pictures.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
    "--hide-scrollbars",
    "--font-render-hinting=none",
]
STILL = (
    "*, *::before, *::after { animation: none !important; transition: none !important;"
    " caret-color: transparent !important; scroll-behavior: auto !important; }"
)


def _serve():
    """The site on a free local port, in this process (so the fixed clock holds for it)."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def _optimise(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def _sign_in(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()
    page.get_by_test_id("home-heading").wait_for()


def shoot(out: Path, only: set[str]) -> list[Path]:
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from demo.screens import SCREENS, WIDTHS

    screens = [screen for screen in SCREENS if not only or screen.slug in only]
    urls = {screen.slug: screen.locate() for screen in screens}
    server, base = _serve()
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            for width in WIDTHS:
                tabs = {}
                for screen in screens:
                    if screen.username not in tabs:
                        context = browser.new_context(
                            base_url=base,
                            viewport={"width": width, "height": HEIGHTS[width]},
                            device_scale_factor=1,
                            reduced_motion="reduce",
                            color_scheme="light",
                            locale="en-GB",
                            timezone_id="UTC",
                            bypass_csp=True,  # the still-life style below is inline
                        )
                        tab = context.new_page()
                        tab.set_default_timeout(30_000)
                        _sign_in(tab, screen.username, settings.HEARTH_DEMO_PASSWORD)
                        tabs[screen.username] = tab
                    tab = tabs[screen.username]
                    tab.goto(urls[screen.slug], wait_until="networkidle")
                    tab.locator(screen.ready).first.wait_for()
                    tab.add_style_tag(content=STILL)
                    tab.evaluate("document.fonts.ready")
                    height = tab.evaluate("document.documentElement.scrollHeight")
                    path = out / f"{screen.slug}-{width}.png"
                    tab.screenshot(
                        path=str(path),
                        full_page=True,
                        clip={"x": 0, "y": 0, "width": width, "height": min(height, MAX_HEIGHT)},
                        animations="disabled",
                        caret="hide",
                    )
                    _optimise(path)
                    written.append(path)
                    print(f"  {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")
            browser.close()
    finally:
        server.shutdown()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], help="screen slugs (demo/screens.py)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    workdir = tempfile.mkdtemp(prefix="hearth-screens-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/screens.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hearth.settings.test"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop

    from freezegun import freeze_time

    # Playwright and its event loop keep real time (their timeouts); the site does not.
    ignore = ["playwright", "asyncio", "greenlet", "concurrent", "threading", "selectors"]
    with freeze_time(FIXED_NOW, ignore=ignore):
        import django

        django.setup()
        from django.core.management import call_command

        print(f"Seeding the demo in {workdir} (a minute or two)...")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("seed_demo", stdout=io.StringIO())
        written = shoot(args.out, set(args.only))
    print(f"{len(written)} screenshots in {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

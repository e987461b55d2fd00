"""hearth.settings.local (`make run`): DEBUG off, and a secret key made once and kept."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def _settings(tmp_path: Path, **extra: str) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("SECRET_KEY", None)
    env.update(DJANGO_SETTINGS_MODULE="hearth.settings.local", **extra)
    # The key file sits in BASE_DIR: point BASE_DIR at tmp_path before the settings load.
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, pathlib, django; sys.path.insert(0, '.');"
            "import hearth.settings.base as base;"
            f"base.BASE_DIR = pathlib.Path({str(tmp_path)!r});"
            f"django.setup(); {PROBE}",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    debug, key = result.stdout.split()
    return debug, key


def test_make_run_settings_have_debug_off_and_keep_one_generated_key(tmp_path):
    debug, first = _settings(tmp_path)
    assert debug == "False"
    key_file = tmp_path / ".secret_key"
    assert key_file.read_text().strip() == first
    assert len(first) >= 50
    assert key_file.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert _settings(tmp_path)[1] == first  # the next start reads the same key


def test_a_secret_key_from_the_environment_wins(tmp_path):
    assert _settings(tmp_path, SECRET_KEY="from-the-environment-" + "x" * 40)[1].startswith(
        "from-the-environment-"
    )
    assert not (tmp_path / ".secret_key").exists()

"""hearth.settings.local (`make run`): DEBUG off, and a secret key made once and kept."""

from pathlib import Path

from tests.hearth.processes import environment, run

PROBE = "from django.conf import settings; print(settings.DEBUG, settings.SECRET_KEY)"


def _settings(tmp_path: Path, **extra: str) -> tuple[str, str]:
    # The key file sits in BASE_DIR: point BASE_DIR at tmp_path before the settings load.
    code = (
        "import pathlib, django; import hearth.settings.base as base;"
        f"base.BASE_DIR = pathlib.Path({str(tmp_path)!r}); django.setup(); {PROBE}"
    )
    result = run(
        "-c", code, env=environment(DJANGO_SETTINGS_MODULE="hearth.settings.local", **extra)
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
    key = "from-the-environment-" + "x" * 40
    assert _settings(tmp_path, SECRET_KEY=key)[1] == key
    assert not (tmp_path / ".secret_key").exists()

"""Production settings refuse to start without their security values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAFE_ENV = {
    "SECRET_KEY": "k7#Vq2!pZr9@Lm4$Tx8^Wb1&Hc6*Jd3(Fn5)Gs0_Ye-Ua+Io=Pe",
    "ALLOWED_HOSTS": "hearth.example.com",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/hearth",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    inherited = {*SAFE_ENV, "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env={**clean, **env, "DJANGO_SETTINGS_MODULE": "hearth.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("missing", sorted(SAFE_ENV))
def test_production_refuses_to_start_without(missing):
    env = {name: value for name, value in SAFE_ENV.items() if name != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"The environment variable {missing} is required in production" in result.stderr


def test_production_refuses_a_blank_secret_key():
    result = _manage("check", env={**SAFE_ENV, "SECRET_KEY": "   "})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_deploy_check_passes_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=SAFE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout

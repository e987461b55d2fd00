"""Run Hearth's own commands in a separate process, with settings from the environment."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Production settings that start (check --deploy passes) without touching a database.
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "hearth.settings.production",
    "SECRET_KEY": "k7#Vq2!pZr9@Lm4$Tx8^Wb1&Hc6*Jd3(Fn5)Gs0_Ye-Ua+Io=Pe",
    "ALLOWED_HOSTS": "testserver",
    "DATABASE_URL": "sqlite:////nonexistent/unused.sqlite3",
}


def environment(**settings: str) -> dict[str, str]:
    """This process's environment less Django's and Hearth's settings, plus `settings`."""
    ours = {"DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "TASKS_BACKEND"}
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "SECURE_")) and key not in ours
    }
    return {**clean, **settings}


def run(*command: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    """`python *command` in the repository (`manage.py …`, `-c …`, a script), never raising."""
    return subprocess.run(
        [sys.executable, *command],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )

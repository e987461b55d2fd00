"""The database half of a backup: a consistent copy made while the site keeps writing.

PostgreSQL: `pg_dump --format=custom`, which reads everything inside one snapshot.
SQLite: the online backup API, which copies the file in one step under a read
transaction (in WAL mode writers carry on meanwhile), so the copy is one instant's state.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

SUPPORTED_VENDORS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}


class DatabaseToolError(Exception):
    """A dump or restore tool failed, or the database cannot be backed up."""


def member_name(vendor: str) -> str:
    if vendor not in SUPPORTED_VENDORS:
        raise DatabaseToolError(f"Backing up a {vendor} database is not supported.")
    return SUPPORTED_VENDORS[vendor]


def applied_migrations(connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The schema as Django records it: applied migration names per app."""
    schema: dict[str, list[str]] = {}
    for app_label, name in sorted(MigrationRecorder(connection).applied_migrations()):
        schema.setdefault(app_label, []).append(name)
    return schema


def unknown_migrations(schema: dict[str, list[str]]) -> list[str]:
    """Migrations in `schema` that this code does not have (a newer Hearth made it)."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app_label}.{name}"
        for app_label, names in sorted(schema.items())
        for name in names
        if (app_label, name) not in known
    ]


def holds_data(connection: BaseDatabaseWrapper) -> bool:
    """True unless the database is empty: no tables at all, or only what `migrate`
    creates (no user account yet), as on a fresh install."""
    tables = connection.introspection.table_names()
    if not tables:
        return False
    user_model = get_user_model()
    if user_model._meta.db_table not in tables:
        return True
    return user_model._default_manager.using(connection.alias).exists()


def _sqlite_path(connection: BaseDatabaseWrapper) -> str:
    name = str(connection.settings_dict["NAME"])
    if connection.is_in_memory_db():
        raise DatabaseToolError("An in-memory SQLite database cannot be backed up or restored.")
    return name


def existing_sqlite_file(connection: BaseDatabaseWrapper) -> str:
    """The SQLite file to back up; checked before anything connects (which would create
    an empty one)."""
    path = _sqlite_path(connection)
    if not Path(path).is_file():
        raise DatabaseToolError(f"There is no SQLite database at {path}.")
    return path


def _pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest Debian postgresql-client's copy."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not candidates:
        raise DatabaseToolError(
            f"{name} was not found on PATH or in /usr/lib/postgresql/*/bin: "
            "install the PostgreSQL client (Debian: postgresql-client)."
        )
    return candidates[-1]


def _pg_connection_args(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = ["--dbname", str(settings["NAME"])]
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str] | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise DatabaseToolError(
            f"{Path(command[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}"
        )


def dump(connection: BaseDatabaseWrapper, destination: Path) -> None:
    """Write a consistent copy of the database to `destination`."""
    if connection.vendor == "postgresql":
        args, env = _pg_connection_args(connection)
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--file", str(destination), *args],
            env=env,
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(existing_sqlite_file(connection))
        copy = sqlite3.connect(destination)
        try:
            with copy:
                # pages=-1 (the default): one step under one read transaction.
                source.backup(copy)
        finally:
            copy.close()
            source.close()
    else:
        member_name(connection.vendor)


def load(connection: BaseDatabaseWrapper, source_file: Path) -> None:
    """Replace the database's content with the copy in `source_file`."""
    connection.close()
    if connection.vendor == "postgresql":
        args, env = _pg_connection_args(connection)
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source_file),
            ],
            env=env,
        )
    elif connection.vendor == "sqlite":
        source = sqlite3.connect(source_file)
        target = sqlite3.connect(_sqlite_path(connection))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        member_name(connection.vendor)

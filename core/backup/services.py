"""Back up a Hearth into one archive and restore it into a fresh install.

The archive is a gzip-compressed tar:

- `database.pgdump` (pg_dump custom format) or `database.sqlite3` (a SQLite file);
- `media/<name>` for every file of the default storage;
- `manifest.json`, written last: Hearth's version, the database vendor, the applied
  migrations per app, when it was made, and every other member's size and sha256.

Guarantee while the site serves and writes: the database is one instant's state (a
pg_dump snapshot, or SQLite's backup API under one read transaction). Media is copied
after that instant, file by file, so every file the database copy refers to is in the
archive unless it was deleted during the backup; files written after the instant may be
in it too (unreferenced, harmless). Each file is archived whole: its checksum is of the
bytes archived.

The archive is created with mode 0600 (only its owner reads it): it holds the whole
database.
"""

import hashlib
import importlib.metadata
import io
import json
import os
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.files.storage import Storage, default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.backup import database, media

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or restore was refused or failed; the message is for the operator."""


@dataclass
class BackupSummary:
    path: Path
    vendor: str
    database_bytes: int
    media_files: int
    media_bytes: int
    vanished_files: list[str] = field(default_factory=list)
    archive_bytes: int = 0


@dataclass
class RestoreSummary:
    vendor: str
    created_at: str
    hearth_version: str
    media_files: int
    media_bytes: int
    pending_migrations: int


def hearth_version() -> str:
    try:
        return importlib.metadata.version("hearth")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def create_backup(
    out: Path, *, using: str = DEFAULT_DB_ALIAS, storage: Storage | None = None
) -> BackupSummary:
    """Write the archive to `out` (atomically: a partial file never carries its name)."""
    storage = storage or default_storage
    connection = connections[using]
    db_member = database.member_name(connection.vendor)
    out = Path(out)
    if out.is_dir():
        raise BackupError(f"{out} is a directory: name the archive file to write.")
    if not out.parent.exists():
        raise BackupError(f"The folder {out.parent} does not exist.")
    if connection.vendor == "sqlite":
        try:
            database.existing_sqlite_file(connection)
        except database.DatabaseToolError as error:
            raise BackupError(str(error)) from error
    members: dict[str, dict] = {}
    partial = out.with_name(f".{out.name}.partial")
    try:
        with tempfile.TemporaryDirectory(prefix="hearth-backup-") as scratch:
            schema = database.applied_migrations(connection)
            started_at = timezone.now()
            dump_file = Path(scratch) / db_member
            try:
                database.dump(connection, dump_file)
            except database.DatabaseToolError as error:
                raise BackupError(str(error)) from error
            with (
                _private_file(partial) as handle,
                tarfile.open(fileobj=handle, mode="w:gz", compresslevel=6) as archive,
            ):
                members[db_member] = {
                    "size": dump_file.stat().st_size,
                    "sha256": _sha256_file(dump_file),
                }
                archive.add(dump_file, arcname=db_member, recursive=False)
                dump_file.unlink()
                vanished = _add_media(archive, storage, members)
                manifest = {
                    "format": FORMAT,
                    "hearth_version": hearth_version(),
                    "created_at": started_at.isoformat(),
                    "database": {"vendor": connection.vendor, "member": db_member},
                    "migrations": schema,
                    "media": {"storage": type(storage).__name__},
                    "members": members,
                }
                payload = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(payload)
                info.mtime = int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(payload))
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    media_members = [m for name, m in members.items() if name.startswith(MEDIA_PREFIX)]
    return BackupSummary(
        path=out,
        vendor=connection.vendor,
        database_bytes=members[db_member]["size"],
        media_files=len(media_members),
        media_bytes=sum(m["size"] for m in media_members),
        vanished_files=vanished,
        archive_bytes=out.stat().st_size,
    )


def _private_file(path: Path) -> io.BufferedWriter:
    """A new file only its owner can read: the archive holds the whole database (password
    hashes, sessions, everything people wrote), whatever the process umask would allow.
    A file left at `path` by an interrupted run is replaced, never reused with its mode."""
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.fchmod(descriptor, 0o600)  # the umask can only take bits away; this is exact
    return os.fdopen(descriptor, "wb")


def _add_media(archive: tarfile.TarFile, storage: Storage, members: dict) -> list[str]:
    vanished = []
    now = int(timezone.now().timestamp())
    for name in media.walk(storage):
        copied = media.read_copy(storage, name)
        if copied is None:
            vanished.append(name)
            continue
        content, size, sha256 = copied
        with content:
            info = tarfile.TarInfo(MEDIA_PREFIX + name)
            info.size = size
            info.mtime = now
            archive.addfile(info, content)
        members[MEDIA_PREFIX + name] = {"size": size, "sha256": sha256}
    return vanished


def _safe_member(name: str) -> bool:
    if name == MANIFEST or name in database.SUPPORTED_VENDORS.values():
        return True
    if not name.startswith(MEDIA_PREFIX):
        return False
    path = PurePosixPath(name[len(MEDIA_PREFIX) :])
    return bool(path.parts) and not path.is_absolute() and ".." not in path.parts


def _damaged(archive: Path, why: str) -> BackupError:
    return BackupError(f"The archive {archive} is damaged ({why}); nothing was changed.")


def verify_archive(archive: Path) -> dict:
    """Read the whole archive once, check every member against the manifest, and
    return the manifest. Raises BackupError, having changed nothing, on any damage."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    seen: dict[str, dict] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                if not member.isfile() or not _safe_member(member.name):
                    raise _damaged(archive, f"unexpected member {member.name!r}")
                if member.name in seen or (member.name == MANIFEST and manifest_bytes):
                    raise _damaged(archive, f"{member.name!r} appears twice")
                handle = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest_bytes = handle.read()
                    continue
                digest = hashlib.sha256()
                size = 0
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                seen[member.name] = {"size": size, "sha256": digest.hexdigest()}
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise _damaged(archive, str(error) or type(error).__name__) from error
    if manifest_bytes is None:
        raise _damaged(archive, "no manifest.json")
    try:
        manifest = json.loads(manifest_bytes)
        expected = manifest["members"]
        manifest["database"]["vendor"], manifest["database"]["member"], manifest["migrations"]
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged(archive, "manifest.json cannot be read") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"The archive {archive} has format {manifest.get('format')!r}; this Hearth "
            f"reads format {FORMAT}. Nothing was changed."
        )
    for name in sorted(set(expected) | set(seen)):
        if name not in seen:
            raise _damaged(archive, f"{name} is missing")
        if name not in expected:
            raise _damaged(archive, f"{name} is not in the manifest")
        if seen[name] != {"size": expected[name]["size"], "sha256": expected[name]["sha256"]}:
            raise _damaged(archive, f"the checksum of {name} does not match")
    return manifest


def restore_backup(
    archive: Path,
    *,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    storage: Storage | None = None,
) -> RestoreSummary:
    """Bring this install's database and media to the archive's state.

    Refuses, changing nothing, a damaged archive, one from another database vendor, one
    whose schema is newer than this code, and (without `force`) a target that already
    holds data."""
    storage = storage or default_storage
    connection = connections[using]
    archive = Path(archive)
    manifest = verify_archive(archive)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(
            f"The archive holds a {vendor} database and this install uses {connection.vendor}: "
            "restoring across database vendors is not supported. Nothing was changed."
        )
    unknown = database.unknown_migrations(manifest["migrations"])
    if unknown:
        raise BackupError(
            "The archive was made by a newer Hearth: this code does not have the "
            f"migration(s) {', '.join(unknown)}. Upgrade Hearth to a version that has "
            "them, then restore. Nothing was changed."
        )
    if not force:
        occupied = []
        if database.holds_data(connection):
            occupied.append(f"the database {connection.settings_dict['NAME']} holds data")
        if next(media.walk(storage), None) is not None:
            occupied.append("the media storage holds files")
        if occupied:
            raise BackupError(
                f"Refusing to overwrite: {' and '.join(occupied)}. Restore into a fresh "
                "install, or run again with --force to replace them. Nothing was changed."
            )
    db_member = manifest["database"]["member"]
    media_files = media_bytes = 0
    with (
        tempfile.TemporaryDirectory(prefix="hearth-restore-") as scratch,
        tarfile.open(archive, "r|gz") as tar,
    ):
        for member in tar:
            handle = tar.extractfile(member)
            if member.name == db_member:
                dump_file = Path(scratch) / db_member
                with dump_file.open("wb") as out:
                    while chunk := handle.read(CHUNK):
                        out.write(chunk)
                try:
                    database.load(connection, dump_file)
                except database.DatabaseToolError as error:
                    raise BackupError(str(error)) from error
                dump_file.unlink()
            elif member.name.startswith(MEDIA_PREFIX):
                with media.spool(handle) as content:
                    media.put(storage, member.name[len(MEDIA_PREFIX) :], content)
                media_files += 1
                media_bytes += member.size
    connection.close()
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    return RestoreSummary(
        vendor=vendor,
        created_at=manifest["created_at"],
        hearth_version=manifest["hearth_version"],
        media_files=media_files,
        media_bytes=media_bytes,
        pending_migrations=pending,
    )

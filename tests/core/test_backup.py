"""`manage.py backup` and `manage.py restore`, run as an operator runs them: subprocesses
against a real database (SQLite always; PostgreSQL when the suite runs on it) and a
real media folder.

The source is the seeded test database (on SQLite, a file copy of it, since the test
database lives in memory where no other process can reach it). The restored copy must
equal the source as it was at the backup's snapshot: a thread posts comments all through
the backup, so the source afterwards holds those rows plus the comments written after the
snapshot. Those late comments are the only difference allowed; every other table matches
row for row, and the comments restored are exactly a prefix of the ones written.
"""

import copy
import io
import json
import os
import sqlite3
import stat
import subprocess
import sys
import tarfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from community.models import Comment
from tests.brand.factories_hub import DocumentFactory, ImageFactory
from tests.browser.conftest import site_data  # noqa: F401 (a fixture)
from tests.community.factories import CommentFactory
from tests.factories import KnowledgePageFactory, UserFactory, knowledge_space, publish

# Transactional: the subprocesses read what the test committed. The tables are emptied
# after each test; site_data rebuilds what the data migrations made (as browser tests do).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("site_data")]

REPO = Path(__file__).resolve().parents[2]
WRITER_DIR = "written-during-backup"


WRITER = """
import os, pathlib, sys, time
from django.db import transaction
from community.models import Comment

folder = pathlib.Path(os.environ["MEDIA_ROOT"]) / os.environ["WRITER_DIR"]
folder.mkdir(parents=True, exist_ok=True)
stop = pathlib.Path(os.environ["WRITER_STOP"])
first = Comment.objects.order_by("pk").first()
n = 0
while not stop.exists():
    n += 1
    (folder / f"{n}.txt").write_bytes(f"file {n}\\n".encode() * 100)
    with transaction.atomic():
        # bulk_create sends no signal: the comments table is the only one written, so
        # the test knows exactly what the source held at any instant.
        [comment] = Comment.objects.bulk_create([Comment(
            page_id=first.page_id,
            author_id=first.author_id,
            body=f"Written during the backup, {n}",
            body_html=f"<p>Written during the backup, {n}</p>",
        )])
        Comment.objects.filter(pk=comment.pk).update(thread=comment)
    print("written", comment.pk, flush=True)
    time.sleep(0.005)
"""


@dataclass
class Install:
    """A database and a media folder, seen by subprocesses through the environment (as
    an operator's `manage.py` sees them) and by the test through a connection of its own."""

    settings_dict: dict
    media_root: Path

    def database_url(self) -> str:
        s = self.settings_dict
        if connection.vendor == "sqlite":
            return f"sqlite:///{s['NAME']}"
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hearth.settings.base",
            "SECRET_KEY": "test-backup-not-secret-0000000000000000000000000000",
            "DATABASE_URL": self.database_url(),
            "MEDIA_ROOT": str(self.media_root),
            **extra,
        }

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    @contextmanager
    def database(self):
        """A connection of the test's own (outside Django's registry of connections)."""
        wrapper = type(connections[DEFAULT_DB_ALIAS])(
            copy.deepcopy(self.settings_dict), "backup_test"
        )
        try:
            yield wrapper
        finally:
            wrapper.close()

    def tables(self) -> dict[str, tuple[list[str], list[tuple]]]:
        with self.database() as db:
            return _tables(db)

    def execute(self, sql: str) -> list[tuple]:
        with self.database() as db, db.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []


def _seed() -> None:
    """Pages with revisions, a thread of comments, an image and a document."""
    editor = UserFactory(username="editor", roles=["Editors"])
    space = knowledge_space(owner=editor)
    page = KnowledgePageFactory(parent=space, owner=editor)
    publish(page, user=editor, title="Printers, first draft")
    publish(page, user=editor, title="Printers")
    first = CommentFactory(page=page, body="Which floor?")
    CommentFactory(page=page, parent=first, body="The third.")
    CommentFactory(page=page, body="Thanks.")
    ImageFactory(title="Logo")
    DocumentFactory(title="Brand guide")


@pytest.fixture
def source(tmp_path, settings):
    """The seeded site: its database and its media folder."""
    media_root = tmp_path / "source-media"
    settings.MEDIA_ROOT = str(media_root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    _seed()
    settings_dict = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        path = tmp_path / "source.sqlite3"
        connection.ensure_connection()
        copy_of = sqlite3.connect(path)
        connection.connection.backup(copy_of)
        copy_of.close()
        settings_dict["NAME"] = str(path)
    return Install(settings_dict, media_root)


@pytest.fixture
def fresh(tmp_path):
    """A fresh install to restore into: an empty database and an empty media folder."""
    settings_dict = copy.deepcopy(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = str(tmp_path / "restored.sqlite3")
    else:
        settings_dict["NAME"] = f"{connection.settings_dict['NAME']}_restored"
        _admin_sql(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')
        _admin_sql(f'CREATE DATABASE "{settings_dict["NAME"]}"')
    yield Install(settings_dict, tmp_path / "restored-media")
    if connection.vendor == "postgresql":
        _admin_sql(f'DROP DATABASE IF EXISTS "{settings_dict["NAME"]}" WITH (FORCE)')


def _admin_sql(statement: str) -> None:
    s = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=s["USER"],
        password=s.get("PASSWORD") or None,
        host=s["HOST"],
        port=s["PORT"],
        autocommit=True,
    ) as admin:
        admin.execute(statement)


def _tables(conn) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's column names and rows, ordered by primary key (or by every column
    when a table has none)."""
    result = {}
    with conn.cursor() as cursor:
        for table in sorted(conn.introspection.table_names(cursor)):
            keys = conn.introspection.get_primary_key_columns(cursor, table) or []
            quoted = conn.ops.quote_name(table)
            cursor.execute(f"SELECT * FROM {quoted} WHERE 1 = 0")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            order = ", ".join(conn.ops.quote_name(k) for k in keys) or ", ".join(
                str(i + 1) for i in range(len(columns))
            )
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            result[table] = (columns, [tuple(row) for row in cursor.fetchall()])
    return result


def _files(root: Path) -> dict[str, bytes]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


class CommentWriter:
    """Another process posting comments to the source in a loop, each after writing a
    media file of its own, until told to stop: the site carrying on during the backup."""

    def __init__(self, site: Install, stop_file: Path):
        self.stop_file = stop_file
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", WRITER],
            cwd=REPO,
            env=site.env(WRITER_STOP=str(stop_file), WRITER_DIR=WRITER_DIR),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.ids: list[int] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            if line.startswith("written "):
                self.ids.append(int(line.split()[1]))

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 120
        while len(self.ids) < count:
            assert self.process.poll() is None, self.process.stderr.read()
            assert time.monotonic() < deadline, "the writer wrote nothing"
            time.sleep(0.01)

    def stop(self) -> None:
        self.stop_file.touch()
        returncode = self.process.wait(timeout=60)
        self.reader.join(timeout=10)
        assert returncode == 0, self.process.stderr.read()


def test_a_backup_under_writes_restores_every_row_and_file(source, fresh, tmp_path):
    archive = tmp_path / "hearth.tar.gz"
    writer = CommentWriter(source, tmp_path / "stop-writing")
    try:
        writer.wait_for(3)
        written_before = len(writer.ids)
        backup = source.manage("backup", str(archive))
    finally:
        writer.stop()
    assert backup.returncode == 0, backup.stderr
    assert "Backed up the" in backup.stdout

    restore = fresh.manage("restore", str(archive))
    assert restore.returncode == 0, restore.stderr
    assert "Restored the" in restore.stdout

    source_tables = source.tables()
    restored_tables = fresh.tables()
    assert sorted(restored_tables) == sorted(source_tables)

    # The comments restored are the seed's and a prefix of the writer's: the snapshot
    # fell after the backup started and before the writer stopped.
    comment_table = Comment._meta.db_table
    columns, restored_comments = restored_tables[comment_table]
    restored_ids = {row[columns.index("id")] for row in restored_comments}
    kept = [pk for pk in writer.ids if pk in restored_ids]
    assert kept == writer.ids[: len(kept)]
    assert written_before < len(kept) < len(writer.ids)
    late = set(writer.ids[len(kept) :])

    for table, (columns, rows) in source_tables.items():
        if table == comment_table:
            rows = [row for row in rows if row[columns.index("id")] not in late]
        assert restored_tables[table] == (columns, rows), f"{table} differs"

    # Media: every file byte for byte. Files of comments written after the snapshot may
    # be in the archive or not; every file of a restored comment is there.
    source_files = _files(source.media_root)
    restored_files = _files(fresh.media_root)
    assert any(name.startswith("original_images/") for name in restored_files)
    assert any(name.startswith("documents/") for name in restored_files)
    for name, content in restored_files.items():
        assert source_files[name] == content, name
    expected = {name for name in source_files if not name.startswith(WRITER_DIR)}
    expected |= {f"{WRITER_DIR}/{n}.txt" for n in range(1, len(kept) + 1)}
    assert expected <= set(restored_files)
    assert set(restored_files) <= set(source_files)


def _backup(site: Install, archive: Path) -> Path:
    result = site.manage("backup", str(archive))
    assert result.returncode == 0, result.stderr
    return archive


def _rewrite(archive: Path, out: Path, name: str, change) -> Path:
    """A well-formed copy of `archive` whose member `name` is `change(content)`."""
    with tarfile.open(archive, "r:gz") as original, tarfile.open(out, "w:gz") as rewritten:
        for member in original.getmembers():
            content = original.extractfile(member).read()
            if member.name == name:
                content = change(content)
                member.size = len(content)
            rewritten.addfile(member, io.BytesIO(content))
    return out


def _rewrite_manifest(archive: Path, out: Path, change) -> Path:
    """A copy of `archive` whose manifest `change(manifest)` altered."""

    def rewrite(content: bytes) -> bytes:
        manifest = json.loads(content)
        change(manifest)
        return json.dumps(manifest).encode()

    return _rewrite(archive, out, "manifest.json", rewrite)


def _assert_unchanged(site: Install, tables_before, files_before):
    assert site.tables() == tables_before
    assert _files(site.media_root) == files_before


def test_a_damaged_archive_is_refused_and_nothing_changes(source, tmp_path):
    archive = _backup(source, tmp_path / "hearth.tar.gz")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0x01
    archive.write_bytes(bytes(data))
    tables_before, files_before = source.tables(), _files(source.media_root)

    # Even told to overwrite the live site, a damaged archive touches nothing.
    result = source.manage("restore", "--force", str(archive))

    assert result.returncode != 0
    assert "is damaged" in result.stderr
    assert "nothing was changed" in result.stderr
    _assert_unchanged(source, tables_before, files_before)


def test_a_file_altered_inside_a_well_formed_archive_is_refused(source, fresh, tmp_path):
    """The gzip stream is intact here: only the manifest's checksums can tell."""
    archive = _backup(source, tmp_path / "hearth.tar.gz")
    with tarfile.open(archive, "r:gz") as tar:
        image = next(name for name in tar.getnames() if name.startswith("media/original_images/"))
    altered = _rewrite(
        archive, tmp_path / "altered.tar.gz", image, lambda content: content[:-1] + b"!"
    )

    result = fresh.manage("restore", str(altered))

    assert result.returncode != 0
    assert f"the checksum of {image} does not match" in result.stderr
    assert fresh.tables() == {}
    assert _files(fresh.media_root) == {}


def test_an_archive_from_a_newer_schema_is_refused(source, fresh, tmp_path):
    archive = _backup(source, tmp_path / "hearth.tar.gz")
    newer = _rewrite_manifest(
        archive,
        tmp_path / "newer.tar.gz",
        lambda manifest: manifest["migrations"]["core"].append("9999_from_a_newer_hearth"),
    )

    result = fresh.manage("restore", str(newer))

    assert result.returncode != 0
    assert "newer Hearth" in result.stderr
    assert "core.9999_from_a_newer_hearth" in result.stderr
    assert fresh.tables() == {}
    assert _files(fresh.media_root) == {}


def test_an_archive_from_another_database_vendor_is_refused(source, fresh, tmp_path):
    archive = _backup(source, tmp_path / "hearth.tar.gz")
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    foreign = _rewrite_manifest(
        archive,
        tmp_path / "foreign.tar.gz",
        lambda manifest: manifest["database"].update(vendor=other),
    )

    result = fresh.manage("restore", str(foreign))

    assert result.returncode != 0
    assert "across database vendors is not supported" in result.stderr
    assert fresh.tables() == {}


def test_a_target_holding_data_is_refused_without_force(source, tmp_path):
    archive = _backup(source, tmp_path / "hearth.tar.gz")
    comments = connection.ops.quote_name(Comment._meta.db_table)
    source.execute(f"DELETE FROM {comments}")  # noqa: S608
    tables_before, files_before = source.tables(), _files(source.media_root)

    refused = source.manage("restore", str(archive))

    assert refused.returncode != 0
    assert "holds data" in refused.stderr
    assert "the media storage holds files" in refused.stderr
    assert "--force" in refused.stderr
    _assert_unchanged(source, tables_before, files_before)

    forced = source.manage("restore", "--force", str(archive))

    assert forced.returncode == 0, forced.stderr
    assert source.execute(f"SELECT COUNT(*) FROM {comments}") == [(3,)]  # noqa: S608


def test_the_archive_is_readable_by_its_owner_only(source, tmp_path):
    """The archive holds the whole database: whatever the operator's umask, 0600."""
    archive = tmp_path / "hearth.tar.gz"
    archive.write_bytes(b"last night's archive")
    archive.chmod(0o644)
    stale = tmp_path / ".hearth.tar.gz.partial"  # what an interrupted run leaves
    stale.write_bytes(b"half an archive")
    stale.chmod(0o644)
    previous = os.umask(0o022)  # the subprocess inherits it, as from an operator's shell
    try:
        _backup(source, archive)
    finally:
        os.umask(previous)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert not stale.exists()
    with tarfile.open(archive, "r:gz") as tar:
        assert "manifest.json" in tar.getnames()

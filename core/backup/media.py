"""The media half of a backup: every file of the default storage, through the storage
API (listdir/open/save), so it works the same on the file system and object storage."""

import hashlib
import tempfile
from collections.abc import Iterator
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage

CHUNK = 1024 * 1024
# Files up to this size are held in memory while hashed; larger ones spill to disk.
SPOOL_LIMIT = 8 * 1024 * 1024


def walk(storage: Storage, directory: str = "") -> Iterator[str]:
    """Every file name in `storage`, depth first, in a stable order."""
    try:
        directories, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for name in sorted(directories):
        yield from walk(storage, f"{directory}/{name}" if directory else name)


def read_copy(storage: Storage, name: str) -> tuple[IO[bytes], int, str] | None:
    """A private copy of the file's bytes with their size and sha256, or None when the
    file vanished since it was listed. The checksum is of exactly the bytes archived,
    even if someone rewrites the file meanwhile."""
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT)  # noqa: SIM115 (returned)
    digest = hashlib.sha256()
    size = 0
    try:
        with storage.open(name, "rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
                copy.write(chunk)
                size += len(chunk)
    except FileNotFoundError:
        copy.close()
        return None
    copy.seek(0)
    return copy, size, digest.hexdigest()


def spool(handle: IO[bytes]) -> IO[bytes]:
    """A seekable copy of a stream (a tar member read in stream mode cannot seek)."""
    copy = tempfile.SpooledTemporaryFile(max_size=SPOOL_LIMIT)  # noqa: SIM115 (returned)
    while chunk := handle.read(CHUNK):
        copy.write(chunk)
    copy.seek(0)
    return copy


def put(storage: Storage, name: str, content: IO[bytes]) -> None:
    """Store `content` under exactly `name`, replacing a file already there."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(content, name=name))
    if saved != name:
        raise OSError(f"The media storage saved {name!r} as {saved!r}.")

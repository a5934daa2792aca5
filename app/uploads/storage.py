"""Where uploaded bytes are kept: in the database, in the upload's own row (FILE_STORAGE=database,
the default: one place to back up, and erasure is one transaction), or as files in a directory
(FILE_STORAGE=directory, FILE_DIRECTORY): rows stay small when files are many or large.

A directory's files are named by the upload's id. They are written before the row, so a file
whose row never came (a crash between the two), or whose row went (a submission erased, past
retention, an upload never used), is swept by `flask forms purge`. Erasing a submission deletes
its files at once as well (forget()). Object storage (S3 and the like) is the way to scale past one
machine's disk: a third class with these four methods (docs/uploads.md).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from app.store import uploads as rows


@dataclass(frozen=True)
class DatabaseStorage:
    """The bytes in the upload's row (`uploads.data`)."""

    def kept_in_row(self, upload_id: str, data: bytes) -> bytes | None:
        return data

    def read(self, engine: Engine, upload_id: str) -> bytes | None:
        return rows.read_data(engine, upload_id)

    def forget(self, upload_ids: list[str]) -> None:
        """Nothing to do: the rows took their bytes with them."""

    def sweep(self, engine: Engine) -> int:
        return 0


@dataclass(frozen=True)
class DirectoryStorage:
    """The bytes as files named by the upload's id, readable by this service's user only."""

    directory: Path

    def kept_in_row(self, upload_id: str, data: bytes) -> bytes | None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(upload_id)
        partial = path.with_suffix(".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)  # whole or not there: never half a file under the id
        return None

    def read(self, engine: Engine, upload_id: str) -> bytes | None:
        try:
            return self._path(upload_id).read_bytes()
        except FileNotFoundError:
            return None

    def forget(self, upload_ids: list[str]) -> None:
        for upload_id in upload_ids:
            with contextlib.suppress(FileNotFoundError):
                self._path(upload_id).unlink()

    def sweep(self, engine: Engine) -> int:
        """Delete the files with no row; how many."""
        if not self.directory.is_dir():
            return 0
        names = {path.name.removesuffix(".partial") for path in self.directory.iterdir()}
        ids = [name for name in names if rows.is_upload_id(name)]
        orphans = set(ids) - rows.known_ids(engine, ids)
        for upload_id in orphans:
            for path in (self._path(upload_id), self._path(upload_id).with_suffix(".partial")):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
        return len(orphans)

    def _path(self, upload_id: str) -> Path:
        if not rows.is_upload_id(upload_id):  # the only names ever joined to the directory
            raise ValueError("not an upload id")
        return self.directory / upload_id


Storage = DatabaseStorage | DirectoryStorage


def storage_for(kind: str, directory: str) -> Storage:
    if kind == "database":
        return DatabaseStorage()
    if kind == "directory":
        if not directory:
            raise ValueError(
                "FILE_STORAGE=directory needs FILE_DIRECTORY, the folder to keep files in"
            )
        return DirectoryStorage(Path(directory))
    raise ValueError(f"FILE_STORAGE must be database or directory, not {kind!r}")

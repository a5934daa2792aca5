"""Reading and writing uploaded files' rows (the `uploads` table): a file is stored when it
arrives, unattached; a submission that names it in an answer attaches it, in the submission's own
transaction; unattached files expire and are purged. Plain Python, like repository.py."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from app.forms.definition import FormDefinition
from app.forms.file_answers import upload_ids

from .tables import uploads

# "file_" and what secrets.token_urlsafe(UPLOAD_ID_BYTES) makes: 128 random bits, so an id is as
# hard to guess as a draft's and is the only thing an answer needs to name the file.
UPLOAD_ID_BYTES = 16
UPLOAD_ID = re.compile(r"^file_[A-Za-z0-9_-]{22}$")


@dataclass(frozen=True)
class StoredFile:
    """An upload's row, without its bytes."""

    id: str
    form_id: str
    page_id: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    reference: str | None = None

    def answer(self) -> dict[str, Any]:
        """What an answer to a file question holds: the id and what a person reads about it."""
        return {
            "id": self.id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
        }


COLUMNS = [uploads.c[name] for name in StoredFile.__dataclass_fields__]


def new_upload_id() -> str:
    return "file_" + secrets.token_urlsafe(UPLOAD_ID_BYTES)


def is_upload_id(value: Any) -> bool:
    return isinstance(value, str) and UPLOAD_ID.match(value) is not None


def add_upload(conn: Connection | Engine, stored: StoredFile, data: bytes | None) -> None:
    """One new unattached upload; `data` None when its bytes are kept outside the database."""
    with _begin(conn) as c:
        c.execute(uploads.insert(), {**asdict(stored), "data": data})


def get_upload(conn: Connection | Engine, upload_id: str) -> StoredFile | None:
    if not is_upload_id(upload_id):
        return None
    with _begin(conn) as c:
        row = c.execute(sa.select(*COLUMNS).where(uploads.c.id == upload_id)).mappings().first()
    return StoredFile(**row) if row else None


def read_data(conn: Connection | Engine, upload_id: str) -> bytes | None:
    with _begin(conn) as c:
        return c.execute(sa.select(uploads.c.data).where(uploads.c.id == upload_id)).scalar()


def files_of(conn: Connection | Engine, reference: str) -> list[StoredFile]:
    """The files attached to a submission."""
    with _begin(conn) as c:
        rows = c.execute(
            sa.select(*COLUMNS).where(uploads.c.reference == reference).order_by(uploads.c.id)
        ).mappings()
        return [StoredFile(**row) for row in rows]


def file_ids(form: FormDefinition, answers: Mapping[str, Any]) -> list[str]:
    """The upload ids the answers to the form's file questions name, in each entry of a
    repeating group too."""
    return [upload_id for upload_id in upload_ids(form, answers) if is_upload_id(upload_id)]


def keep_until(conn: Connection | Engine, ids: Iterable[str], until: dt.datetime) -> None:
    """Keep unattached uploads as long as the draft that names them (its every save)."""
    ids = list(ids)
    if not ids:
        return
    with _begin(conn) as c:
        c.execute(
            uploads.update()
            .where(uploads.c.id.in_(ids), uploads.c.reference.is_(None))
            .values(expires_at=until)
        )


def attach(c: Connection, form: FormDefinition, answers: Mapping[str, Any], reference: str) -> int:
    """Give the answers' uploads to the submission `reference` (in its transaction): from now
    they live and die with it. How many were attached."""
    ids = file_ids(form, answers)
    if not ids:
        return 0
    return c.execute(
        uploads.update()
        .where(
            uploads.c.id.in_(ids),
            uploads.c.form_id == form.id,
            uploads.c.reference.is_(None),
        )
        .values(reference=reference, expires_at=None)
    ).rowcount


def delete_unattached(conn: Connection | Engine, upload_id: str, form_id: str) -> bool:
    """Delete an upload no submission has taken (a citizen replacing the file they gave)."""
    with _begin(conn) as c:
        return (
            c.execute(
                uploads.delete().where(
                    uploads.c.id == upload_id,
                    uploads.c.form_id == form_id,
                    uploads.c.reference.is_(None),
                )
            ).rowcount
            == 1
        )


def purge_unattached(conn: Connection | Engine, now: dt.datetime) -> list[str]:
    """Delete the uploads no submission took before they expired; their ids."""
    with _begin(conn) as c:
        return list(
            c.execute(
                uploads.delete()
                .where(uploads.c.reference.is_(None), uploads.c.expires_at <= now)
                .returning(uploads.c.id)
            ).scalars()
        )


def known_ids(conn: Connection | Engine, ids: Iterable[str]) -> set[str]:
    """Which of these ids still have a row (the directory store's sweep keeps only those)."""
    ids = list(ids)
    found: set[str] = set()
    with _begin(conn) as c:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            found.update(
                c.execute(sa.select(uploads.c.id).where(uploads.c.id.in_(chunk))).scalars()
            )
    return found


@contextmanager
def _begin(conn: Connection | Engine) -> Iterator[Connection]:
    """A transaction on an Engine (committed on success), or the given Connection as it is."""
    if isinstance(conn, Engine):
        with conn.begin() as connection:
            yield connection
    else:
        yield conn

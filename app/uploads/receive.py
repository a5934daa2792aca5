"""One uploaded file, from its bytes to a stored upload, for the HTML flow and the API alike:

    1. not empty, not over the question's size: "The selected file is empty", "The selected
       file must be smaller than 7MB"
    2. a kind the question accepts, read from the bytes: "The selected file must be a PDF, JPG
       or PNG"
    3. scanned by clamd when one is set: "The selected file contains a virus"
    4. photos re-encoded without metadata, where the question says so
    5. stored: the bytes (database or directory), then the row, unattached until a submission
       names it; it expires with the draft that holds it

Each refusal is a Refused with the GOV.UK Design System's words; nothing is stored then.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.engine import Engine

from app.forms.definition import FormDefinition, Page
from app.forms.questions import descriptor_of
from app.store import uploads as rows

from . import images
from .kinds import Kind, detect, labels
from .scanner import Clamd, ScanFailed
from .storage import Storage

log = logging.getLogger(__name__)  # upload ids and kinds only: never a file name or its bytes

TRY_AGAIN = "The selected file could not be uploaded – try again"
MAX_FILENAME = 200


class Refused(Exception):
    """The file is not taken: `message` says why, as the page (or the API) shows it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class UploadSettings:
    storage: Storage
    scanner: Clamd | None = None
    lifetime: dt.timedelta = dt.timedelta(hours=24)  # of an upload no submission has taken


def check(page: Page, data: bytes) -> Kind:
    """Steps 1 and 2: the kind of a file the question takes, or Refused."""
    question = descriptor_of(page)
    if not data:
        raise Refused("The selected file is empty")
    if len(data) > question.max_bytes(page):
        raise Refused(f"The selected file must be smaller than {question.max_size_mb(page):g}MB")
    kind = detect(data)
    accept = question.accept(page)
    if kind is None or kind.name not in accept:
        raise Refused(f"The selected file must be a {labels(accept)}")
    return kind


def receive(
    engine: Engine,
    settings: UploadSettings,
    form: FormDefinition,
    page: Page,
    filename: str,
    data: bytes,
    now: dt.datetime,
) -> rows.StoredFile:
    kind = check(page, data)
    if settings.scanner is not None:
        scan(settings.scanner, data)
    if kind.image and descriptor_of(page).strips_metadata(page):
        try:
            data = images.without_metadata(data, kind)
        except images.Unreadable:
            accept = labels(descriptor_of(page).accept(page))
            raise Refused(f"The selected file must be a {accept}") from None
    stored = rows.StoredFile(
        id=rows.new_upload_id(),
        form_id=form.id,
        page_id=page.id,
        filename=safe_filename(filename, kind),
        content_type=kind.mime,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        created_at=now,
        expires_at=now + settings.lifetime,
    )
    rows.add_upload(engine, stored, settings.storage.kept_in_row(stored.id, data))
    log.info("form %s: upload %s stored (%s)", form.id, stored.id, kind.name)
    return stored


def scan(scanner: Clamd, data: bytes) -> None:
    try:
        verdict = scanner.scan(data)
    except ScanFailed as error:
        log.error("virus scan failed, upload refused: %s", error)
        raise Refused(TRY_AGAIN) from None
    if not verdict.clean:
        log.warning("virus scan found %s: upload refused", verdict.signature)
        raise Refused("The selected file contains a virus")


def safe_filename(filename: str, kind: Kind) -> str:
    """The name as the citizen's computer had it, without a path, control characters or a
    misleading extension: `C:\\photos\\pothole.JPG` → `pothole.JPG`; `report.exe.pdf` that is a
    PNG → `report.exe.png` (the name the agency saves it under says what it is)."""
    name = re.split(r"[\\/]", filename)[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable()).strip(" .")
    stem, extension = os.path.splitext(name)
    if extension.lower() not in _extensions(kind):
        extension = kind.extension
    stem = stem[: MAX_FILENAME - len(extension)] or "file"
    return stem + extension


def _extensions(kind: Kind) -> set[str]:
    return {kind.extension, ".jpeg"} if kind.name == "jpg" else {kind.extension}

"""`type: file`: a file the citizen uploads (a photo, a PDF), stored as it arrives (app/uploads)
and answered by what identifies it: `{id, filename, content_type, size}`.

The bytes are checked when they arrive, before any answer names them (app/uploads/receive.py:
empty, too large, not an accepted kind by their content, a virus); the answer only ever holds an
upload the portal made, so the engine checks its shape. The pages post the file itself
(multipart/form-data); the API posts it first to POST /api/v1/forms/<id>/files and answers with
the id it gets back, which the API turns into this shape before the engine sees it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from app.i18n import N_, gettext
from app.uploads.kinds import DEFAULT_ACCEPT, KINDS, labels

from . import widgets
from .base import Descriptor, FieldError, Invalid

if TYPE_CHECKING:
    from app.forms.definition import Page

DEFAULT_MAX_SIZE_MB = 7  # as GOV.UK Forms
MAX_SIZE_MB = 100  # the most a question may allow: files pass through the app server's memory
ANSWER_KEYS = frozenset({"id", "filename", "content_type", "size"})
UPLOAD_ID_PATTERN = r"^file_[A-Za-z0-9_-]{22}$"


class File(Descriptor):
    name = "file"
    label = "a file: upload it to …/files, then give its id"
    default_name, default_subject = N_("a file"), N_("The selected file")
    verb = "Select"  # "Select a file", the GOV.UK file upload message
    settings = frozenset({"accept", "max_size_mb", "strip_metadata"})
    expected = "the id of a file uploaded to POST /api/v1/forms/<id>/files"
    refusal_names_answer = True
    macro = "file_upload"
    takes_file = True

    # -- the rules the uploads are checked by (app/uploads/receive.py) -----------------------

    def accept(self, page: Page) -> tuple[str, ...]:
        return tuple(page.accept or DEFAULT_ACCEPT)

    def max_size_mb(self, page: Page) -> float:
        return page.max_size_mb or DEFAULT_MAX_SIZE_MB

    def max_bytes(self, page: Page) -> int:
        return int(self.max_size_mb(page) * 1024 * 1024)

    def strips_metadata(self, page: Page) -> bool:
        return bool(page.strip_metadata)

    # -- the answer -------------------------------------------------------------------------

    def wrong_type(self, page: Page, raw: Any) -> FieldError | None:
        if isinstance(raw, str) and not raw.strip():
            return None  # blank: unanswered
        if isinstance(raw, dict) and set(raw) == ANSWER_KEYS:
            return None
        return self.refusal(page)

    def normalise(self, page: Page, raw: Any, today: dt.date) -> dict[str, Any]:
        if raw.get("content_type") not in {KINDS[name].mime for name in self.accept(page)}:
            kinds = labels(self.accept(page))
            raise Invalid(gettext("The selected file must be a %(kinds)s", kinds=kinds))
        return dict(raw)

    def setting_problems(self, page: Page) -> list[tuple[tuple, str]]:
        size = page.max_size_mb
        if size is not None and not 0 < size <= MAX_SIZE_MB:
            return [(("max_size_mb",), f"`max_size_mb` must be above 0 and at most {MAX_SIZE_MB}")]
        return []

    # -- the HTML flow ----------------------------------------------------------------------

    def shown(self, page: Page, value: Any) -> Any:
        return value if isinstance(value, dict) else None

    def params(self, page: Page, value: Any, errors: list[FieldError]) -> dict:
        """GOV.UK Frontend's file upload. A file already given is named in the hint: choosing
        none keeps it (a browser never fills a file input in again)."""
        hint = widgets.hint(page)
        if value:
            kept = gettext(
                "You have uploaded %(file)s. Choose another file to replace it.",
                file=value["filename"],
            )
            if hint and "html" in hint:  # the form's hint, in a language not the reader's
                hint = {"html": Markup("{} {}").format(hint["html"], kept)}
            else:
                hint = {"text": f"{hint['text']} {kept}" if hint else kept}
        accept = ",".join(
            f"{KINDS[name].extension},{KINDS[name].mime}" for name in self.accept(page)
        )
        return {
            "id": page.id,
            "name": page.id,
            "label": widgets.label(page),
            "hint": hint,
            "errorMessage": widgets.error_message(errors),
            "attributes": {"accept": accept},
        }

    def answer_html(self, page: Page, value: Any) -> Markup:
        return escape(value["filename"])

    # -- the JSON Schema: the API answers with the upload's id ------------------------------

    def value_schema(self, page: Page) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": UPLOAD_ID_PATTERN,
            "description": "the `id` that POST /api/v1/forms/{form_id}/files answered with, "
            "for a file uploaded to this question",
        }


QUESTION = File()

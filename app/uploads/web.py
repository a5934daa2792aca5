"""The Flask side of uploads: the settings, the larger body a file question's page may post, and
what the HTML flow makes of a posted file.

Every other page may post 64 KiB (MAX_CONTENT_LENGTH). A file question's page may post up to
UPLOAD_REQUEST_MAX, so that a file over the question's own limit still arrives whole and the
citizen reads "The selected file must be smaller than 7MB" on the page rather than a 413. The
allowance is given before the CSRF check reads the form (init_uploads runs before init_csrf).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import Flask, current_app, request

from app.body_limits import allow_file_parts
from app.forms.definition import FormDefinition, Page, RepeatingGroup
from app.forms.questions import descriptor_of, takes_file
from app.forms.questions.base import FieldError
from app.forms.registry import load_form
from app.store import get_engine
from app.store import uploads as rows
from app.store.repository import DRAFT_LIFETIME, Draft, utcnow

from .receive import Refused, UploadSettings, receive
from .scanner import Clamd
from .storage import storage_for

EXTENSION = "portal_uploads"
CLAMD_ADDRESS = re.compile(r"^(tcp://[^/:\s]+:[0-9]{1,5}|unix:///\S+)$")


def upload_settings(app: Flask | None = None) -> UploadSettings:
    app = app or current_app
    settings = app.extensions.get(EXTENSION)
    if settings is None:
        address = app.config["CLAMD_ADDRESS"]
        if address and not CLAMD_ADDRESS.match(address):
            raise ValueError(
                f"CLAMD_ADDRESS {address!r} is not tcp://host:port or unix:///path/to/clamd.ctl"
            )
        settings = app.extensions[EXTENSION] = UploadSettings(
            storage=storage_for(app.config["FILE_STORAGE"], app.config["FILE_DIRECTORY"]),
            scanner=Clamd(address, float(app.config["CLAMD_TIMEOUT"])) if address else None,
            lifetime=DRAFT_LIFETIME,
        )
    return settings


def file_page(
    form_id: str | None, page_id: str | None, inner_id: str | None = None
) -> tuple[FormDefinition, Page] | None:
    """The form and file question a page asks: `page_id`, or the question `inner_id` of the
    repeating group `page_id` (an entry's page); None when it asks no file."""
    form = load_form(form_id) if form_id else None
    if form is None or not page_id:
        return None
    if inner_id is None:
        page = form.page(page_id)
    else:
        group = form.group(page_id)
        page = group.page(inner_id) if group else None
    return (form, page) if page is not None and takes_file(page) else None


def allow_file_posts() -> None:
    """A post to a file question's page (asked once, or for an entry of a repeating group) may
    be as large as UPLOAD_REQUEST_MAX."""
    endpoint = request.endpoint or ""
    if request.method != "POST" or not endpoint.endswith((".question", ".entry")):
        return
    args = request.view_args or {}
    if file_page(args.get("form_id"), args.get("page_id"), args.get("inner_id")) is not None:
        allow_file_parts(current_app.config["UPLOAD_REQUEST_MAX"])


def posted_answer(form: FormDefinition, page: Page, previous: Any) -> tuple[Any, list[FieldError]]:
    """The raw answer a question's page posted, and the errors of a file refused as it arrived
    (only a file question has those): for a page asked once and an entry's page alike."""
    if takes_file(page):
        return posted_file(form, page, previous)
    return descriptor_of(page).posted(page, request.form), []


def posted_file(form: FormDefinition, page: Page, previous: Any) -> tuple[Any, list[FieldError]]:
    """The answer a file question's page posted: a new file, checked and stored; no file chosen
    keeps the one uploaded before (a browser never fills a file input in again); neither is
    blank, which the engine calls missing ("Select a file") unless the question is optional."""
    given = request.files.get(page.id)
    if given is None or not given.filename:
        return (previous if isinstance(previous, dict) else ""), []
    try:
        stored = receive(
            get_engine(),
            upload_settings(),
            form,
            page,
            given.filename,
            given.stream.read(),
            utcnow(),
        )
    except Refused as refused:
        return None, [FieldError(page.id, refused.message)]
    if isinstance(previous, dict):
        forget_replaced(form, previous.get("id"))
    return stored.answer(), []


def forget_replaced(form: FormDefinition, upload_id: Any) -> None:
    """The file the new one replaces is deleted now, not when the draft expires: a citizen who
    chose the wrong photo should not leave it with us for a day."""
    forget_unattached(form, [upload_id])


def forget_unattached(form: FormDefinition, upload_ids: list[Any]) -> None:
    """Delete uploads no submission has taken, rows and bytes: a replaced file, or the files of
    an entry the citizen removed from a repeating group."""
    gone = [
        upload_id
        for upload_id in upload_ids
        if rows.is_upload_id(upload_id) and rows.delete_unattached(get_engine(), upload_id, form.id)
    ]
    if gone:
        upload_settings().storage.forget(gone)


def forget_entry_files(form: FormDefinition, group: RepeatingGroup, entry: dict) -> None:
    """An entry removed from a repeating group takes its files with it."""
    forget_unattached(form, rows.file_ids(form, {group.id: [entry]}))


def draft_files_until(draft: Draft | None) -> dt.datetime:
    """How long a draft's files are kept from a save of it: as long as the draft, a day from
    now, or longer when it was saved for later."""
    until = utcnow() + DRAFT_LIFETIME
    return max(until, draft.expires_at) if draft else until


def keep_draft_files(form: FormDefinition, answers: dict, until: dt.datetime) -> None:
    """The files a draft names (in a repeating group's entries too) live as long as the draft."""
    rows.keep_until(get_engine(), rows.file_ids(form, answers), until)


def erasing_files(reference: str):
    """Around erasing a submission: its files' rows go with it (the foreign key cascades); a
    directory's files go too, once the erasure has happened (call the result with whether it
    did), rather than at the next purge."""
    ids = [stored.id for stored in rows.files_of(get_engine(), reference)]

    def erased(done: bool) -> bool:
        if done and ids:
            upload_settings().storage.forget(ids)
        return done

    return erased


def init_uploads(app: Flask) -> None:
    """After the body limits, before the CSRF check reads the form. The settings are read now,
    so that a wrong one stops the service from starting rather than failing the first upload."""
    upload_settings(app)
    app.before_request(allow_file_posts)

"""`flask --app app forms purge` and `flask --app app forms export <form-id> [--output FILE]`.

The export is one row per submission and one column per question. A repeating group's entries
take one group of columns each, `<group>.<n>.<question>` (`household.2.member-name`), as many
groups as the most entries any exported submission has: a spreadsheet keeps one row per
submission, and a receiver splits the groups by their names.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import Any

import click
from flask import current_app
from flask.cli import AppGroup

from app.forms.definition import RepeatingGroup
from app.forms.registry import content_source, load_form

from . import get_engine
from .repository import export_submissions, purge_expired_drafts, purge_submissions, utcnow
from .saved import purge_resume_links
from .uploads import is_upload_id, purge_unattached

forms_cli = AppGroup("forms", help="Stored form submissions: purge and export.")

# A cell starting with one of these may be run as a formula by a spreadsheet program (OWASP's list:
# `+` and `-` too, since `-2+3+cmd|...` is live), so it gets a leading `'`. A phone number or a
# negative number then shows with the quote: the price of never running an answer.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@forms_cli.command("purge")
def purge_command() -> None:
    """Delete submissions past their form's retention (with their files), expired drafts (saved
    ones too, past their form's `save_and_return.days`), expired resume links and uploaded files
    that no submission took."""
    from app.uploads.web import upload_settings

    engine, now = get_engine(), utcnow()
    gone = purge_submissions(engine, now)
    drafts_gone = purge_expired_drafts(engine, now)  # a saved draft's reference goes with it
    purge_resume_links(engine, now)  # with any email of theirs still unsent
    files_gone = len(purge_unattached(engine, now))
    upload_settings().storage.sweep(engine)  # a directory's files whose row has gone
    click.echo(
        f"Deleted {gone} submission{'s' * (gone != 1)} past retention, "
        f"{drafts_gone} expired draft{'s' * (drafts_gone != 1)} and "
        f"{files_gone} unused uploaded file{'s' * (files_gone != 1)}."
    )


@forms_cli.command("export")
@click.argument("form_id")
@click.option(
    "--output",
    "-o",
    type=click.File("w", encoding="utf-8", lazy=True),
    default="-",
    help="the CSV file to write (default: standard output)",
)
def export_command(form_id: str, output) -> None:
    """Write a form's submissions as CSV: reference, submitted_at, language (the citizen's), one
    column per page (a group of columns per entry of a repeating group: household.1.member-name,
    …)."""
    rows = list(export_submissions(get_engine(), form_id))
    columns = _columns(form_id, rows)
    # RFC 4180's line ending: the writer quotes a cell holding either character of it, so an
    # answer with a carriage return stays one cell instead of breaking the row.
    writer = csv.writer(output, lineterminator="\r\n")
    # Every cell is neutralised, headers and references too: page ids of old answers come from
    # the database, and nothing written here should be trusted to stay harmless.
    header = ["reference", "submitted_at", "language", *(name for name, _value in columns)]
    writer.writerow([_neutral(text) for text in header])
    for row in rows:
        writer.writerow(
            [
                _neutral(row.reference),
                _neutral(row.created_at.isoformat(timespec="seconds")),
                _neutral(row.language or ""),
                *(_neutral(_cell(value(row.answers))) for _name, value in columns),
            ]
        )


Column = tuple[str, Callable[[dict], Any]]


def _columns(form_id: str, rows) -> list[Column]:
    """The form's pages in order (a repeating group's entries each a group of columns), then any
    answered page the current definition no longer has."""
    form = load_form(form_id)
    if form is None and not rows:
        raise click.ClickException(
            f"no form `{form_id}` in {content_source(current_app)} and no submissions stored for it"
        )
    columns: list[Column] = []
    known: set[str] = set()
    for item in form.pages if form is not None else []:
        known.add(item.id)
        if isinstance(item, RepeatingGroup):
            columns += _entry_columns(item, rows)
        else:
            columns.append((item.id, _answer(item.id)))
    for row in rows:
        for key in row.answers:
            if key not in known:
                known.add(key)
                columns.append((key, _answer(key)))
    return columns


def _entry_columns(group: RepeatingGroup, rows) -> list[Column]:
    most = max((_entry_count(row.answers.get(group.id)) for row in rows), default=0)
    return [
        (f"{group.id}.{number}.{page.id}", _entry_answer(group.id, number - 1, page.id))
        for number in range(1, most + 1)
        for page in group.pages
    ]


def _entry_count(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def _answer(key: str) -> Callable[[dict], Any]:
    return lambda answers: answers.get(key)


def _entry_answer(group_id: str, index: int, key: str) -> Callable[[dict], Any]:
    def value(answers: dict) -> Any:
        entries = answers.get(group_id)
        if not isinstance(entries, list) or index >= len(entries):
            return None
        entry = entries[index]
        return entry.get(key) if isinstance(entry, dict) else None

    return value


def _cell(value: Any) -> str:
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = "; ".join(_cell(item) for item in value)
    elif isinstance(value, dict) and is_upload_id(value.get("id")):
        text = (
            f"{value.get('filename')} ({value['id']})"  # a file: its name, and the id to fetch it
        )
    elif isinstance(value, dict):
        text = ", ".join(_cell(item) for item in value.values() if item not in (None, ""))
    else:
        text = str(value)
    return text


def _neutral(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text

"""The pages of a repeating group ("add another", as in GOV.UK Forms and the Design System's
"add multiple things" pattern):

    GET  /forms/<id>/<group>                  the summary: "You have added 2 people", each entry
                                              with Change and Remove, "Do you need to add another
                                              person?" (with no entries yet: the first entry)
    POST /forms/<id>/<group>                  yes: a new entry; no: on through the form
    GET  /forms/<id>/<group>/<n>/<question>   a question of entry n (from 1; n one past the
    POST                                      last starts a new entry)
    GET  /forms/<id>/<group>/<n>/remove       "Are you sure you want to remove this person?"
    POST                                      yes removes it (never below the group's `min`)

The entries are kept in the draft as the group's answer: a list of objects of answers by question
id, checked by the same engine as every other answer (app/forms/repeating.py). The summary's
choice is not stored: "no" goes on, "yes" goes to a new entry, which exists once its first
question is answered.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, render_template, request
from markupsafe import Markup

from app.i18n import gettext
from app.store import repository as store
from app.uploads.web import (
    draft_files_until,
    forget_entry_files,
    keep_draft_files,
    posted_answer,
)

from .definition import CHECK_ANSWERS, FormDefinition, Page, RepeatingGroup
from .engine import check_page, page_to_show, previous_page
from .flow import (
    changing,
    current_draft,
    entry_url,
    expired,
    flow,
    flow_url,
    following_url,
    has_cookie,
    keep_answers,
    lapsed,
    page_url,
    save_as_it_was,
    save_offered,
    saving,
    see_other,
    start_url,
)
from .questions import descriptor_of, takes_file
from .registry import form_or_404, start_page_path
from .repeating import check_group, entry_lines, entry_name, first_unfinished

ADD_ANOTHER = "add-another"  # the summary's yes/no
CONFIRM_REMOVE = "confirm-remove"


def _changed(**args) -> dict:
    """The `change=1` a page came with, passed on to the pages it links to."""
    return {"change": "1", **args} if changing() else args


def _draft(form: FormDefinition, group: RepeatingGroup) -> tuple[store.Draft | None, Any]:
    """The draft, or the page saying it has gone (as on a question: app/forms/web.py)."""
    draft = current_draft(form)
    first = group.id == form.pages[0].id
    if draft is None and (lapsed(form) or (flow().embedded and not first and not has_cookie(form))):
        return None, expired(form)
    return draft, None


def entries_of(draft: store.Draft | None, group: RepeatingGroup) -> list[dict[str, Any]]:
    entries = (draft.answers if draft else {}).get(group.id)
    return [dict(e) for e in entries if isinstance(e, dict)] if isinstance(entries, list) else []


def entry_html(group: RepeatingGroup, entry: dict[str, Any]) -> Markup:
    """An entry's answers, one a line (app/forms/repeating.py says which)."""
    return Markup("<br>").join(entry_lines(group, entry))


# -- the summary ------------------------------------------------------------------------------


def summary(form: FormDefinition, group: RepeatingGroup):
    draft, gone = _draft(form, group)
    if gone:
        return gone
    entries = entries_of(draft, group)
    if not entries:
        return see_other(entry_url(form, group, 1, group.pages[0].id, **_changed()))
    answers = dict(draft.answers) if draft else {}
    errors: list[str] = []
    if request.method == "POST":
        full = len(entries) >= group.repeat.max
        choice = "no" if full else request.form.get(ADD_ANOTHER)
        if choice == "yes":
            new = len(entries) + 1
            return see_other(entry_url(form, group, new, group.pages[0].id, **_changed()))
        if choice == "no":
            _value, found = check_group(group, entries, dt.date.today())
            unfinished = first_unfinished(group, found)
            if unfinished:
                number, page_id = unfinished
                return see_other(entry_url(form, group, number + 1, page_id, **_changed()))
            if not found:
                return see_other(following_url(form, group.id, answers))
            errors = [found[0].message]
        else:
            errors = [
                gettext("Select yes if you need to add another %(noun)s", noun=group.repeat.noun)
            ]
    elif (shown := page_to_show(form, group.id, answers)) != group.id:
        return see_other(page_url(form, shown))
    return render_template(
        "forms/repeat_summary.html",
        form=form,
        group=group,
        heading=gettext("You have added %(entries)s", entries=group.repeat.count(len(entries))),
        rows=[
            _summary_row(form, group, number, entry, len(entries))
            for number, entry in enumerate(entries, 1)
        ],
        full=len(entries) >= group.repeat.max,
        radios=_add_another(group, errors),
        error_list=[{"text": message, "href": f"#{ADD_ANOTHER}"} for message in errors],
        action=page_url(form, group.id, **_changed()),
        back_href=_before_group(form, group, answers),
    )


def _summary_row(
    form: FormDefinition, group: RepeatingGroup, number: int, entry: dict, count: int
) -> dict:
    name = entry_name(group, number)
    actions = [
        {
            "href": entry_url(form, group, number, group.pages[0].id, **_changed()),
            "text": gettext("Change"),
            "visuallyHiddenText": name.lower(),
        }
    ]
    if count > group.repeat.min:
        actions.append(
            {
                "href": flow_url(
                    "remove_entry", form_id=form.id, page_id=group.id, entry=number, **_changed()
                ),
                "text": gettext("Remove"),
                "visuallyHiddenText": name.lower(),
            }
        )
    return {
        "key": {"text": name},
        "value": {"html": entry_html(group, entry)},
        "actions": {"items": actions},
    }


def _add_another(group: RepeatingGroup, errors: list[str]) -> dict:
    return {
        "name": ADD_ANOTHER,
        "idPrefix": ADD_ANOTHER,
        "classes": "govuk-radios--inline",
        "fieldset": {
            "legend": {
                "text": gettext("Do you need to add another %(noun)s?", noun=group.repeat.noun),
                "classes": "govuk-fieldset__legend--m",
            }
        },
        "errorMessage": {"text": errors[0]} if errors else None,
        "items": yes_no_items(),
    }


def yes_no_items() -> list[dict]:
    return [{"value": "yes", "text": gettext("Yes")}, {"value": "no", "text": gettext("No")}]


def _before_group(form: FormDefinition, group: RepeatingGroup, answers: dict) -> str | None:
    if changing():
        return page_url(form, CHECK_ANSWERS)
    before = previous_page(form, group.id, answers)
    if before:
        return page_url(form, before)
    return start_url(form) if flow().embedded else start_page_path(form)


# -- an entry's questions ---------------------------------------------------------------------


def entry_question(form_id: str, page_id: str, entry: int, inner_id: str):
    form = form_or_404(form_id)
    group = form.group(page_id)
    page = group.page(inner_id) if group else None
    if group is None or page is None:
        abort(404)
    draft, gone = _draft(form, group)
    if gone:
        return gone
    entries = entries_of(draft, group)
    new = entry == len(entries) + 1
    if entry < 1 or entry > len(entries) + 1 or entry > group.repeat.max:
        return see_other(page_url(form, group.id, **_changed()))  # no such entry: the summary
    if new and page is not group.pages[0]:
        return see_other(entry_url(form, group, entry, group.pages[0].id, **_changed()))
    current = {} if new else entries[entry - 1]
    kind = descriptor_of(page)
    if request.method == "POST":
        # a file is checked and stored as it arrives, for this entry: one per entry
        raw, refused = posted_answer(form, page, current.get(page.id))
        checked = check_page(form, page.id, raw)
        if checked.valid and not refused:
            return _save_entry(form, group, page, draft, entries, entry, checked.value)
        if saving(form):
            return save_as_it_was(form, draft, page.id)
        value = current.get(page.id) if takes_file(page) else raw
        errors = refused or checked.errors
    else:
        value, errors = kind.shown(page, current.get(page.id)), []
    return render_template(
        "forms/question.html",
        form=form,
        page=page,
        caption=entry_name(group, entry),
        back_href=_entry_back(form, group, page, entry, entries),
        macro=kind.macro,
        params=kind.params(page, value, errors),
        error_list=[{"text": e.message, "href": kind.error_href(page, e)} for e in errors],
        action=entry_url(form, group, entry, page.id, **_changed()),
        save_offered=save_offered(form),
    )


def _save_entry(
    form: FormDefinition,
    group: RepeatingGroup,
    page: Page,
    draft: store.Draft | None,
    entries: list[dict],
    entry: int,
    value: Any,
):
    if entry > len(entries):
        entries.append({})
    if value is None:
        entries[entry - 1].pop(page.id, None)
    else:
        entries[entry - 1][page.id] = value
    answers = {**(draft.answers if draft else {}), group.id: entries}
    keep_draft_files(form, answers, draft_files_until(draft))
    position = group.pages.index(page)
    if position + 1 < len(group.pages):
        following = entry_url(form, group, entry, group.pages[position + 1].id, **_changed())
    else:
        following = page_url(form, group.id, **_changed())
    first = group.id == form.pages[0].id and entry == 1 and position == 0
    return keep_answers(form, draft, answers, following, rotate=first)


def _entry_back(
    form: FormDefinition, group: RepeatingGroup, page: Page, entry: int, entries: list
) -> str | None:
    position = group.pages.index(page)
    if position:
        return entry_url(form, group, entry, group.pages[position - 1].id, **_changed())
    if entries:
        return page_url(form, group.id, **_changed())  # the summary of the entries so far
    return _before_group(form, group, {})


# -- removing an entry ------------------------------------------------------------------------


def remove_entry(form_id: str, page_id: str, entry: int):
    form = form_or_404(form_id)
    group = form.group(page_id)
    if group is None:
        abort(404)
    draft, gone = _draft(form, group)
    if gone:
        return gone
    entries = entries_of(draft, group)
    summary_url = page_url(form, group.id, **_changed())
    if not 1 <= entry <= len(entries):
        return see_other(summary_url)
    noun = group.repeat.noun
    errors: list[str] = []
    if request.method == "POST":
        choice = request.form.get(CONFIRM_REMOVE)
        if choice == "no":
            return see_other(summary_url)
        if choice == "yes" and len(entries) > group.repeat.min:
            removed = entries.pop(entry - 1)
            answers = {**draft.answers, group.id: entries}
            response = keep_answers(form, draft, answers, summary_url)
            forget_entry_files(form, group, removed)  # kept by nobody now: not left for a day
            return response
        if choice == "yes":
            errors = [
                gettext(
                    "You cannot remove this %(noun)s: you need to add at least %(least)s. "
                    "Change their answers instead",
                    noun=noun,
                    least=group.repeat.count(group.repeat.min),
                )
            ]
        else:
            errors = [gettext("Select yes if you want to remove this %(noun)s", noun=noun)]
    question = gettext("Are you sure you want to remove this %(noun)s?", noun=noun)
    return render_template(
        "forms/repeat_remove.html",
        form=form,
        heading=question,
        radios={
            "name": CONFIRM_REMOVE,
            "idPrefix": CONFIRM_REMOVE,
            "classes": "govuk-radios--inline",
            "fieldset": {
                "legend": {
                    "text": question,
                    "isPageHeading": True,
                    "classes": "govuk-fieldset__legend--l",
                }
            },
            "hint": {"html": entry_html(group, entries[entry - 1])},
            "errorMessage": {"text": errors[0]} if errors else None,
            "items": yes_no_items(),
        },
        error_list=[{"text": message, "href": f"#{CONFIRM_REMOVE}"} for message in errors],
        action=flow_url(
            "remove_entry", form_id=form.id, page_id=group.id, entry=entry, **_changed()
        ),
        back_href=summary_url,
    )

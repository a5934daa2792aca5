"""The sample forms as the audit fills them in: a valid answer for every question, and the wrong
answers that put each question in each of its error states. Answers are what a person types
into the page's inputs, by input name."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

from PIL import Image
from playwright.async_api import Page

from app.content.yamlsource import parse_yaml
from app.forms.definition import FormDefinition, RepeatingGroup
from app.forms.definition import Page as Question
from app.forms.definition import QuestionType as T
from app.forms.questions import descriptor_of
from app.forms.questions.address import ADDRESS_LINE_MAX
from app.i18n import gettext_in

from .portal import CONTENT

Fields = dict[str, str]
CHOICES = (T.YES_NO, T.RADIOS, T.CHECKBOXES, T.SELECT)
TYPED = {
    T.TEXT: "Sam Smith",
    T.TEXTAREA: "Outside number 14, by the bus stop.",
    T.EMAIL: "sam@example.com",
    T.PHONE: "01632 960 001",
    T.POSTCODE: "NP1 4AA",
    T.NATIONAL_INSURANCE_NUMBER: "AB 12 34 56 C",
}
WRONG_FORMAT = {
    T.EMAIL: "sam.example.com",
    T.PHONE: "123",
    T.POSTCODE: "NOPE 1",
    T.NATIONAL_INSURANCE_NUMBER: "QQ 12",
    T.NUMBER: "twelve",
}
ADDRESS = {"line1": "1 Mill Lane", "line2": "", "town": "Northport", "postcode": "NP1 4AA"}


def form_ids(content: Path = CONTENT) -> list[str]:
    return sorted(path.stem for path in (content / "forms").glob("*.yaml"))


def load_form(form_id: str, content: Path = CONTENT) -> FormDefinition:
    text = (content / "forms" / f"{form_id}.yaml").read_text(encoding="utf-8")
    return FormDefinition.model_validate(parse_yaml(text)[0])


@cache
def files() -> Path:
    """A folder of the files the audit uploads, made once a run."""
    return Path(tempfile.mkdtemp(prefix="portal-audit-files-"))


def sample_file(name: str, data: bytes) -> str:
    path = files() / name
    path.write_bytes(data)
    return str(path)


def a_photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 90, 60)).save(out, "JPEG")
    return out.getvalue()


def parts(question: Question, values: dict[str, str]) -> Fields:
    return {f"{question.id}-{part}": value for part, value in values.items()}


def valid_answer(question: Question) -> Fields:
    """An answer the question accepts: the first option of a choice."""
    if question.type in CHOICES:
        first = "yes" if question.type is T.YES_NO else question.options[0].value
        return {question.id: first}
    if question.type is T.DATE:
        return parts(question, {"day": "27", "month": "3", "year": "1990"})
    if question.type is T.ADDRESS:
        return parts(question, ADDRESS)
    if question.type is T.NUMBER:
        return {question.id: str(question.min if question.min is not None else 1)}
    if question.type is T.FILE:  # the path of a photo to upload
        return {question.id: sample_file("pothole.jpg", a_photo())}
    return {question.id: TYPED[question.type]}


@dataclass(frozen=True)
class ErrorState:
    name: str
    fields: Fields


def error_states(question: Question, today: dt.date) -> list[ErrorState]:
    """Each way the question's answer can be wrong, as typed into its inputs."""
    states = [] if question.optional else [ErrorState("empty", {})]
    kind = question.type
    if kind in (T.TEXT, T.TEXTAREA):
        limit = question.max_length or (500 if kind is T.TEXT else 5000)
        states.append(ErrorState("too long", {question.id: "x" * (limit + 1)}))
    if kind in WRONG_FORMAT:
        states.append(ErrorState("wrong format", {question.id: WRONG_FORMAT[kind]}))
    if kind is T.NUMBER and question.max is not None:
        states.append(ErrorState("too big", {question.id: str(question.max + 1)}))
    if kind is T.DATE:
        states += [
            ErrorState("missing a year", parts(question, {"day": "27", "month": "3"})),
            ErrorState(
                "not a real date", parts(question, {"day": "31", "month": "2", "year": "2001"})
            ),
            ErrorState(
                "two-digit year", parts(question, {"day": "27", "month": "3", "year": "90"})
            ),
        ]
        if question.past:
            states.append(
                ErrorState(
                    "not in the past",
                    parts(question, {"day": "1", "month": "1", "year": str(today.year + 1)}),
                )
            )
        if question.future:
            states.append(
                ErrorState(
                    "not in the future",
                    parts(question, {"day": "1", "month": "1", "year": str(today.year - 1)}),
                )
            )
    if kind is T.ADDRESS:
        states += [
            ErrorState("not a postcode", parts(question, {**ADDRESS, "postcode": "NOPE 1"})),
            ErrorState(
                "line too long", parts(question, {**ADDRESS, "line1": "x" * (ADDRESS_LINE_MAX + 1)})
            ),
        ]
    if kind is T.FILE:
        too_large = a_photo() + b"\0" * descriptor_of(question).max_bytes(question)
        states += [
            ErrorState("an empty file", {question.id: sample_file("empty.jpg", b"")}),
            ErrorState(
                "a renamed program",
                {question.id: sample_file("setup.jpg", b"MZ\x90\x00\x03" + b"\0" * 200)},
            ),
            ErrorState("too large", {question.id: sample_file("large.jpg", too_large)}),
        ]
    return states


async def fill(page: Page, question: Question, fields: Fields) -> None:
    """Type or choose `fields` on the page asking `question` (with a pointer: the keyboard
    journey does it with keys alone)."""
    for name, value in fields.items():
        if question.type in (T.YES_NO, T.RADIOS, T.CHECKBOXES):
            await page.check(f'[name="{name}"][value="{value}"]')
        elif question.type is T.SELECT:
            await page.select_option(f'[name="{name}"]', value)
        elif question.type is T.FILE:
            await page.set_input_files(f'[name="{name}"]', value)
        else:
            await page.fill(f'[name="{name}"]', value)


async def press_button(page: Page, name: str) -> None:
    """Click the button called `name` and wait for the page it leads to."""
    async with page.expect_navigation():
        await page.get_by_role("button", name=name).click()


ADD_ANOTHER = "add-another"  # the radios of a repeating group's summary page


def last_part(page: Page) -> str:
    return urlsplit(page.url).path.rstrip("/").rsplit("/", 1)[-1]


def question_of(form: FormDefinition, page: Page) -> Question | None:
    """The question on the page (by the last part of its URL; an entry's question in a
    repeating group too), None on another page."""
    return form.question(last_part(page))


def group_of(form: FormDefinition, page: Page) -> RepeatingGroup | None:
    """The repeating group whose summary ("You have added 1 person") the page is."""
    return form.group(last_part(page))


async def go_on(
    page: Page, form: FormDefinition, answers: dict[str, Fields], language: str = "en"
) -> bool:
    """Answer the question the browser is on (or say no more entries on a repeating group's
    summary) and continue, in the `language` of the pages; False on any other page."""
    question = question_of(form, page)
    if question is not None:
        await fill(page, question, answers.get(question.id) or valid_answer(question))
    elif group_of(form, page) is not None:
        await page.check(f'[name="{ADD_ANOTHER}"][value="no"]')
    else:
        return False
    before = page.url
    await press_button(page, gettext_in(language, "Continue"))
    assert page.url != before, f"{before} did not accept the answer"
    return True


def answers_to_reach(form: FormDefinition, target: Question) -> dict[str, Fields]:
    """What to answer, beyond the first options, to put `target` on the citizen's route: the `if`
    of a route that goes to it (nothing when the first options lead there). A page off the route
    is never shown: its URL sends the citizen on to the next page on their route."""
    for page in form.pages:
        for route in page.routes:
            if route.goto == target.id and route.if_:
                return {page_id: {page_id: value} for page_id, value in route.conditions().items()}
    return {}


async def walk_to(page: Page, form: FormDefinition, target: Question) -> None:
    """From the question the browser is on, answer each one until `target` is asked."""
    answers = answers_to_reach(form, target)
    while question_of(form, page) != target:
        assert await go_on(page, form, answers), f"{target.id} is not on the route of {answers}"


async def complete(page, form, language: str = "en"):
    """Answer every question the form asks (first options, valid answers) from the page the
    browser is on to check your answers, in the `language` of the pages."""
    while await go_on(page, form, {}, language):
        pass
    assert urlsplit(page.url).path.endswith("/check-answers"), page.url
    if language == "en":
        assert "Check your answers" in await page.title()

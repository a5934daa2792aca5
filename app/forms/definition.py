"""The schema of a service form: `content/forms/<id>.yaml`.

Documented for content designers in docs/forms.md and exported as docs/form-definition.schema.json
(`python build.py schema`). Like the content models, `extra="forbid"`: a misspelt field is an error.
`FormDefinition.rule_problems()` gives the rules between fields as (location, message) pairs, so the
loader can point at the line to fix.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    StringConstraints,
    Tag,
    field_validator,
)

from app.content.models import LanguageCode, Slug, Strict, Text
from app.delivery.address import parse_literal, refusal
from app.i18n import N_, gettext
from app.origins import Origin
from app.suggestions import did_you_mean
from app.uploads.kinds import FileKind

from .form_text import FormText, by_key, foreign_language
from .questions import QuestionType, descriptor_of, taking

CHECK_ANSWERS = "check-answers"
# Addresses the citizen flow uses itself: /forms/<id>/<page> never reaches a page with these ids.
RESERVED_PAGE_IDS = {
    CHECK_ANSWERS: "the check answers page",
    "confirmation": "the confirmation page",
    "embed": "the address of the embedded form",
    "save-for-later": 'the "Save and come back later" pages',
}
# /forms/<id> would never reach a form with these ids.
RESERVED_FORM_IDS = {
    "delete": "the page where citizens delete a submission",
    "resume": "the page where citizens come back to a saved form",
}
MAX_RETENTION_DAYS = 3650
# https:// anywhere; plain http:// only to this machine (localhost, 127.0.0.1, [::1]), so a
# receiver can be tried out locally while nothing ever travels unencrypted over a network.
HttpsUrl = Annotated[
    str,
    StringConstraints(
        pattern=r"^(https://[^/\s]+|http://(localhost|127\.0\.0\.1|\[::1\])(:[0-9]{1,5})?)(/\S*)?$"
    ),
]


def _public_target(url: str) -> str:
    """A webhook written as an address inside a network (10.x, 169.254.169.254, …) is refused
    here; loopback passes (delivery sends to it only in development) and names are judged when
    the delivery is sent, after DNS (app/delivery/address.py)."""
    address = parse_literal(urlsplit(url).hostname or "")
    reason = address and refusal(address, allow_loopback=True)
    if reason:
        raise ValueError(
            f"points at {reason}: deliveries go only to public addresses, so give "
            "the agency's public https:// address"
        )
    return url


WebhookUrl = Annotated[HttpsUrl, AfterValidator(_public_target)]
EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]
# What the citizen sends, as it goes in a sentence: "Now send your report".
Noun = Annotated[str, StringConstraints(pattern=r"^[a-z]+(?:[ -][a-z]+)*$")]
DEFAULT_NOUN = N_("application")  # in the reader's language where shown


# The page fields only some question types take (each type's descriptor lists its own).
SETTINGS = (
    "options",
    "max_length",
    "min",
    "max",
    "decimals",
    "past",
    "future",
    "accept",
    "max_size_mb",
    "strip_metadata",
)


class Option(Strict):
    value: Text = Field(description="what is stored and what routes compare: `in-person`")
    text: Text = Field(description="what the citizen sees: `In person at a polling station`")
    exclusive: bool | None = Field(
        default=None,
        description='checkboxes: true on the last option for "None of these": shown after '
        '"or", it cannot be ticked with another',
    )


class ExitPage(Strict):
    """A page that ends the journey: a route goes there instead of on through the form."""

    id: Slug = Field(description="unique among the form's pages; the page's URL")
    title: Text = Field(description="the page heading: `You cannot use this service`")
    body: Text = Field(description="Markdown: why, and what the citizen can do instead")
    # a copy in another language says which (app/forms/translation.py)
    _text_language: str | None = PrivateAttr(default=None)


class Route(Strict):
    """Go to `goto` when every answer in `if` matches (no `if`: always)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    if_: dict[Slug, str | bool | int] | None = Field(
        default=None,
        alias="if",
        description="answers that must all match, by page id: `{location-type: pavement}`; "
        "a checkbox answer matches when that box is ticked; no `if`: always",
    )
    goto: Slug = Field(description="the id of a later page, or `check-answers`")
    match: Literal["any", "every"] | None = Field(
        default=None,
        description="for answers in a repeating group: whether `any` entry's answer must match "
        "(the default) or `every` entry's",
    )

    def conditions(self) -> dict[str, str]:
        """The `if` answers as the engine compares them: YAML's `yes`/`no` read as yes/no."""
        return {page: condition_value(value) for page, value in (self.if_ or {}).items()}


def condition_value(value: str | bool | int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Page(Strict):
    """One question on its own page."""

    id: Slug = Field(description="unique in the form; the page's URL and the answer's key")
    question: Text = Field(description="the page heading: `What is your date of birth?`")
    type: QuestionType = Field(description="the kind of answer, which sets the input and checks")
    name: Text | None = Field(
        default=None,
        description="how error messages name the answer: `your date of birth` "
        'gives "Enter your date of birth"',
    )
    hint: str | None = Field(default=None, description="help shown under the question")
    optional: bool = Field(default=False, description="true if the citizen may leave it empty")
    autocomplete: str | None = Field(
        default=None, description="the HTML autocomplete token for personal data: `name`"
    )
    options: list[Option] | None = Field(
        default=None, description="radios, checkboxes and select: the choices, in order"
    )
    max_length: int | None = Field(
        default=None, ge=1, description="text and textarea: most characters (default 500 and 5000)"
    )
    min: int | None = Field(default=None, description="number: the smallest allowed")
    max: int | None = Field(default=None, description="number: the largest allowed")
    decimals: bool | None = Field(
        default=None,
        description="number: true to take a decimal point (`2.5`); otherwise only whole numbers",
    )
    past: bool | None = Field(default=None, description="date: must be before today")
    future: bool | None = Field(default=None, description="date: must be after today")
    accept: list[FileKind] | None = Field(
        default=None,
        min_length=1,
        description="file: the kinds of file taken, read from the content: "
        "`[pdf, jpg, png]` (the default: all three)",
    )
    max_size_mb: float | None = Field(
        default=None, description="file: the largest file taken, in MB (default 7)"
    )
    strip_metadata: bool | None = Field(
        default=None,
        description="file: true to re-encode photos (JPG, PNG) without their metadata, "
        "such as where they were taken",
    )
    routes: list[Route] = Field(
        default=[],
        description="where to go next; the first route that matches wins, otherwise the next page",
    )
    _text_language: str | None = PrivateAttr(default=None)  # as on ExitPage

    def option_values(self) -> list[str]:
        return descriptor_of(self).values(self)

    def setting_problems(self) -> list[tuple[tuple, str]]:
        """Settings that do not fit the question type, as (location under the page, message)."""
        kind, found = descriptor_of(self), []
        if "options" in kind.settings:
            found += self._option_problems(kind.min_options)
            found += self._exclusive_problems(kind.takes_exclusive)
        for name in SETTINGS:
            if getattr(self, name) is not None and name not in kind.settings:
                found.append(((name,), _not_taken(name)))
        return found + kind.setting_problems(self)

    def _option_problems(self, least: int) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        if len(self.options or []) < least:
            found.append(
                (
                    ("type",),
                    f"a `{self.type}` question needs `options:` (at least "
                    f"{least}), each `{{value: …, text: …}}`",
                )
            )
        seen: set[str] = set()
        for index, option in enumerate(self.options or []):
            if option.value in seen:
                found.append(
                    (
                        ("options", index, "value"),
                        f"option value `{option.value}` "
                        "is given twice: option values must be unique",
                    )
                )
            seen.add(option.value)
        return found

    def _exclusive_problems(self, taken: bool) -> list[tuple[tuple, str]]:
        """ "None of these": a checkbox of its own, after the others (GOV.UK's pattern)."""
        options = self.options or []
        marked = [index for index, option in enumerate(options) if option.exclusive]
        if marked and not taken:
            return [
                (
                    ("options", marked[0], "exclusive"),
                    "`exclusive` is only for checkboxes (a radio button is exclusive "
                    "already): remove it",
                )
            ]
        return [
            (
                ("options", index, "exclusive"),
                'only the last option can be `exclusive` (the "None of these" after '
                '"or"): move it to the end, and mark only one',
            )
            for index in marked
            if index != len(options) - 1
        ]


def _id_problems(
    page_id: str, loc: tuple, first_at: dict[str, int], index: int
) -> list[tuple[tuple, str]]:
    """A page id must be unique in the whole form (repeating groups' pages too), and not one
    of the addresses the flow uses itself."""
    found: list[tuple[tuple, str]] = []
    if page_id in RESERVED_PAGE_IDS:
        found.append(
            (
                (*loc, "id"),
                f"`{page_id}` is {RESERVED_PAGE_IDS[page_id]}: give this page another id",
            )
        )
    elif page_id in first_at:
        found.append(
            (
                (*loc, "id"),
                f"page id `{page_id}` is used twice (also page {first_at[page_id] + 1}): page ids "
                "must be unique",
            )
        )
    first_at.setdefault(page_id, index)
    return found


def _not_taken(setting: str) -> str:
    """`max_length` on a date: which types do take it."""
    *others, last = taking(setting)
    types = f"{', '.join(others)} and {last}" if others else last
    if setting == "options":
        return f"`options` is only for {types}: remove it or change `type`"
    return f"`{setting}` is only for {types} questions: remove it"


class Delivery(Strict):
    """Where submissions are sent (used by the delivery worker)."""

    webhook: WebhookUrl = Field(
        description="the https:// address submissions are posted to "
        "(http:// only to this machine, for testing)"
    )
    secret_env: EnvName = Field(
        description="the environment variable holding the signing secret: `POTHOLE_SECRET`"
    )
    test_webhook: WebhookUrl | None = Field(
        default=None,
        description="where submissions made with a test key (`portal_test_…`) are posted, "
        "signed with the same secret; none: test submissions are not sent",
    )


class Emails(Strict):
    """What the citizen is sent by email once they have sent the form (when the service has a
    mail server: the SMTP_HOST setting). See docs/forms.md."""

    confirmation: bool = Field(
        default=True,
        description="send the confirmation email, with the reference, to the address the form "
        "asks for (or the one given for a copy of the answers)",
    )
    copy_of_answers: bool = Field(
        default=True,
        description='offer "Send me a copy of my answers" on the check answers page',
    )
    address_page: Slug | None = Field(
        default=None,
        description="the id of the `email` question whose answer is the citizen's address; "
        "default: the first `email` question they answered",
    )


MAX_SAVE_DAYS = 90  # a saved draft holds personal data no one has sent yet: not for a season


class SaveAndReturn(Strict):
    """ "Save and come back later" on every question page and check your answers: by an emailed
    one-time link (when the service sends email) or a reference and resume code. See
    docs/forms.md."""

    enabled: bool = Field(default=False, description='true to offer "Save and come back later"')
    days: int = Field(
        default=28,
        description="how many days a saved draft is kept from the citizen's last save "
        "(default 28, at most 90); then it is deleted",
        json_schema_extra={"minimum": 1, "maximum": MAX_SAVE_DAYS},
    )


# A page a repeating group's entries use for themselves: /forms/<id>/<group>/<n>/remove.
REMOVE = "remove"
MAX_ENTRIES = 50  # the most entries a group may allow: every answer of a form fits in one post


class Repeat(Strict):
    """How a group of pages repeats: what one entry is, and how many there may be."""

    noun: Noun = Field(
        description='what one entry is, in lower case: `person` gives "Do you need to add '
        'another person?"'
    )
    plural: Noun | None = Field(
        default=None, description="the noun for more than one: `people` (default: noun + s)"
    )
    min: int = Field(default=1, ge=1, description="the fewest entries (default 1)")
    max: int = Field(
        default=10, ge=1, le=MAX_ENTRIES, description="the most entries (default 10, at most 50)"
    )

    def plural_text(self) -> str:
        return self.plural or f"{self.noun}s"

    def count(self, number: int) -> str:
        """`1 person`, `2 people`."""
        return f"{number} {self.noun if number == 1 else self.plural_text()}"


class RepeatingGroup(Strict):
    """Pages asked once for each entry (each person, each address), with a summary page that
    lists the entries and asks whether to add another."""

    id: Slug = Field(
        description="unique in the form: the summary page's URL and the answer's key, "
        "whose answer is a list of entries"
    )
    repeat: Repeat = Field(description="what an entry is called, and how many there may be")
    pages: list[Page] = Field(
        min_length=1, description="the questions asked for each entry, one a page, in order"
    )
    routes: list[Route] = Field(
        default=[],
        description="where to go after the group; the first route that matches wins, otherwise "
        "the next page",
    )
    _text_language: str | None = PrivateAttr(default=None)  # as on ExitPage

    def page(self, page_id: str) -> Page | None:
        return next((page for page in self.pages if page.id == page_id), None)

    def group_problems(self) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        if self.repeat.min > self.repeat.max:
            found.append(
                (
                    ("repeat", "min"),
                    f"`min` ({self.repeat.min}) is more than `max` ({self.repeat.max}): "
                    "make `min` the fewest entries and `max` the most",
                )
            )
        for index, page in enumerate(self.pages):
            if page.id == REMOVE:
                found.append(
                    (
                        ("pages", index, "id"),
                        "`remove` is the page that removes an entry: give this page another id",
                    )
                )
            if page.routes:
                found.append(
                    (
                        ("pages", index, "routes"),
                        "the pages of a repeating group are all asked, in order, for each "
                        "entry: put `routes` on the group, after its `pages`",
                    )
                )
            found += [(("pages", index, *loc), message) for loc, message in page.setting_problems()]
        return found


def _page_or_group(value: Any) -> str:
    """Which model a page in the YAML is: a repeating group has `repeat`."""
    if isinstance(value, dict):
        return "RepeatingGroup" if "repeat" in value else "Page"
    return type(value).__name__


# pydantic puts the tag ("Page", "RepeatingGroup") in an error's location; the content loader's
# validate() (app.content.validation) leaves it out, so the error points at the field's line.
FormPage = Annotated[
    Annotated[Page, Tag("Page")] | Annotated[RepeatingGroup, Tag("RepeatingGroup")],
    Discriminator(_page_or_group),
]


class FormDefinition(Strict):
    """A whole form: `content/forms/<id>.yaml`."""

    id: Slug = Field(description="the file name without .yaml")
    title: Text = Field(description="the service's name: `Report a pothole`")
    organisation: Slug = Field(description="a file in content/organisations/, without .md")
    version: int = Field(
        ge=1, description="raise it when questions change; stored with each submission"
    )
    retention_days: int = Field(
        description="how many days submissions are kept (1 to 3650)",
        json_schema_extra={"minimum": 1, "maximum": MAX_RETENTION_DAYS},
    )
    pages: list[FormPage] = Field(
        min_length=1,
        description="the questions, one a page, in order; a page with `repeat` is a group of "
        "pages asked for each entry",
    )
    declaration: str | None = Field(
        default=None, description="what the citizen confirms before sending"
    )
    confirmation: str | None = Field(
        default=None, description="Markdown: what happens next, on the confirmation page"
    )
    noun: Noun | None = Field(
        default=None,
        description="what the citizen sends, in lower case, as it goes in a sentence: "
        '`report`, `registration`, `request` (default `application`): "Now send your report"',
    )
    confirmation_title: Text | None = Field(
        default=None,
        description="the confirmation panel's title: `Pothole reported` "
        '(default: the noun and `complete`, "Report complete")',
    )
    allowed_origins: list[Origin] = Field(
        default=[],
        description="sites that may embed the form or call the API from a browser: "
        "`https://roads.example.gov`",
    )
    delivery: Delivery | None = Field(default=None, description="where submissions are sent")
    emails: Emails = Field(
        default_factory=Emails,
        description="the confirmation email and the copy of the answers the citizen can ask for",
    )
    save_and_return: SaveAndReturn = Field(
        default_factory=SaveAndReturn,
        description='"Save and come back later": `{enabled: true, days: 28}`',
    )
    exit_pages: list[ExitPage] | None = Field(
        default=None,
        description='pages that end the journey ("You cannot use this service"), '
        "reached by a route's `goto`",
    )
    translations: dict[LanguageCode, FormText] | None = Field(
        default=None,
        description="the form's text in the site's other languages, by language code: "
        "`{cy: {title: …, pages: {<page id>: {question: …, hint: …, name: …, options: "
        "{<value>: …}}}, declaration: …, confirmation: …}}`; each complete (docs/forms.md)",
    )
    # in order of language code, as its pages' and options' (form_text.py says why)
    _sorted_translations = field_validator("translations")(lambda value: by_key(value))
    # app/forms/translation.py: this form's copies in other languages, and a copy's language
    _localised: dict[str, FormDefinition] = PrivateAttr(default_factory=dict)
    _text_language: str | None = PrivateAttr(default=None)

    def noun_text(self) -> str:
        """What the citizen sends: "report", or "application" when the form does not say (or
        says it in a language other than the reader's, as it goes in the reader's sentences)."""
        if self.noun and not foreign_language(self):
            return self.noun
        return gettext(DEFAULT_NOUN)

    def confirmation_heading(self) -> str:
        """The confirmation panel's title: "Application complete" unless the form says."""
        noun = self.noun_text()
        return self.confirmation_title or gettext(
            "%(noun)s complete", noun=f"{noun[:1].upper()}{noun[1:]}"
        )

    def exit_page(self, page_id: str) -> ExitPage | None:
        return next((page for page in self.exit_pages or [] if page.id == page_id), None)

    def page(self, page_id: str) -> Page | None:
        """The page of one question, asked once (not a repeating group, nor a page in one)."""
        item = self.item(page_id)
        return item if isinstance(item, Page) else None

    def group(self, page_id: str) -> RepeatingGroup | None:
        item = self.item(page_id)
        return item if isinstance(item, RepeatingGroup) else None

    def item(self, page_id: str) -> Page | RepeatingGroup | None:
        """The page or repeating group with this id, in the form's list of pages."""
        return next((item for item in self.pages if item.id == page_id), None)

    def group_of(self, page_id: str) -> RepeatingGroup | None:
        """The repeating group a question is asked in, for each entry."""
        return next(
            (
                item
                for item in self.pages
                if isinstance(item, RepeatingGroup) and item.page(page_id)
            ),
            None,
        )

    def question(self, page_id: str) -> Page | None:
        """The question with this id, asked once or in a repeating group."""
        group = self.group_of(page_id)
        return group.page(page_id) if group else self.page(page_id)

    def top_id(self, page_id: str) -> str:
        """The id in the form's list of pages that holds this question: its group's, if any."""
        group = self.group_of(page_id)
        return group.id if group else page_id

    def index_of(self, page_id: str) -> int:
        """The page's position; after the last page for check-answers; -1 when there is none."""
        if page_id == CHECK_ANSWERS:
            return len(self.pages)
        return next((i for i, page in enumerate(self.pages) if page.id == page_id), -1)

    def rule_problems(self) -> list[tuple[tuple, str]]:
        """Rules between fields, as (location, message) so the loader can point at the line."""
        found: list[tuple[tuple, str]] = []
        if not 1 <= self.retention_days <= MAX_RETENTION_DAYS:
            found.append(
                (
                    ("retention_days",),
                    "`retention_days` must be between 1 and "
                    f"{MAX_RETENTION_DAYS} (10 years): say how many days submissions are "
                    "kept",
                )
            )
        if self.id in RESERVED_FORM_IDS:
            found.append(
                (
                    ("id",),
                    f"`/forms/{self.id}` is {RESERVED_FORM_IDS[self.id]}: give "
                    "the form another id (and file name)",
                )
            )
        if not 1 <= self.save_and_return.days <= MAX_SAVE_DAYS:
            found.append(
                (
                    ("save_and_return", "days"),
                    f"`days` must be between 1 and {MAX_SAVE_DAYS}: say how many days a "
                    "saved form is kept",
                )
            )
        found += self._email_problems()
        found += self._exit_page_problems()
        first_at: dict[str, int] = {}
        for index, page in enumerate(self.pages):
            found += _id_problems(page.id, ("pages", index), first_at, index)
            if isinstance(page, RepeatingGroup):
                found += [(("pages", index, *loc), msg) for loc, msg in page.group_problems()]
                for number, inner in enumerate(page.pages):
                    found += _id_problems(
                        inner.id, ("pages", index, "pages", number), first_at, index
                    )
            else:
                found += [(("pages", index, *loc), msg) for loc, msg in page.setting_problems()]
            found += [
                (("pages", index, "routes", *loc), message)
                for loc, message in self._route_problems(index, page)
            ]
        return found

    def _email_problems(self) -> list[tuple[tuple, str]]:
        wanted = self.emails.address_page
        if wanted is None:
            return []
        page = self.page(wanted)
        if page is None or not descriptor_of(page).is_email_address:
            emails = [p.id for p in self._email_questions()]
            fix = f"use one of {', '.join(emails)}" if emails else "add an `email` question"
            return [
                (
                    ("emails", "address_page"),
                    f"`{wanted}` is not an `email` question of this form: {fix}, or remove "
                    "`address_page`",
                )
            ]
        return []

    def email_pages(self) -> list[Page]:
        """The questions whose answer is the citizen's email address, in the order tried."""
        wanted = self.emails.address_page
        if wanted is not None:
            return [page for page in self.pages if isinstance(page, Page) and page.id == wanted]
        return self._email_questions()

    def _email_questions(self) -> list[Page]:
        """The form's own email questions (not a repeating group's: those are each entry's)."""
        return [
            page
            for page in self.pages
            if isinstance(page, Page) and descriptor_of(page).is_email_address
        ]

    def _exit_page_problems(self) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        seen: set[str] = set()
        for index, exit_page in enumerate(self.exit_pages or []):
            clash = RESERVED_PAGE_IDS.get(exit_page.id) or (
                "the id of another page"
                if self.item(exit_page.id) or self.question(exit_page.id) or exit_page.id in seen
                else None
            )
            if clash:
                found.append(
                    (
                        ("exit_pages", index, "id"),
                        f"`{exit_page.id}` is {clash}: give this exit page an id of its own",
                    )
                )
            seen.add(exit_page.id)
        return found

    def _route_problems(self, index: int, page: Page | RepeatingGroup) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        for number, route in enumerate(page.routes):
            if route.match and not any(self.group_of(pid) for pid in route.conditions()):
                found.append(
                    (
                        (number, "match"),
                        "`match` is only for a condition on an answer in a repeating group: "
                        "remove it",
                    )
                )
            target = self.index_of(route.goto)
            if self.exit_page(route.goto):
                pass  # an exit page ends the journey, from wherever it is reached
            elif target < 0:
                found.append(
                    (
                        (number, "goto"),
                        f"route goes to `{route.goto}`, which is not a page: use the id of "
                        f"a later page, an exit page or `{CHECK_ANSWERS}`"
                        + did_you_mean(
                            route.goto,
                            [p.id for p in self.pages[index + 1 :]]
                            + [e.id for e in self.exit_pages or []],
                        ),
                    )
                )
            elif target <= index:
                found.append(
                    (
                        (number, "goto"),
                        f"route goes back to `{route.goto}`: a route can "
                        f"only go forward, to a later page or `{CHECK_ANSWERS}`",
                    )
                )
            if route.if_ is None and number < len(page.routes) - 1:
                found.append(
                    (
                        (number,),
                        "a route without `if` always applies, so the routes "
                        "after it never do: make it the last route",
                    )
                )
            for page_id, value in route.conditions().items():
                found += [
                    ((number, "if", page_id), message)
                    for message in self._condition_problems(index, page_id, value)
                ]
        return found

    def _condition_problems(self, index: int, page_id: str, value: str) -> list[str]:
        if self.group(page_id):
            return [
                f"`{page_id}` is a repeating group: a condition names one of its questions, "
                "and `match: any` or `match: every` entry"
            ]
        asked = self.index_of(self.top_id(page_id))
        if asked < 0 or page_id == CHECK_ANSWERS:
            return [
                f"`{page_id}` is not a page: a condition names the id of this page or an "
                "earlier one" + did_you_mean(page_id, [p.id for p in self.pages[: index + 1]])
            ]
        if asked > index:
            return [
                f"`{page_id}` comes after this page: a route can only depend on answers "
                "already given"
            ]
        values = self.question(page_id).option_values()
        if values and value not in values:
            return [f"`{value}` is not an answer to `{page_id}`: use one of " + ", ".join(values)]
        return []

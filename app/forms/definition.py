"""The schema of a service form: `content/forms/<id>.yaml`.

Documented for content designers in docs/forms.md and exported as docs/form-definition.schema.json
(`python build.py schema`). Like the content models, `extra="forbid"`: a misspelt field is an error.
`FormDefinition.rule_problems()` gives the rules between fields as (location, message) pairs, so the
loader can point at the line to fix.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

from app.content.models import Slug, Strict, Text
from app.delivery.address import parse_literal, refusal
from app.origins import Origin
from app.uploads.kinds import FileKind

from .questions import QuestionType, descriptor_of, taking

CHECK_ANSWERS = "check-answers"
# Addresses the citizen flow uses itself: /forms/<id>/<page> never reaches a page with these ids.
RESERVED_PAGE_IDS = {
    CHECK_ANSWERS: "the check answers page",
    "confirmation": "the confirmation page",
    "embed": "the address of the embedded form",
}
# /forms/<id> would never reach a form with these ids.
RESERVED_FORM_IDS = {"delete": "the page where citizens delete a submission"}
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

    def option_values(self) -> list[str]:
        return descriptor_of(self).values(self)

    def setting_problems(self) -> list[tuple[tuple, str]]:
        """Settings that do not fit the question type, as (location under the page, message)."""
        kind, found = descriptor_of(self), []
        if "options" in kind.settings:
            found += self._option_problems(kind.min_options)
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
    pages: list[Page] = Field(min_length=1, description="the questions, one a page, in order")
    declaration: str | None = Field(
        default=None, description="what the citizen confirms before sending"
    )
    confirmation: str | None = Field(
        default=None, description="Markdown: what happens next, on the confirmation page"
    )
    allowed_origins: list[Origin] = Field(
        default=[],
        description="sites that may embed the form or call the API from a browser: "
        "`https://roads.example.gov`",
    )
    delivery: Delivery | None = Field(default=None, description="where submissions are sent")

    def page(self, page_id: str) -> Page | None:
        return next((page for page in self.pages if page.id == page_id), None)

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
        first_at: dict[str, int] = {}
        for index, page in enumerate(self.pages):
            if page.id in RESERVED_PAGE_IDS:
                found.append(
                    (
                        ("pages", index, "id"),
                        f"`{page.id}` is {RESERVED_PAGE_IDS[page.id]}: give this page another id",
                    )
                )
            elif page.id in first_at:
                found.append(
                    (
                        ("pages", index, "id"),
                        f"page id `{page.id}` is used twice (also "
                        f"page {first_at[page.id] + 1}): page ids must be unique",
                    )
                )
            first_at.setdefault(page.id, index)
            found += [(("pages", index, *loc), message) for loc, message in page.setting_problems()]
            found += [
                (("pages", index, "routes", *loc), message)
                for loc, message in self._route_problems(index, page)
            ]
        return found

    def _route_problems(self, index: int, page: Page) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        for number, route in enumerate(page.routes):
            target = self.index_of(route.goto)
            if target < 0:
                found.append(
                    (
                        (number, "goto"),
                        f"route goes to `{route.goto}`, which is not a "
                        f"page: use the id of a later page or `{CHECK_ANSWERS}`",
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
        asked = self.index_of(page_id)
        if asked < 0 or page_id == CHECK_ANSWERS:
            return [
                f"`{page_id}` is not a page: a condition names the id of this page or an "
                "earlier one"
            ]
        if asked > index:
            return [
                f"`{page_id}` comes after this page: a route can only depend on answers "
                "already given"
            ]
        values = self.pages[asked].option_values()
        if values and value not in values:
            return [f"`{value}` is not an answer to `{page_id}`: use one of " + ", ".join(values)]
        return []

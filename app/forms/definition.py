"""The schema of a service form: `content/forms/<id>.yaml`.

Documented for content designers in docs/forms.md and exported as docs/form-definition.schema.json
(`python build.py schema`). Like the content models, `extra="forbid"`: a misspelt field is an error.
`FormDefinition.rule_problems()` gives the rules between fields as (location, message) pairs, so the
loader can point at the line to fix.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import ConfigDict, Field, StringConstraints

from app.content.models import Slug, Strict, Text

CHECK_ANSWERS = "check-answers"
MAX_RETENTION_DAYS = 3650
Origin = Annotated[str, StringConstraints(pattern=r"^https?://[^/\s]+$")]
HttpsUrl = Annotated[str, StringConstraints(pattern=r"^https://[^/\s]+(/\S*)?$")]
EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9_]*$")]


class QuestionType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    EMAIL = "email"
    PHONE = "phone"
    DATE = "date"
    ADDRESS = "address"
    POSTCODE = "postcode"
    NATIONAL_INSURANCE_NUMBER = "national-insurance-number"
    YES_NO = "yes-no"
    RADIOS = "radios"
    CHECKBOXES = "checkboxes"
    SELECT = "select"


CHOICE_TYPES = (QuestionType.RADIOS, QuestionType.CHECKBOXES, QuestionType.SELECT)
TEXT_TYPES = (QuestionType.TEXT, QuestionType.TEXTAREA)
YES_NO_VALUES = ("yes", "no")


class Option(Strict):
    value: Text
    text: Text


class Route(Strict):
    """Go to `goto` when every answer in `if` matches (no `if`: always)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    if_: dict[Slug, str | bool | int] | None = Field(default=None, alias="if")
    goto: Slug

    def conditions(self) -> dict[str, str]:
        """The `if` answers as the engine compares them: YAML's `yes`/`no` read as yes/no."""
        return {page: condition_value(value) for page, value in (self.if_ or {}).items()}


def condition_value(value: str | bool | int) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


class Page(Strict):
    """One question on its own page."""

    id: Slug
    question: Text
    type: QuestionType
    name: Text | None = None  # "your date of birth": in error messages ("Enter your date of birth")
    hint: str | None = None
    optional: bool = False
    autocomplete: str | None = None
    options: list[Option] | None = None
    max_length: int | None = Field(default=None, ge=1)
    min: int | None = None
    max: int | None = None
    past: bool | None = None
    future: bool | None = None
    routes: list[Route] = []

    def option_values(self) -> list[str]:
        if self.type is QuestionType.YES_NO:
            return list(YES_NO_VALUES)
        return [option.value for option in self.options or []]

    def setting_problems(self) -> list[tuple[tuple, str]]:
        """Settings that do not fit the question type, as (location under the page, message)."""
        kind, found = self.type, []
        if kind in CHOICE_TYPES:
            least = 1 if kind is QuestionType.CHECKBOXES else 2
            if len(self.options or []) < least:
                found.append((("type",), f"a `{kind}` question needs `options:` (at least "
                              f"{least}), each `{{value: …, text: …}}`"))
            seen: set[str] = set()
            for index, option in enumerate(self.options or []):
                if option.value in seen:
                    found.append((("options", index, "value"), f"option value `{option.value}` "
                                  "is given twice: option values must be unique"))
                seen.add(option.value)
        elif self.options is not None:
            found.append((("options",), "`options` is only for radios, checkboxes and select: "
                          "remove it or change `type`"))
        only = [("max_length", TEXT_TYPES, "text and textarea"),
                ("min", (QuestionType.NUMBER,), "number"),
                ("max", (QuestionType.NUMBER,), "number"),
                ("past", (QuestionType.DATE,), "date"),
                ("future", (QuestionType.DATE,), "date")]
        for name, types, label in only:
            if getattr(self, name) is not None and kind not in types:
                found.append(((name,), f"`{name}` is only for {label} questions: remove it"))
        if self.past and self.future:
            found.append((("future",), "a date cannot have to be both in the past and in the "
                          "future: keep `past` or `future`"))
        if self.min is not None and self.max is not None and self.min > self.max:
            found.append((("max",), "`max` is less than `min`: check the numbers"))
        return found


class Delivery(Strict):
    """Where submissions are sent (used by the delivery worker)."""

    webhook: HttpsUrl
    secret_env: EnvName  # the environment variable that holds the signing secret


class FormDefinition(Strict):
    """A whole form: `content/forms/<id>.yaml`."""

    id: Slug
    title: Text
    organisation: Slug
    version: int = Field(ge=1)
    retention_days: int
    pages: list[Page] = Field(min_length=1)
    declaration: str | None = None
    confirmation: str | None = None  # Markdown: what happens next
    allowed_origins: list[Origin] = []
    delivery: Delivery | None = None

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
            found.append((("retention_days",), "`retention_days` must be between 1 and "
                          f"{MAX_RETENTION_DAYS} (10 years): say how many days submissions are "
                          "kept"))
        first_at: dict[str, int] = {}
        for index, page in enumerate(self.pages):
            if page.id == CHECK_ANSWERS:
                found.append((("pages", index, "id"), f"`{CHECK_ANSWERS}` is the check answers "
                              "page: give this page another id"))
            elif page.id in first_at:
                found.append((("pages", index, "id"), f"page id `{page.id}` is used twice (also "
                              f"page {first_at[page.id] + 1}): page ids must be unique"))
            first_at.setdefault(page.id, index)
            found += [(("pages", index, *loc), message)
                      for loc, message in page.setting_problems()]
            found += [(("pages", index, "routes", *loc), message)
                      for loc, message in self._route_problems(index, page)]
        return found

    def _route_problems(self, index: int, page: Page) -> list[tuple[tuple, str]]:
        found: list[tuple[tuple, str]] = []
        for number, route in enumerate(page.routes):
            target = self.index_of(route.goto)
            if target < 0:
                found.append(((number, "goto"), f"route goes to `{route.goto}`, which is not a "
                              f"page: use the id of a later page or `{CHECK_ANSWERS}`"))
            elif target <= index:
                found.append(((number, "goto"), f"route goes back to `{route.goto}`: a route can "
                              f"only go forward, to a later page or `{CHECK_ANSWERS}`"))
            if route.if_ is None and number < len(page.routes) - 1:
                found.append(((number,), "a route without `if` always applies, so the routes "
                              "after it never do: make it the last route"))
            for page_id, value in route.conditions().items():
                found += [((number, "if", page_id), message)
                          for message in self._condition_problems(index, page_id, value)]
        return found

    def _condition_problems(self, index: int, page_id: str, value: str) -> list[str]:
        asked = self.index_of(page_id)
        if asked < 0 or page_id == CHECK_ANSWERS:
            return [f"`{page_id}` is not a page: a condition names the id of this page or an "
                    "earlier one"]
        if asked > index:
            return [f"`{page_id}` comes after this page: a route can only depend on answers "
                    "already given"]
        values = self.pages[asked].option_values()
        if values and value not in values:
            return [f"`{value}` is not an answer to `{page_id}`: use one of "
                    + ", ".join(values)]
        return []

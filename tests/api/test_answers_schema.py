"""The JSON Schema of a form's answers agrees with the engine: answers the engine accepts (in the
documented shapes) validate against it, on every route through each sample form, and answers it
refuses for a reason a schema can say do not."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from app.api.answers_schema import answers_schema, form_paths
from app.forms.definition import FormDefinition
from app.forms.engine import evaluate
from tests.api.conftest import ROAD_REPORT
from tests.conftest import SAMPLE

FORMS = {path.stem: path for path in sorted((SAMPLE / "forms").glob("*.yaml"))}

NOBODY_WORKS = [
    {"member-name": "Ada Lovelace", "member-date-of-birth": "1985-12-10", "member-works": "no"},
    {"member-name": "Byron", "member-date-of-birth": "1960-01-02", "member-works": "no"},
]
SOMEONE_WORKS = [NOBODY_WORKS[0], {**NOBODY_WORKS[1], "member-works": "yes"}]
# An answer in the documented shape for every question of the sample forms.
ANSWERS = {
    "report-a-pothole": {
        **ROAD_REPORT,
        "postcode": "sw1a 1aa",
        "pavement-width": "all",
        "harm-details": "A cyclist fell",
        "email": "a@example.com",
    },
    "register-to-vote": {
        "full-name": "Ada Lovelace",
        "changed-name": "no",
        "previous-name": "Ada Byron",
        "date-of-birth": "1985-12-10",
        "nationality": ["british", "irish"],
        "has-ni-number": "yes",
        "ni-number": "AB 12 34 56 C",
        "no-ni-number-reason": "I never had one",
        "address": {
            "line1": "1 High Street",
            "line2": "",
            "town": "Northtown",
            "postcode": "SW1A 1AA",
        },
        "council": "northport",
        "years-at-address": 3,
        "previous-postcode": "N1 9GU",
        "how-to-vote": "post",
        "open-register": "no",
        "email": "ada@example.com",
        "phone": "01632 960 001",
    },
    "request-a-copy-of-a-birth-certificate": {
        "name-at-birth": "Ada Lovelace",
        "date-of-birth": "1985-12-10",
        "place-of-birth": "London",
        "mothers-surname": "Byron",
        "certificate-type": "full",
        "copies": 2,
        "address": {"line1": "1 High Street", "town": "Northtown", "postcode": "SW1A 1AA"},
        "email": "ada@example.com",
    },
    "apply-for-a-household-support-grant": {
        "lives-in-northmere": "yes",
        "benefits": ["living-allowance", "pension-credit"],
        "full-name": "Ada Lovelace",
        "address": {"line1": "1 High Street", "town": "Northtown", "postcode": "SW1A 1AA"},
        "household": SOMEONE_WORKS,
        "monthly-earnings": "1,250",
        "help-with": ["energy", "food"],
        "email": "ada@example.com",
    },
}
# The answers that choose a route, and the values each can take.
CHOICES = {
    "report-a-pothole": {"location-type": ["road", "pavement"], "harm": ["yes", "no"]},
    "register-to-vote": {
        "changed-name": ["yes", "no"],
        "has-ni-number": ["yes", "no"],
        "years-at-address": [0, 3],
    },
    "request-a-copy-of-a-birth-certificate": {},
    # "no" here, and "none" of the benefits, end at an exit page: no route to check answers
    "apply-for-a-household-support-grant": {
        "benefits": [["pension-credit"], "living-allowance"],
        "household": [NOBODY_WORKS, SOMEONE_WORKS],  # every entry "no": no earnings asked
    },
}


def load(form_id: str) -> FormDefinition:
    from app.content.yamlsource import parse_yaml

    return FormDefinition.model_validate(parse_yaml(FORMS[form_id].read_text())[0])


def validator(form: FormDefinition) -> Draft202012Validator:
    schema = answers_schema(form, f"https://portal.example/api/v1/forms/{form.id}/schema")
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def routes_of(form_id: str):
    """Every combination of the route-choosing answers: each is one way through the form."""
    choices = CHOICES[form_id]
    for values in itertools.product(*choices.values()):
        yield dict(zip(choices, values, strict=True))


def on_path(form: FormDefinition, answers: dict) -> dict:
    """Only the answers to the questions that route asks (what a careful client sends)."""
    return {
        page.id: answers[page.id] for page in evaluate(form, answers).pages if page.id in answers
    }


@pytest.mark.parametrize("form_id", list(FORMS))
def test_every_route_the_engine_accepts_validates(form_id):
    form, check = load(form_id), None
    check = validator(form)
    seen_paths = set()
    for choice in routes_of(form_id):
        answers = {**ANSWERS[form_id], **choice}
        evaluation = evaluate(form, answers)
        assert evaluation.complete, evaluation.error_list()
        seen_paths.add(tuple(evaluation.page_ids))
        check.validate(answers)  # with the answers a route skips
        check.validate(on_path(form, answers))  # and without them
    assert len(seen_paths) == len(form_paths(form))  # every path of the schema was tried


@pytest.mark.parametrize("form_id", list(FORMS))
def test_leaving_out_any_required_answer_is_refused_by_both(form_id):
    form = load(form_id)
    check = validator(form)
    for choice in routes_of(form_id):
        answers = on_path(form, {**ANSWERS[form_id], **choice})
        for page_id in answers:
            fewer = {k: v for k, v in answers.items() if k != page_id}
            engine_refuses = not evaluate(form, fewer).complete
            assert engine_refuses == (not check.is_valid(fewer)), (choice, page_id)


def test_wrong_shapes_are_refused_by_both():
    form = load("register-to-vote")
    check = validator(form)
    good = on_path(form, ANSWERS["register-to-vote"])
    wrong = {
        "date-of-birth": "10/12/1985",  # not YYYY-MM-DD
        "nationality": "martian",  # not a list, not an option
        "council": "atlantis",  # not an option
        "years-at-address": 121,  # above max
        "address": {"line1": "1 High Street", "town": "Northtown"},  # no postcode
        "ni-number": "123",
        "open-register": "maybe",
        "email": "not an email",
        "full-name": "x" * 151,
    }
    for page_id, value in wrong.items():
        answers = {**good, page_id: value}
        assert not evaluate(form, answers).complete, page_id
        assert not check.is_valid(answers), page_id
    assert not check.is_valid({**good, "favourite-colour": "blue"})  # no such question


def test_route_conditions_decide_what_is_required():
    form = load("report-a-pothole")
    check = validator(form)
    pavement = on_path(form, {**ANSWERS["report-a-pothole"], "location-type": "pavement"})
    assert "pavement-width" in pavement and "pothole-size" not in pavement
    check.validate(pavement)
    # a road report needs the pothole's size, which a pavement report is not asked
    assert not check.is_valid({**pavement, "location-type": "road"})
    assert not check.is_valid({k: v for k, v in pavement.items() if k != "pavement-width"})


def test_answers_that_end_at_an_exit_page_are_refused_by_both():
    form = load("apply-for-a-household-support-grant")
    check = validator(form)
    good = ANSWERS[form.id]
    check.validate(good)
    for ending in ({"lives-in-northmere": "no"}, {"benefits": ["none"]}, {"benefits": "none"}):
        answers = {**good, **ending}
        assert evaluate(form, answers).exit is not None, ending
        assert not check.is_valid(answers), ending
        assert not check.is_valid(on_path(form, answers)), ending
    # "None of these" with another box: refused by both
    mixed = {**good, "benefits": ["none", "pension-credit"]}
    assert not evaluate(form, mixed).complete and not check.is_valid(mixed)


def test_repeating_answers_are_a_list_both_judge_alike():
    form = load("apply-for-a-household-support-grant")
    check = validator(form)
    good = on_path(form, {**ANSWERS[form.id], "household": SOMEONE_WORKS})
    check.validate(good)
    household = check.schema["properties"]["household"]
    assert household["type"] == "array" and household["maxItems"] == 8
    assert household["items"]["required"] == ["member-name", "member-date-of-birth", "member-works"]
    wrong = {
        "too many": SOMEONE_WORKS * 5,  # 10: at most 8
        "none": [],
        "not a list": SOMEONE_WORKS[0],
        "an unknown question": [{**SOMEONE_WORKS[0], "favourite-colour": "blue"}],
        "an entry missing an answer": [{"member-name": "Ada", "member-works": "no"}],
        "an entry not an object": ["Ada"],
    }
    for what, household in wrong.items():
        answers = {**good, "household": household}
        assert not evaluate(form, answers).complete, what
        assert not check.is_valid(answers), what
    # every entry "no": the earnings are not asked, so not required; someone works: required
    nobody = on_path(form, {**good, "household": NOBODY_WORKS})
    assert "monthly-earnings" not in nobody
    check.validate(nobody)
    assert not check.is_valid({**nobody, "household": SOMEONE_WORKS})


def test_dates_say_in_words_what_a_schema_cannot_check():
    form = load("request-a-copy-of-a-birth-certificate")
    schema = answers_schema(form)
    date = schema["properties"]["date-of-birth"]
    assert date["anyOf"][0]["format"] == "date" and "in the past" in date["$comment"]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "$id" not in schema
    assert date["title"] == "What is their date of birth?"
    assert not evaluate(form, {**ANSWERS[form.id], "date-of-birth": tomorrow}).complete


# -- generated answers: the engine accepts exactly what the schema allows -----------------------
#
# For every question type (required and optional, with the settings that change what it takes),
# answers generated from the published schema are accepted by the engine, and answers the schema
# refuses (other JSON types, text a character away from valid) are refused by the engine. The
# generator keeps to the rules docs/api.md lists as the engine's own (EXTRA_RULES there).

OPTIONS = [
    {"value": "road", "text": "On a road"},
    {"value": "pavement", "text": "On a pavement"},
    {"value": "yes", "text": "Yes"},
]
QUESTIONS = [
    {"type": "text", "max_length": 20},
    {"type": "textarea", "max_length": 30},
    {"type": "number"},
    {"type": "number", "min": -5, "max": 1200},
    {"type": "number", "decimals": True, "min": 0, "max": 100},
    {"type": "email"},
    {"type": "phone"},
    {"type": "date"},
    {"type": "date", "past": True},
    {"type": "date", "future": True},
    {"type": "address"},
    {"type": "postcode"},
    {"type": "national-insurance-number"},
    {"type": "yes-no"},
    {"type": "radios", "options": OPTIONS},
    {"type": "select", "options": OPTIONS},
    {"type": "checkboxes", "options": OPTIONS},
    {
        "type": "checkboxes",
        "options": [*OPTIONS, {"value": "none", "text": "None", "exclusive": True}],
    },
]
TODAY = dt.date(2026, 6, 15)
LARGEST = 10**15
GENERATED = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)
# Characters near the valid ones: other scripts' digits and letters that upper-case to ASCII.
NEAR = st.sampled_from(
    list("0123456789+-.,_ eE\t\n\xa0\u202f\u0661\u0967\uff11\u017f\u0131aAyYsSnNoO@x/")
)


def question(fields: dict, optional: bool):
    from tests.forms.helpers import page

    return page(
        fields["type"], **{k: v for k, v in fields.items() if k != "type"}, optional=optional
    )


def accepted(page, raw) -> bool:
    from app.forms.answers import check_answer

    return not check_answer(page, raw, TODAY)[1]


def schema_of(page) -> Draft202012Validator:
    from app.api.answers_schema import page_schema

    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **page_schema(page)}
    return Draft202012Validator(schema, format_checker=FormatChecker())


def keeps_extra_rules(page, raw) -> bool:
    """The engine's rules a JSON Schema cannot say (docs/api.md), checked on their own."""
    from decimal import Decimal

    from email_validator import EmailNotValidError, validate_email

    from app.forms.answer_syntax import MONTH_NAMES

    if raw is None or isinstance(raw, str) and not raw.strip():
        return True
    if page.type == "number" and isinstance(raw, str):
        number = Decimal(raw.strip().replace(",", "").replace(" ", ""))
        return (
            abs(number) < 10**15
            and (page.min is None or number >= page.min)
            and (page.max is None or number <= page.max)
        )
    if page.type == "email":
        try:
            validate_email(raw.strip(), check_deliverability=False)
        except EmailNotValidError:
            return False
        return True
    if page.type == "date":
        if isinstance(raw, dict):
            if all(isinstance(v, str) and not v.strip() for v in raw.values()):
                return True
            text = {part: str(raw[part]).strip() for part in ("day", "month", "year")}
            month = MONTH_NAMES.get(text["month"].lower()) or int(float(text["month"]))
            numbers = (int(float(text["year"])), month, int(float(text["day"])))
        else:
            numbers = tuple(map(int, raw.split("-")))
        try:
            date = dt.date(*numbers)
        except ValueError:
            return False
        return not (page.past and date >= TODAY or page.future and date <= TODAY)
    return True


def phone_numbers() -> st.SearchStrategy[str]:
    """A telephone number is the rule phonenumbers knows: the generator takes real ones."""
    import phonenumbers

    formats = [phonenumbers.PhoneNumberFormat.E164, phonenumbers.PhoneNumberFormat.INTERNATIONAL]
    examples = [
        phonenumbers.format_number(phonenumbers.example_number(region), style)
        for region in ("GB", "FR", "US", "IE")
        for style in formats
    ]
    return st.sampled_from(["01632 960 001", "07700 900 982", "+44 808 157 0192", *examples])


def from_schema(schema: dict) -> st.SearchStrategy:
    """Values a schema allows, for the parts of JSON Schema an answer's schema uses.
    (hypothesis-jsonschema would do, but its objects fail with this venv's Hypothesis.)"""
    if "anyOf" in schema:
        return st.one_of([from_schema(option) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    values = st.one_of([_of_type(kind, schema) for kind in kinds])
    if "not" in schema:  # "None of these" with another box: drawn, then left out
        refused = Draft202012Validator(schema["not"])
        values = values.filter(lambda value: not refused.is_valid(value))
    return values


def _of_type(kind: str, schema: dict) -> st.SearchStrategy:
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind in ("integer", "number"):
        low = max(schema.get("minimum", -LARGEST), schema.get("exclusiveMinimum", -LARGEST) + 1)
        high = min(schema.get("maximum", LARGEST), schema.get("exclusiveMaximum", LARGEST) - 1)
        whole = st.integers(low, high)
        if kind == "integer":
            return whole | whole.map(float)  # JSON's 3.0 is an integer too
        return whole | st.floats(low, high, allow_nan=False, allow_infinity=False)
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(dt.date.isoformat)
        if schema.get("format") == "email":
            return st.emails()
        pattern = schema.get("pattern", "")
        text = st.from_regex(pattern, fullmatch=pattern.startswith("^"))
        return text.filter(lambda t: len(t) <= schema.get("maxLength", len(t)))
    if kind == "array":
        items = st.lists(from_schema(schema["items"]), max_size=4)
        if "contains" not in schema:
            return items
        return st.tuples(items, from_schema(schema["contains"]), st.integers(0, 4)).map(
            lambda drawn: [*drawn[0][: drawn[2]], drawn[1], *drawn[0][drawn[2] :]]
        )
    assert kind == "object" and schema["additionalProperties"] is False, schema
    required = set(schema.get("required", []))
    properties = {name: from_schema(part) for name, part in schema["properties"].items()}
    return st.fixed_dictionaries(
        {name: part for name, part in properties.items() if name in required},
        optional={name: part for name, part in properties.items() if name not in required},
    )


def allowed_answers(page) -> st.SearchStrategy:
    from app.api.answers_schema import page_schema

    if page.type == "phone":
        blank = st.sampled_from([None, "", "  "]) if page.optional else st.nothing()
        return phone_numbers() | blank
    return from_schema(page_schema(page)).filter(lambda raw: keeps_extra_rules(page, raw))


@st.composite
def near_misses(draw, page):
    """An allowed answer with one character put in, or one changed: mostly invalid."""
    raw = draw(allowed_answers(page))
    if not isinstance(raw, str):
        return raw
    at = draw(st.integers(0, len(raw)))
    return raw[:at] + draw(NEAR) + raw[at + draw(st.integers(0, 1)) :]


def padded_past_its_limit(page, raw) -> bool:
    """The one place the schema is stricter than the engine (docs/api.md): maxLength counts a
    text as sent, the engine counts it trimmed, with a line break \\r\\n as one character."""
    if page.type not in ("text", "textarea") or not isinstance(raw, str):
        return False
    return len(raw) > page.max_length >= len(raw.strip().replace("\r\n", "\n"))


@pytest.mark.parametrize("optional", [False, True], ids=["required", "optional"])
@pytest.mark.parametrize("fields", QUESTIONS, ids=lambda f: "-".join(map(str, f.values()))[:40])
def test_the_engine_accepts_every_answer_the_schema_allows(fields, optional):
    page = question(fields, optional)
    check = schema_of(page)

    @GENERATED
    @given(allowed_answers(page))
    def allowed(raw):
        assert check.is_valid(raw), raw
        assert accepted(page, raw), raw

    allowed()


@pytest.mark.parametrize("optional", [False, True], ids=["required", "optional"])
@pytest.mark.parametrize("fields", QUESTIONS, ids=lambda f: "-".join(map(str, f.values()))[:40])
def test_the_engine_refuses_every_answer_the_schema_refuses(fields, optional):
    page = question(fields, optional)
    check = schema_of(page)

    @GENERATED
    @given(JSON_VALUES | near_misses(page) | st.text(NEAR, max_size=12))
    def refused(raw):
        assume(not padded_past_its_limit(page, raw))
        if not check.is_valid(raw):
            assert not accepted(page, raw), raw

    refused()

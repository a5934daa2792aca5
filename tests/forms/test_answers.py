"""Each question type, valid and invalid, with the exact GOV.UK Design System message, and the
normalised answer."""

from __future__ import annotations

import pytest

from app.forms.answers import check_answer

from .helpers import TODAY, page

OPTIONS = [{"value": "road", "text": "On a road"}, {"value": "pavement", "text": "On a pavement"}]


def _valid(question, raw):
    value, errors = check_answer(question, raw, TODAY)
    assert errors == [], errors
    return value


def _message(question, raw) -> str:
    value, errors = check_answer(question, raw, TODAY)
    assert value is None and len(errors) == 1, errors
    assert errors[0].field == "q"
    return errors[0].message


@pytest.mark.parametrize(
    ("question", "raw", "expected"),
    [
        (page("text"), "  Mill Lane ", "Mill Lane"),
        (page("textarea"), "one\r\ntwo", "one\ntwo"),
        (page("number"), "1,000", 1000),
        (page("number"), 7, 7),
        (page("number", decimals=True), "2.5", 2.5),
        (page("number", decimals=True), 2.5, 2.5),
        (page("number", decimals=True), ".5", 0.5),
        (page("number"), "999999999999999", 999999999999999),
        (page("number"), " -12 ", -12),
        (page("number"), "1 000 000", 1000000),
        (page("number"), 1.0, 1),  # a JSON number with no fraction is a whole number
        (page("number"), 1e1, 10),
        (page("number", min=0, max=120), "0", 0),
        (page("email"), " Name@Example.COM ", "Name@example.com"),
        (page("phone"), "01632 960 001", "+441632960001"),
        (page("phone"), "07700 900 982", "+447700900982"),
        (page("phone"), "+44 808 157 0192", "+448081570192"),
        (page("phone"), "+33 1 23 45 67 89", "+33123456789"),
        (page("date"), "2020-02-29", "2020-02-29"),
        (page("date"), {"day": "3", "month": "2", "year": "1990"}, "1990-02-03"),
        (page("date"), {"day": 3, "month": "Feb", "year": 1990}, "1990-02-03"),
        (page("date"), {"day": "03", "month": "september", "year": "1990"}, "1990-09-03"),
        (page("date", past=True), "2026-06-14", "2026-06-14"),
        (page("date", future=True), "2026-06-16", "2026-06-16"),
        (page("postcode"), "sw1a1aa", "SW1A 1AA"),
        (page("postcode"), " np1  4aa ", "NP1 4AA"),
        (page("postcode"), "M1 1AE", "M1 1AE"),
        (page("national-insurance-number"), "ab123456c", "AB 12 34 56 C"),
        (page("national-insurance-number"), "AB 12 34 56 C", "AB 12 34 56 C"),
        (page("yes-no"), "Yes", "yes"),
        (page("yes-no"), False, "no"),
        (page("radios", options=OPTIONS), "pavement", "pavement"),
        (page("select", options=OPTIONS), "road", "road"),
        (page("checkboxes", options=OPTIONS), ["pavement", "road", "road"], ["road", "pavement"]),
        (page("checkboxes", options=OPTIONS), "road", ["road"]),
        (page("checkboxes", options=OPTIONS), ["", "road"], ["road"]),
        (
            page("address"),
            {"line1": " 1 High Street ", "town": "Northport", "postcode": "np14aa"},
            {"line1": "1 High Street", "line2": "", "town": "Northport", "postcode": "NP1 4AA"},
        ),
    ],
)
def test_valid_answers_are_normalised(question, raw, expected):
    assert _valid(question, raw) == expected


@pytest.mark.parametrize(
    ("question", "raw", "message"),
    [
        (page("text"), "", "Enter an answer"),
        (page("text", name="your full name"), "  ", "Enter your full name"),
        (
            page("text", name="your full name", max_length=5),
            "Ann Smith",
            "Full name must be 5 characters or less",
        ),
        (page("text"), "x" * 501, "Your answer must be 500 characters or less"),
        (page("textarea", max_length=10), "x" * 11, "Your answer must be 10 characters or less"),
        (page("text"), ["a list"], "Your answer must be text"),
        (page("number"), None, "Enter a number"),
        (
            page("number", name="the number of copies"),
            "two",
            "The number of copies must be a number",
        ),
        (
            page("number", name="the number of copies", min=1, max=10),
            "11",
            "The number of copies must be between 1 and 10",
        ),
        (page("number", min=1), "0", "The number must be 1 or more"),
        (page("number", max=10, decimals=True), "10.5", "The number must be 10 or less"),
        (page("number"), "NaN", "The number must be a number"),
        (page("number"), "1e999999", "The number must be a number"),
        (page("number", decimals=True), 1e400, "The number must be a number"),  # JSON's 1e400
        (page("number"), "1000000000000000", "The number must be less than 1,000,000,000,000,000"),
        (page("email"), "", "Enter an email address"),
        (page("email", name="your email address"), "", "Enter your email address"),
        (
            page("email"),
            "name@",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            page("email"),
            "name@localhost",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (page("phone"), "", "Enter a telephone number"),
        (
            page("phone"),
            "12345",
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        (
            page("phone"),
            "call me",
            "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192",
        ),
        (
            page("date", name="your date of birth"),
            {"day": "", "month": "", "year": ""},
            "Enter your date of birth",
        ),
        (
            page("date", name="your date of birth"),
            {"day": "3", "month": "", "year": "1990"},
            "Date of birth must include a month",
        ),
        (
            page("date", name="your date of birth"),
            {"day": "", "month": "", "year": "1990"},
            "Date of birth must include a day and month",
        ),
        (
            page("date", name="your date of birth"),
            {"day": "31", "month": "2", "year": "1990"},
            "Date of birth must be a real date",
        ),
        (
            page("date", name="your date of birth"),
            {"day": "x", "month": "2", "year": "1990"},
            "Date of birth must be a real date",
        ),
        (
            page("date", name="your date of birth"),
            {"day": "1", "month": "2", "year": "90"},
            "Year must include 4 numbers",
        ),
        (
            page("date", name="your date of birth", past=True),
            "2026-06-15",
            "Date of birth must be in the past",
        ),
        (page("date", future=True), "2026-06-15", "The date must be in the future"),
        (page("date"), "15/06/2026", "The date must be a real date"),
        (page("postcode"), "", "Enter a postcode"),
        (page("postcode"), "NOT A POSTCODE", "Enter a real postcode"),
        (page("national-insurance-number"), "", "Enter a National Insurance number"),
        (
            page("national-insurance-number", name="your National Insurance number"),
            None,
            "Enter your National Insurance number",
        ),
        (
            page("national-insurance-number"),
            "QQ 12 34 56 C",
            "Enter a National Insurance number in the correct format",
        ),
        (
            page("national-insurance-number"),
            "AB 12 34 56 E",
            "Enter a National Insurance number in the correct format",
        ),
        (
            page("national-insurance-number"),
            "GB 12 34 56 A",
            "Enter a National Insurance number in the correct format",
        ),
        (page("yes-no"), "", "Select yes or no"),
        (
            page("yes-no", name="yes if you have a passport"),
            "maybe",
            "Select yes if you have a passport",
        ),
        (page("radios", options=OPTIONS), None, "Select an option"),
        (
            page("radios", options=OPTIONS, name="where the pothole is"),
            "sky",
            "Select where the pothole is",
        ),
        (page("select", options=OPTIONS, name="your council area"), "", "Select your council area"),
        (page("checkboxes", options=OPTIONS), [], "Select at least one option"),
        (
            page("checkboxes", options=OPTIONS, name="your nationality"),
            ["road", "sea"],
            "Select your nationality",
        ),
    ],
)
def test_invalid_answers_have_the_design_system_message(question, raw, message):
    assert _message(question, raw) == message


def test_date_errors_name_the_inputs_at_fault():
    question = page("date", name="your date of birth")
    _value, errors = check_answer(question, {"day": "", "month": "", "year": "1990"}, TODAY)
    assert errors[0].parts == ("day", "month")
    _value, errors = check_answer(question, {"day": "1", "month": "2", "year": "90"}, TODAY)
    assert errors[0].parts == ("year",)


def test_an_address_reports_each_part_on_its_own():
    question = page("address")
    _value, errors = check_answer(question, None, TODAY)
    assert [(e.message, e.parts) for e in errors] == [
        ("Enter address line 1, typically the building and street", ("line1",)),
        ("Enter town or city", ("town",)),
        ("Enter postcode", ("postcode",)),
    ]
    _value, errors = check_answer(
        question, {"line1": "1 High Street", "town": "x" * 101, "postcode": "nope"}, TODAY
    )
    assert [e.as_dict() for e in errors] == [
        {"field": "q", "message": "Town or city must be 100 characters or less"},
        {"field": "q", "message": "Enter a real postcode"},
    ]


@pytest.mark.parametrize(
    "kind",
    [
        "text",
        "number",
        "email",
        "phone",
        "date",
        "address",
        "postcode",
        "national-insurance-number",
        "yes-no",
    ],
)
def test_an_optional_question_left_empty_has_no_answer_and_no_error(kind):
    assert check_answer(page(kind, optional=True), "", TODAY) == (None, [])


def test_an_optional_question_answered_wrongly_is_still_an_error():
    assert _message(page("email", optional=True), "nope") == (
        "Enter an email address in the correct format, like name@example.com"
    )


@pytest.mark.parametrize(
    "raw",
    [
        "1_0",
        "\u0661\u0662",
        "\u0967\u0968",
        "1e1",
        "1E1",
        "0x10",
        "inf",
        "Infinity",
        "+-1",
        "1,00",
        "1..5",
        "1.2.3",
        "--1",
        "\uff11",
        "1\u00a0000",
        "1__000",
        "(1)",
        "½",
    ],
)
def test_a_number_is_only_what_the_gov_uk_pattern_accepts(raw):
    """Python's Decimal reads all of these; none is how GOV.UK asks for a number."""
    assert _message(page("number", decimals=True), raw) == "The number must be a number"


@pytest.mark.parametrize("raw", ["1.5", 1.5, "2.", "-0.25", 1e-7])
def test_a_number_question_takes_whole_numbers_unless_it_allows_decimals(raw):
    assert _message(page("number", name="the number of copies"), raw) == (
        "The number of copies must be a whole number"
    )
    assert _valid(page("number", decimals=True), raw) == float(raw)


WRONG_TYPES = [True, False, [], ["x"], {}, {"a": "b"}, 42, 1e400]
EXPECTED_TYPES = {
    "text": "Your answer must be text",
    "textarea": "Your answer must be text",
    "email": "Email address must be text",
    "phone": "Telephone number must be text",
    "postcode": "Postcode must be text",
    "national-insurance-number": "National Insurance number must be text",
    "number": "The number must be a number",
    "date": 'The answer must be a date, like "2007-03-27"',
    "address": "The answer must be an object of line1, line2, town and postcode",
    "yes-no": 'The answer must be "yes" or "no"',
    "radios": "The answer must be the value of one of the options, as text",
    "select": "The answer must be the value of one of the options, as text",
    "checkboxes": "The answer must be a list of the values of the options chosen",
}
TAKEN = {  # which of WRONG_TYPES a question takes as its JSON type after all
    "number": [42],
    "yes-no": [True, False],
    "checkboxes": [[], ["x"]],
    "date": [{}, {"a": "b"}],
    "address": [{}, {"a": "b"}],
}


@pytest.mark.parametrize("kind", list(EXPECTED_TYPES))
@pytest.mark.parametrize("optional", [False, True])
def test_a_json_type_a_question_never_takes_is_refused_naming_the_type(kind, optional):
    """Never turned into text (42 stored as "42", 1e400 as "inf"), and refused even when
    the question is optional (an empty list or object is not a blank answer)."""
    options = OPTIONS if kind in ("radios", "select", "checkboxes") else None
    question = page(kind, options=options, optional=optional)
    for raw in WRONG_TYPES:
        if any(raw == taken and type(raw) is type(taken) for taken in TAKEN.get(kind, [])):
            continue
        assert _message(question, raw) == EXPECTED_TYPES[kind], raw


def test_a_list_of_anything_but_text_is_not_a_checkbox_answer():
    question = page("checkboxes", options=OPTIONS)
    for raw in ([None, "road"], [1], [["road"]], [{"value": "road"}], [True]):
        assert _message(question, raw) == EXPECTED_TYPES["checkboxes"], raw


def test_the_parts_of_a_date_or_an_address_are_held_to_their_types():
    date, address = page("date"), page("address")
    _value, errors = check_answer(date, {"day": True, "month": "2", "year": "1990"}, TODAY)
    assert [(e.message, e.parts) for e in errors] == [
        ("The day must be a whole number or text", ("day",))
    ]
    _value, errors = check_answer(
        date, {"day": "1", "month": "2", "year": "1990", "era": "AD"}, TODAY
    )
    assert [(e.message, e.parts) for e in errors] == [
        ("Unknown part of a date: the parts are day, month and year", ("era",))
    ]
    _value, errors = check_answer(
        address,
        {
            "line1": "1 High Street",
            "town": "Northtown",
            "postcode": "NP1 4AA",
            "country": "Northmere",
        },
        TODAY,
    )
    assert [(e.message, e.parts) for e in errors] == [
        ("Unknown part of an address: the parts are line1, line2, town, postcode", ("country",))
    ]
    assert _valid(date, {"day": 3.0, "month": 2, "year": 1990}) == "1990-02-03"
    assert _message(date, {"day": 3.5, "month": 2, "year": 1990}) == "The date must be a real date"


@pytest.mark.parametrize(
    ("question", "raw"),
    [
        (page("date"), "\u0662\u0660\u0662\u0660-01-01"),  # Arabic-Indic digits
        (page("date"), {"day": "\u0663", "month": "2", "year": "1990"}),
        (page("date"), " 2020-01-01"),  # the API's date is exactly YYYY-MM-DD
        (page("date"), "2020-1-1"),
        (page("postcode"), "\u017fW1A 1AA"),  # the long s upper-cases to S
        (page("national-insurance-number"), "\u0251B 12 34 56 C"),
        (page("yes-no"), "y\u0435s"),  # a Cyrillic e
    ],
)
def test_only_ascii_letters_and_digits_count(question, raw):
    assert check_answer(question, raw, TODAY)[1], raw


def test_spaces_are_allowed_anywhere_in_a_postcode_or_national_insurance_number():
    assert _valid(page("postcode"), "S W1A 1 AA") == "SW1A 1AA"
    assert _valid(page("postcode"), "gir0aa") == "GIR 0AA"
    assert _valid(page("national-insurance-number"), "a-b 1 2 3456-c") == "AB 12 34 56 C"

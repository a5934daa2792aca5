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


@pytest.mark.parametrize(("question", "raw", "expected"), [
    (page("text"), "  Mill Lane ", "Mill Lane"),
    (page("text"), 42, "42"),
    (page("textarea"), "one\r\ntwo", "one\ntwo"),
    (page("number"), "1,000", 1000),
    (page("number"), 7, 7),
    (page("number"), "2.5", 2.5),
    (page("number"), "999999999999999", 999999999999999),
    (page("number"), "1e-999999", 0.0),
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
    (page("address"), {"line1": " 1 High Street ", "town": "Northport", "postcode": "np14aa"},
     {"line1": "1 High Street", "line2": "", "town": "Northport", "postcode": "NP1 4AA"}),
])
def test_valid_answers_are_normalised(question, raw, expected):
    assert _valid(question, raw) == expected


@pytest.mark.parametrize(("question", "raw", "message"), [
    (page("text"), "", "Enter an answer"),
    (page("text", name="your full name"), "  ", "Enter your full name"),
    (page("text", name="your full name", max_length=5), "Ann Smith",
     "Full name must be 5 characters or less"),
    (page("text"), "x" * 501, "Your answer must be 500 characters or less"),
    (page("textarea", max_length=10), "x" * 11, "Your answer must be 10 characters or less"),
    (page("text"), ["a list"], "Enter an answer"),
    (page("number"), None, "Enter a number"),
    (page("number", name="the number of copies"), "two", "The number of copies must be a number"),
    (page("number", name="the number of copies", min=1, max=10), "11",
     "The number of copies must be between 1 and 10"),
    (page("number", min=1), "0", "The number must be 1 or more"),
    (page("number", max=10), "10.5", "The number must be 10 or less"),
    (page("number"), "NaN", "The number must be a number"),
    # a huge exponent is refused before it is worked out (it would take seconds of CPU)
    (page("number"), "1e999999", "The number must be less than 1,000,000,000,000,000"),
    (page("number"), "1000000000000000", "The number must be less than 1,000,000,000,000,000"),
    (page("email"), "", "Enter an email address"),
    (page("email", name="your email address"), "", "Enter your email address"),
    (page("email"), "name@", "Enter an email address in the correct format, like name@example.com"),
    (page("email"), "name@localhost",
     "Enter an email address in the correct format, like name@example.com"),
    (page("phone"), "", "Enter a telephone number"),
    (page("phone"), "12345",
     "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
    (page("phone"), "call me",
     "Enter a telephone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"),
    (page("date", name="your date of birth"), {"day": "", "month": "", "year": ""},
     "Enter your date of birth"),
    (page("date", name="your date of birth"), {"day": "3", "month": "", "year": "1990"},
     "Date of birth must include a month"),
    (page("date", name="your date of birth"), {"day": "", "month": "", "year": "1990"},
     "Date of birth must include a day and month"),
    (page("date", name="your date of birth"), {"day": "31", "month": "2", "year": "1990"},
     "Date of birth must be a real date"),
    (page("date", name="your date of birth"), {"day": "x", "month": "2", "year": "1990"},
     "Date of birth must be a real date"),
    (page("date", name="your date of birth"), {"day": "1", "month": "2", "year": "90"},
     "Year must include 4 numbers"),
    (page("date", name="your date of birth", past=True), "2026-06-15",
     "Date of birth must be in the past"),
    (page("date", future=True), "2026-06-15", "The date must be in the future"),
    (page("date"), "15/06/2026", "The date must be a real date"),
    (page("postcode"), "", "Enter a postcode"),
    (page("postcode"), "NOT A POSTCODE", "Enter a real postcode"),
    (page("national-insurance-number"), "", "Enter a National Insurance number"),
    (page("national-insurance-number", name="your National Insurance number"), None,
     "Enter your National Insurance number"),
    (page("national-insurance-number"), "QQ 12 34 56 C",
     "Enter a National Insurance number in the correct format"),
    (page("national-insurance-number"), "AB 12 34 56 E",
     "Enter a National Insurance number in the correct format"),
    (page("national-insurance-number"), "GB 12 34 56 A",
     "Enter a National Insurance number in the correct format"),
    (page("yes-no"), "", "Select yes or no"),
    (page("yes-no", name="yes if you have a passport"), "maybe",
     "Select yes if you have a passport"),
    (page("radios", options=OPTIONS), None, "Select an option"),
    (page("radios", options=OPTIONS, name="where the pothole is"), "sky",
     "Select where the pothole is"),
    (page("select", options=OPTIONS, name="your council area"), "", "Select your council area"),
    (page("checkboxes", options=OPTIONS), [], "Select at least one option"),
    (page("checkboxes", options=OPTIONS, name="your nationality"), ["road", "sea"],
     "Select your nationality"),
])
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
        ("Enter postcode", ("postcode",))]
    _value, errors = check_answer(
        question, {"line1": "1 High Street", "town": "x" * 101, "postcode": "nope"}, TODAY)
    assert [e.as_dict() for e in errors] == [
        {"field": "q", "message": "Town or city must be 100 characters or less"},
        {"field": "q", "message": "Enter a real postcode"}]


@pytest.mark.parametrize("kind", ["text", "number", "email", "phone", "date", "address",
                                  "postcode", "national-insurance-number", "yes-no"])
def test_an_optional_question_left_empty_has_no_answer_and_no_error(kind):
    assert check_answer(page(kind, optional=True), "", TODAY) == (None, [])


def test_an_optional_question_answered_wrongly_is_still_an_error():
    assert _message(page("email", optional=True), "nope") == (
        "Enter an email address in the correct format, like name@example.com")

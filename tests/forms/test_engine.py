"""Which pages apply (routes), missing and wrong answers, dropped answers, next and back."""

from __future__ import annotations

import pytest

from app.forms.engine import (
    CHECK_ANSWERS,
    check_page,
    evaluate,
    next_page,
    page_to_show,
    previous_page,
)

from .helpers import TODAY, form

PLACES = [
    {"value": "road", "text": "On a road"},
    {"value": "pavement", "text": "On a pavement"},
    {"value": "field", "text": "In a field"},
]
POTHOLE = form(
    {
        "id": "where",
        "question": "Where?",
        "type": "radios",
        "options": PLACES,
        "routes": [
            {"if": {"where": "pavement"}, "goto": "width"},
            {"if": {"where": "field"}, "goto": "email"},
        ],
    },
    {
        "id": "road",
        "question": "Which road?",
        "type": "text",
        "name": "the name of the road",
        "routes": [{"goto": "harm"}],
    },
    {"id": "width", "question": "How wide?", "type": "number"},
    {
        "id": "harm",
        "question": "Was anyone hurt?",
        "type": "yes-no",
        "routes": [{"if": {"harm": False}, "goto": "email"}],
    },
    {"id": "details", "question": "What happened?", "type": "textarea"},
    {"id": "email", "question": "Email?", "type": "email", "optional": True},
)


def _path(answers):
    return evaluate(POTHOLE, answers, TODAY).page_ids


def test_with_no_route_matching_the_next_page_follows_and_a_plain_route_always_applies():
    assert _path({"where": "road", "harm": "yes"}) == ["where", "road", "harm", "details", "email"]


def test_a_route_whose_if_matches_is_taken():
    assert _path({"where": "pavement", "harm": "no"}) == ["where", "width", "harm", "email"]
    assert _path({"where": "field"}) == ["where", "email"]


def test_the_first_matching_route_wins():
    first = form(
        {
            "id": "a",
            "question": "A?",
            "type": "yes-no",
            "routes": [{"if": {"a": "yes"}, "goto": "c"}, {"if": {"a": "yes"}, "goto": "d"}],
        },
        {"id": "b", "question": "B?", "type": "text"},
        {"id": "c", "question": "C?", "type": "text"},
        {"id": "d", "question": "D?", "type": "text"},
    )
    assert evaluate(first, {"a": "yes"}, TODAY).page_ids == ["a", "c", "d"]
    assert next_page(first, "a", {"a": "yes"}, TODAY) == "c"


def test_every_condition_of_an_if_must_match_and_a_checkbox_matches_when_ticked():
    both = form(
        {"id": "n", "question": "Nationality?", "type": "checkboxes", "options": PLACES},
        {
            "id": "a",
            "question": "A?",
            "type": "yes-no",
            "routes": [{"if": {"n": "field", "a": "yes"}, "goto": CHECK_ANSWERS}],
        },
        {"id": "b", "question": "B?", "type": "text"},
    )
    assert evaluate(both, {"n": ["road", "field"], "a": "yes"}, TODAY).page_ids == ["n", "a"]
    assert evaluate(both, {"n": ["road"], "a": "yes"}, TODAY).page_ids == ["n", "a", "b"]


def test_a_number_route_matches_the_normalised_answer():
    years = form(
        {
            "id": "years",
            "question": "How long?",
            "type": "number",
            "routes": [{"if": {"years": 0}, "goto": "previous"}, {"goto": CHECK_ANSWERS}],
        },
        {"id": "previous", "question": "Previous postcode?", "type": "postcode"},
    )
    assert evaluate(years, {"years": " 0 "}, TODAY).page_ids == ["years", "previous"]
    assert evaluate(years, {"years": "3"}, TODAY).page_ids == ["years"]


def test_answers_to_skipped_pages_are_dropped():
    result = evaluate(
        POTHOLE,
        {
            "where": "pavement",
            "road": "A1",
            "width": "2",
            "harm": "no",
            "details": "Nothing",
            "email": "",
            "unknown": "x",
        },
        TODAY,
    )
    assert result.answers == {"where": "pavement", "width": 2, "harm": "no"}
    assert result.dropped == ["road", "details", "unknown"]
    assert result.complete


def test_missing_and_wrong_answers_in_page_order_with_the_api_shape():
    result = evaluate(POTHOLE, {"where": "road", "harm": "perhaps", "email": "nope"}, TODAY)
    assert result.missing == ["road", "details"]
    assert result.error_list() == [
        {"field": "road", "message": "Enter the name of the road"},
        {"field": "harm", "message": "Select yes or no"},
        {"field": "details", "message": "Enter an answer"},
        {
            "field": "email",
            "message": "Enter an email address in the correct format, like name@example.com",
        },
    ]
    assert not result.complete
    assert result.first_to_answer() == "road"


def test_a_complete_journey_goes_to_check_answers():
    answers = {"where": "road", "road": "A1", "harm": "no"}
    assert evaluate(POTHOLE, answers, TODAY).first_to_answer() == CHECK_ANSWERS
    assert next_page(POTHOLE, "harm", answers, TODAY) == "email"
    assert next_page(POTHOLE, "email", answers, TODAY) == CHECK_ANSWERS


def test_next_page_uses_the_page_own_answer_even_when_changing_it():
    # On the road path, the citizen goes back and changes `where` to pavement.
    answers = {"where": "pavement", "road": "A1", "harm": "no"}
    assert next_page(POTHOLE, "where", answers, TODAY) == "width"
    assert next_page(POTHOLE, "road", answers, TODAY) == "harm"


def test_back_links_follow_the_citizen_path():
    answers = {"where": "pavement", "width": "1", "harm": "no"}
    assert previous_page(POTHOLE, "where", answers, TODAY) is None
    assert previous_page(POTHOLE, "width", answers, TODAY) == "where"
    assert previous_page(POTHOLE, "harm", answers, TODAY) == "width"
    assert previous_page(POTHOLE, CHECK_ANSWERS, answers, TODAY) == "email"
    assert previous_page(POTHOLE, "details", answers, TODAY) == "harm"  # off the path


def test_check_page_gives_one_pages_value_and_errors():
    assert check_page(POTHOLE, "width", "1,200", TODAY).value == 1200
    checked = check_page(POTHOLE, "road", "", TODAY)
    assert not checked.valid
    assert [e.as_dict() for e in checked.errors] == [
        {"field": "road", "message": "Enter the name of the road"}
    ]
    with pytest.raises(KeyError):
        check_page(POTHOLE, "nope", "", TODAY)


def test_a_route_that_goes_backwards_is_ignored_by_the_engine():
    # build.py check refuses it; the engine must still end the walk if given one.
    looping = form(
        {"id": "a", "question": "A?", "type": "text"},
        {"id": "b", "question": "B?", "type": "text", "routes": [{"goto": "a"}]},
    )
    assert evaluate(looping, {"a": "x", "b": "y"}, TODAY).page_ids == ["a", "b"]


def test_a_page_off_the_route_follows_its_own_conditional_route():
    # A field report goes where -> email, so `harm` is off the citizen's route; posted anyway (a
    # tab left open before `where` was changed), its own answer decides where its `if` route goes.
    answers = {"where": "field", "harm": "no"}
    assert "harm" not in _path(answers)
    assert next_page(POTHOLE, "harm", answers, TODAY) == "email"
    assert next_page(POTHOLE, "harm", {"where": "field", "harm": "yes"}, TODAY) == "details"


def test_a_page_off_the_route_shows_the_next_page_on_it():
    answers = {"where": "pavement", "width": "1", "harm": "no"}
    assert page_to_show(POTHOLE, "width", answers, TODAY) == "width"
    assert page_to_show(POTHOLE, "road", answers, TODAY) == "width"
    assert page_to_show(POTHOLE, "details", answers, TODAY) == "email"
    assert page_to_show(POTHOLE, "email", {"where": "field"}, TODAY) == "email"
    assert page_to_show(POTHOLE, "harm", {"where": "field"}, TODAY) == "email"
    last = form(
        {
            "id": "a",
            "question": "A?",
            "type": "yes-no",
            "routes": [{"if": {"a": "yes"}, "goto": CHECK_ANSWERS}],
        },
        {"id": "b", "question": "B?", "type": "text"},
    )
    assert page_to_show(last, "b", {"a": "yes"}, TODAY) == CHECK_ANSWERS

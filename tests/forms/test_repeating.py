"""Repeating groups in the engine (app/forms/repeating.py through app/forms/engine.py): entries
checked like any answer, the number of entries, and routes on any or every entry."""

from __future__ import annotations

from app.forms.engine import evaluate, next_page
from tests.forms.helpers import TODAY, form

GROUP = {
    "id": "trees",
    "repeat": {"noun": "tree", "min": 2, "max": 3},
    "pages": [
        {"id": "where", "question": "Where is it?", "type": "text", "name": "where it is"},
        {"id": "blocking", "question": "Is it blocking the road?", "type": "yes-no"},
    ],
}
TREE = {"where": "Mill Lane", "blocking": "no"}


def trees(**route) -> object:
    return form(
        {**GROUP, "routes": [{"goto": "urgent", **route}]},
        {"id": "calm", "question": "Anything else?", "type": "text", "optional": True},
        {"id": "urgent", "question": "Your phone number?", "type": "phone", "optional": True},
    )


def messages(result) -> dict[tuple, str]:
    return {(e.field, *e.entry): e.message for e in result.errors}


def test_entries_are_normalised_like_any_answer():
    result = evaluate(trees(), {"trees": [TREE, {**TREE, "blocking": "YES"}]}, TODAY)
    assert result.complete
    assert result.answers["trees"] == [TREE, {**TREE, "blocking": "yes"}]


def test_too_few_and_too_many_say_how_many():
    few = evaluate(trees(), {"trees": [TREE]}, TODAY)
    assert messages(few) == {("trees",): "Add at least 2 trees"}
    many = evaluate(trees(), {"trees": [TREE] * 5}, TODAY)
    assert messages(many) == {("trees",): "You can add up to 3 trees: there are 5, so remove 2"}
    assert messages(evaluate(trees(), {}, TODAY)) == {("trees",): "Add at least 2 trees"}
    assert evaluate(trees(), {}, TODAY).missing == ["trees"]


def test_each_entry_is_checked_where_it_is():
    result = evaluate(trees(), {"trees": [{"where": " "}, "oak", {**TREE, "x": 1}]}, TODAY)
    assert messages(result) == {
        ("trees", 0, "where"): "Enter where it is",
        ("trees", 0, "blocking"): "Select yes or no",
        ("trees", 1): "Each tree must be an object of answers by question id",
        ("trees", 2, "x"): "Unknown question: a tree has no question with the id 'x'",
    }
    assert not result.complete and result.first_to_answer() == "trees"


def test_a_route_on_any_entry_and_on_every_entry():
    one_blocks = {"trees": [TREE, {**TREE, "blocking": "yes"}]}
    all_block = {"trees": [{**TREE, "blocking": "yes"}] * 2}
    any_route, every_route = (
        trees(**{"if": {"blocking": "yes"}}),
        trees(**{"if": {"blocking": "yes"}, "match": "every"}),
    )
    assert next_page(any_route, "trees", one_blocks, TODAY) == "urgent"
    assert next_page(every_route, "trees", one_blocks, TODAY) == "calm"
    assert next_page(every_route, "trees", all_block, TODAY) == "urgent"
    assert evaluate(every_route, all_block, TODAY).page_ids == ["trees", "urgent"]
    assert next_page(any_route, "trees", {"trees": [TREE] * 2}, TODAY) == "calm"

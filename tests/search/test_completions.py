"""Title completions forgive the way people type: a misspelt word, a plural, a synonym ("car ta",
"benif", "pot hole", "passprt" all complete), and leave weak matches out. Through the built
sample content's index, and the rules on their own with a made-up index."""

from __future__ import annotations

import pytest

from app.search import completions
from app.search.completions import COMPLETION_FLOOR, MAX_FIXES, Completer, above_floor
from app.search.service import SearchService
from tests.search.test_relevance import sample_search  # noqa: F401 (a fixture)


def titles(service: SearchService, typed: str) -> list[str]:
    return [suggestion["title"] for suggestion in service.suggest(typed)]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("car ta", "Tax your vehicle"),  # "car" is a synonym of "vehicle"
        ("car tax", "Vehicle tax rates"),
        ("benif", "Benefit rates for 2026 to 2027"),  # a misspelt last word
        ("pot hole", "Report a pothole"),  # a synonym phrase typed whole
        ("passprt", "Passport fees"),
        ("pasport fe", "Passport fees"),  # a misspelt word before the last
        ("passports", "Passport fees"),  # the last word's stem
        ("renew passports", "Renew or replace your adult passport"),
        ("apply for a pa", "Apply for your first adult passport"),  # stop words not needed
        ("report a pot", "Report a pothole"),
        ("self asess", "Self Assessment tax returns"),
    ],
)
def test_what_citizens_type_completes(sample_search, typed, expected):  # noqa: F811
    assert expected in titles(sample_search, typed)


def test_what_nothing_is_near_completes_to_nothing(sample_search):  # noqa: F811
    assert titles(sample_search, "zzzz") == []
    assert titles(sample_search, "qpassport") == []  # the first letter is kept
    assert titles(sample_search, "passport zzzzzzz") == []  # every word must match


def test_weak_completions_are_left_out(sample_search, monkeypatch):  # noqa: F811
    """Completing "vehicle t" also finds a title with "car" (a partner) and "to": it scores far
    under the titles with "vehicle" and "tax", and the floor leaves it out once raised to cut
    it."""
    loose = titles(sample_search, "vehicle t")
    assert loose[:2] == ["Tax your vehicle", "Vehicle tax rates"]
    monkeypatch.setattr(completions, "COMPLETION_FLOOR", 0.9)
    strict = titles(sample_search, "vehicle t")
    assert strict and set(strict) < set(loose)


# -- the rules, with a made-up index ----------------------------------------------------------

TITLE_WORDS = {"passport": 5, "pass": 5, "passage": 1, "benefit": 3, "vehicle": 4, "tax": 4}


def beginnings(term: str) -> int:
    """Titles with a word beginning `term`: the largest count of the words it begins."""
    return max((n for word, n in TITLE_WORDS.items() if word.startswith(term)), default=0)


def made_up(groups=(), spelt_calls=None) -> Completer:
    def spelt(letter: str) -> list[str]:
        if spelt_calls is not None:
            spelt_calls.append(letter)
        return [word for word in TITLE_WORDS if word.startswith(letter)]

    return Completer(beginnings, spelt, lambda word: (word.rstrip("s"),), groups)


def test_the_nearest_beginning_has_the_fewest_edits_then_the_most_titles():
    completer = made_up()
    assert completer.nearest("passprt") == "passport"  # one edit (two from six letters)
    assert completer.nearest("benif") == "benef"
    assert completer.nearest("pxxsxge") is None  # three edits
    assert completer.nearest("bassport") is None  # the first letter is kept


def test_synonyms_match_their_partners_titles():
    completer = made_up(groups=[["vehicle", "car"], ["vehicle tax", "car tax", "road tax"]])
    # no title has "car": its partner's do
    assert str(completer.query(["car", "ta"])) == "(title_prefixes:vehicle AND title_prefixes:ta)"
    assert str(completer.query(["vehicle"])) == "(title_prefixes:vehicle OR title_prefixes:car)"
    query = str(completer.query(["road", "tax"]))
    assert "title_prefixes:vehicle AND title_prefixes:tax" in query


def test_a_completion_looks_up_at_most_a_few_misspelt_words(monkeypatch):
    completer = made_up()
    looked_up = []
    nearest = completer.nearest
    monkeypatch.setattr(
        completer, "nearest", lambda typed: looked_up.append(typed) or nearest(typed)
    )
    assert completer.query(["passprt"] * MAX_FIXES + ["pa"]) is not None
    assert len(looked_up) == MAX_FIXES
    looked_up.clear()
    assert completer.query(["passprt"] * (MAX_FIXES + 1)) is None  # the last one is not fixed
    assert len(looked_up) == MAX_FIXES


def test_word_lists_and_misspellings_are_read_once():
    """A letter's words are read once for each length of beginning, and a misspelling's nearest
    is remembered: people type the same ones, a letter at a time."""
    calls = []
    completer = made_up(spelt_calls=calls)
    assert completer.nearest("passprt") == completer.nearest("passprt") == "passport"
    assert completer.nearest("passprot") == "passport"  # a swap is one edit
    assert len(calls) == len(range(5, 11)) and set(calls) == {"p"}  # beginnings of 5 to 10


def test_the_floor_is_a_share_of_the_best_score():
    scores = [10.0, 10 * COMPLETION_FLOOR, 10 * COMPLETION_FLOOR - 0.01, 1.0]
    assert above_floor(scores, float) == scores[:2]
    assert above_floor([], float) == []

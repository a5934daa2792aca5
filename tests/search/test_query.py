"""The query rules on their own, without an index: normalising, bounds, spelling fixes, synonym
units and their partners, question words, and the mended disjunction-max."""

from __future__ import annotations

import pytest
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import RamStorage
from whoosh.query import Term

from app.search.query import MAX_QUERY_CHARS, MAX_WORDS, BestOf, QueryMaker, normalise

SYNONYMS = [
    ["vehicle tax", "car tax", "road tax"],
    ["living allowance", "dole"],
    ["Self Assessment", "self-assessment", "tax return"],
]
KNOWN = {"vehicle", "tax", "passport", "renew", "living", "allowance", "road", "car"}


def maker() -> QueryMaker:
    return QueryMaker(StemmingAnalyzer(), SYNONYMS)


def known(word: str) -> bool:
    return word in KNOWN or word.rstrip("s") in KNOWN


def closest(word: str) -> str | None:
    return {"pasport": "passport", "dole": "vote", "renewel": "renew"}.get(word)


def prepare(text: str):
    return maker().prepare(text, known, closest)


def test_normalise():
    assert normalise("  Car   TAX’s  ") == "car tax's"
    assert normalise("self-assessment: NRS!") == "self assessment nrs"


def test_spelling_fixes_unknown_words_only():
    prepared = prepare("pasport renewel")
    assert prepared.text == "passport renew" and prepared.corrected
    assert not prepare("passport").corrected


def test_stop_words_short_words_and_synonyms_are_not_corrected():
    assert prepare("dole").text == "dole"  # a synonym, not a misspelling of "vote"
    assert not prepare("tax for the car").corrected
    assert prepare("pip").text == "pip"  # too short to guess


def test_synonym_groups_expand_both_ways():
    assert set(prepare("car tax").alternatives) == {"vehicle tax", "road tax"}
    assert set(prepare("vehicle tax rates").alternatives) == {"car tax", "road tax"}
    assert prepare("dole").alternatives == ["living allowance"]
    assert prepare("living allowance").alternatives == ["dole"]


def test_synonyms_match_on_stems_and_collapse_spellings():
    assert prepare("tax returns").alternatives == ["self assessment"]
    group = [g for g in maker().groups if ("self", "assess") in dict(map(reversed, g))]
    assert len(group[0]) == 2  # "Self Assessment" and "self-assessment" are one phrase


def test_the_longest_synonym_phrase_wins():
    # "tax" alone is in no group; "car tax" is one unit, not "car" + "tax"
    assert prepare("how much is car tax").alternatives == ["vehicle tax", "road tax"]


def test_the_key_is_the_stems_without_stop_words():
    assert prepare("Renewing the Passports").key == ("renew", "passport")


def test_nothing_to_search():
    assert prepare("").query is None
    assert prepare("the and of").query is None
    assert prepare("!!! ???").query is None


def test_bounds():
    prepared = prepare("tax " * 5000)
    assert len(prepared.text.split()) <= MAX_WORDS
    assert len(prepare("x" * (MAX_QUERY_CHARS * 3)).text) <= MAX_QUERY_CHARS


@pytest.mark.parametrize(
    "raw",
    [
        "title:tax",
        "tax AND NOT (car",
        "*",
        '"car tax',
        "tax^5",
        "-tax +car",
        "tax~2",
        "[a TO z]",
        "{}",
        "\\",
    ],
)
def test_query_syntax_is_read_as_words(raw):
    prepared = prepare(raw)
    assert ":" not in prepared.text and "(" not in prepared.text
    assert prepared.query is None or prepared.query.is_leaf() is False


def test_best_of_scores_the_best_subquery_of_each_document():
    schema = Schema(path=ID(stored=True), body=TEXT(analyzer=StemmingAnalyzer()))
    index = RamStorage().create_index(schema)
    with index.writer() as writer:
        writer.add_document(path="a", body="apple apple apple")
        writer.add_document(path="b", body="banana")
        writer.add_document(path="c", body="apple banana")
    with index.searcher() as searcher:
        apple, banana = Term("body", "appl"), Term("body", "banana")
        best = {h["path"]: h.score for h in searcher.search(BestOf([apple, banana]))}
        alone_a = {h["path"]: h.score for h in searcher.search(apple)}
        alone_b = {h["path"]: h.score for h in searcher.search(banana)}
        assert set(best) == {"a", "b", "c"}
        assert best["a"] == pytest.approx(alone_a["a"])
        assert best["b"] == pytest.approx(alone_b["b"])
        assert best["c"] == pytest.approx(max(alone_a["c"], alone_b["c"]))

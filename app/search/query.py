"""What a citizen typed, made into a Whoosh query: bounded, with synonyms and spelling fixes.

Kept apart from the service so the rules are plain to read and test:

- the words are cut to a bound (MAX_QUERY_CHARS, MAX_WORDS) and read as plain words: a citizen
  typing AND, NOT, brackets, colons or stars means them as words, never as query syntax; only
  "quoted phrases" mean something more (the words next to each other);
- each word is stemmed with the index's own analyzer and searched in every text field, weighted
  by FIELD_BOOSTS at query time (boosting at index time would be flattened by BM25's saturation
  of term frequency, so a title match would count little more than a body match);
- documents get a bonus for having all the words, and a larger one for having them all in the
  title: "tax your vehicle" should beat a page that says "tax" fifty times;
- question words ("how do i …", "what", "my") still count, but only a little;
- a word the index has never seen is replaced by its closest indexed word ("pasport" →
  "passport"), unless it belongs to a synonym phrase ("dole" is not a misspelling of "vote") or
  a "quoted phrase" (quoted words are searched as typed); each look-up walks Levenshtein
  automata over the index's word lists, so a query looks up at most MAX_SPELLING_WORDS words of
  at most MAX_SPELLING_CHARS letters, each once (`Speller`);
- a phrase from a synonym group also searches each of its partners, all of whose words must
  match ("car tax" also finds pages about "vehicle tax");
- a "quoted phrase" is checked word position by word position, which costs about 25 µs for each
  page with all its words: a query checks its quoted phrases on at most QUOTED_PHRASE_PAGES
  pages (`PhraseChecks`); in a field where a phrase's words are commoner than that, the phrase
  gets no bonus and its words count as words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from whoosh.matching import DisjunctionMaxMatcher, NullMatcher
from whoosh.query import And, AndMaybe, DisjunctionMax, Or, Phrase, Query, Term

from .schema import FIELD_BOOSTS, SEARCHED_FIELDS

MAX_QUERY_CHARS = 200
MAX_WORDS = 12
WORD = re.compile(r"[\w']+", re.UNICODE)
PHRASE = re.compile(r'"([^"]+)"')

# Words of questions and of the citizen's own situation: they rarely say what a page is about.
FILLER_WORDS = frozenset(
    (
        "how",
        "do",
        "does",
        "did",
        "doing",
        "done",
        "what",
        "what's",
        "whats",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "i",
        "i'm",
        "im",
        "me",
        "my",
        "mine",
        "our",
        "ours",
        "get",
        "got",
        "getting",
        "need",
        "needs",
        "want",
        "wants",
        "should",
        "could",
        "would",
        "much",
        "many",
        "there",
        "their",
        "they",
        "about",
        "any",
        "some",
        "please",
        "help",
        "someone",
    )
)
FILLER_WEIGHT = 0.25
ALL_WORDS_BONUS = 0.6  # × the words' own scores, for a document that has every word
TITLE_ALL_BOOST = 2.0  # a document whose title has every word
SYNONYM_WEIGHT = 0.8  # a partner phrase counts a little less than the words typed
QUOTED_BOOST = 2.0
PART_OF_PHRASE = 0.6  # some words of a synonym phrase, not all
SPELLING_MIN_CHARS = 4  # shorter words are left alone: too many real words are 1 edit apart
# Bounds on a query's spelling work: 12 random 16-letter words once cost a second of CPU. Few
# queries have more than one or two misspellings, and longer "words" are not misspelt words.
MAX_SPELLING_WORDS = 3
MAX_SPELLING_CHARS = 20
# Pages on which a query's quoted phrases may be checked, counted in each field as the pages
# with the phrase's least common word: "must provide" stands on 8,837 of 10,000 pages and cost
# 240 ms to check; 600 pages cost about 15 ms.
QUOTED_PHRASE_PAGES = 600


def normalise(text: str) -> str:
    """Lower case, single spaces: how queries are compared with best bets and synonyms."""
    return " ".join(WORD.findall(text.lower().replace("’", "'")))


def read_words(raw: str) -> tuple[list[str], list[int | None]]:
    """The first MAX_WORDS words of a query, normalised, and for each the number of the "quoted
    phrase" it is in (None outside quotes). A quote always separates words, so the words are
    those of `normalise(raw)`; a phrase cut by the bound keeps the words within it."""
    words: list[str] = []
    phrases: list[int | None] = []
    position = 0
    for number, match in enumerate([*PHRASE.finditer(raw), None]):
        end = match.start() if match else len(raw)
        outside = WORD.findall(normalise(raw[position:end]))
        words += outside
        phrases += [None] * len(outside)
        if match:
            inside = WORD.findall(normalise(match.group(1)))
            words += inside
            phrases += [number] * len(inside)
            position = match.end()
    return words[:MAX_WORDS], phrases[:MAX_WORDS]


class Speller:
    """One query's spelling look-ups, bounded: at most MAX_SPELLING_WORDS words, of at most
    MAX_SPELLING_CHARS letters, each looked up once; the fixes and "Did you mean" share them."""

    def __init__(self, closest: Callable[[str], str | None]):
        self._closest = closest
        self.looked_up: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self.looked_up:
            return self.looked_up[word]
        if (
            len(word) > MAX_SPELLING_CHARS
            or len(word) < SPELLING_MIN_CHARS
            or len(self.looked_up) >= MAX_SPELLING_WORDS
        ):
            return None
        found = self.looked_up[word] = self._closest(word)
        return found


class PhraseChecks:
    """Where one query's quoted phrases are checked, within QUOTED_PHRASE_PAGES pages in all:
    field by field, in the order the phrases were typed, a phrase is checked in a field if the
    pages with its least common word there fit in what is left. The decision depends only on
    the query and the index, so the Python ranker and Whoosh's query make the same one."""

    def __init__(self, pages: Callable[[str, str], int]):
        self._pages = pages  # (field, stem) -> pages with the stem in the field
        self.left = QUOTED_PHRASE_PAGES
        self._decided: dict[tuple[str, ...], tuple[str, ...]] = {}

    def __call__(self, stems: tuple[str, ...]) -> tuple[str, ...]:
        """The fields in which the phrase is checked."""
        found = self._decided.get(stems)
        if found is None:
            checked = []
            for name in SEARCHED_FIELDS:
                candidates = min(self._pages(name, stem) for stem in stems)
                if 0 < candidates <= self.left:  # 0: the phrase cannot stand there
                    checked.append(name)
                    self.left -= candidates
            found = self._decided[stems] = tuple(checked)
        return found


@dataclass
class PreparedQuery:
    text: str  # what was searched for, after spelling fixes
    query: Query | None
    corrected: bool = False  # words were replaced: show "Showing results for …"
    alternatives: list[str] = field(default_factory=list)  # synonym phrases also searched
    key: tuple[str, ...] = ()  # the stems searched for: best bets are matched on these
    # the same query, matching only pages with every unit of meaning: tried first, as it is
    # both what the citizen asked and far quicker to score than pages with any one word
    every: Query | None = None
    # what `query` and `every` match, as sets of stems: each unit matches a page with any of
    # its typed stems, or all the stems of one of its partners (see `_unit`); `every` needs
    # every content unit, `query` any unit. The service counts matches from these.
    units: list[tuple[bool, tuple[str, ...], list[tuple[str, ...]]]] = field(
        default_factory=list
    )  # (is content, typed stems, partners' stems)
    quoted: list[tuple[str, ...]] = field(default_factory=list)  # stems of "quoted phrases"
    quoted_fields: list[tuple[str, ...]] = field(default_factory=list)  # where each is checked
    # positions in `text` of words typed in quotes: searched as typed, never "Did you mean"
    as_typed: frozenset[int] = frozenset()


class QueryMaker:
    """Turns what was typed into a query for one index: its analyzer and synonym groups."""

    def __init__(self, analyzer, synonyms: Iterable[Iterable[str]]):
        self.analyzer = analyzer
        self._stems_cache: dict[str, tuple[str, ...]] = {}
        # each group as (phrase as typed, its stems), phrases with the same stems once
        self.groups: list[list[tuple[str, tuple[str, ...]]]] = []
        for group in synonyms:
            phrases: dict[tuple[str, ...], str] = {}
            for phrase in group:
                stems = self.key(phrase)
                if stems:
                    phrases.setdefault(stems, normalise(phrase))
            if len(phrases) > 1:
                self.groups.append([(text, stems) for stems, text in phrases.items()])

    # -- words ---------------------------------------------------------------------------------

    def stems(self, word: str) -> tuple[str, ...]:
        """The index's terms for one word: none for stop words ("the", "to")."""
        found = self._stems_cache.get(word)
        if found is None:
            found = tuple(token.text for token in self.analyzer(word))
            if len(self._stems_cache) < 20_000:
                self._stems_cache[word] = found
        return found

    def key(self, text: str) -> tuple[str, ...]:
        """The stems of a text, in order: "Renewing passports" → ("renew", "passport")."""
        return tuple(s for word in WORD.findall(normalise(text)) for s in self.stems(word))

    def _units(self, words: list[str]) -> list[_Unit]:
        """The words as units of meaning: each synonym phrase found (longest first, not
        overlapping) is one unit with its partners; every other word is a unit of its own."""
        tokens = [(i, s) for i, word in enumerate(words) for s in self.stems(word)]
        stems = [s for _, s in tokens]
        found = []  # (start token, length, group)
        for group in self.groups:
            for _, phrase in group:
                n = len(phrase)
                for start in range(len(stems) - n + 1):
                    if tuple(stems[start : start + n]) == phrase:
                        found.append((start, n, group))
        taken: dict[int, tuple[int, list]] = {}
        for start, n, group in sorted(found, key=lambda f: (-f[1], f[0])):
            span = range(start, start + n)
            if not any(
                t in taken or any(t in range(s, s + m) for s, (m, _) in taken.items()) for t in span
            ):
                taken[start] = (n, group)
        units, position = [], 0
        while position < len(tokens):
            if position in taken:
                n, group = taken[position]
                phrase = tuple(stems[position : position + n])
                positions = frozenset(i for i, _ in tokens[position : position + n])
                partners = [(text, p) for text, p in group if p != phrase]
                units.append(_Unit(phrase, positions, partners, filler=False))
                position += n
            else:
                i, stem = tokens[position]
                units.append(_Unit((stem,), frozenset([i]), [], filler=words[i] in FILLER_WORDS))
                position += 1
        return units

    # -- queries -------------------------------------------------------------------------------

    def _word(self, stem: str) -> Query:
        return Or([Term(name, stem, boost=FIELD_BOOSTS[name]) for name in SEARCHED_FIELDS])

    def _every(self, stems: tuple[str, ...]) -> Query:
        return self._word(stems[0]) if len(stems) == 1 else And([self._word(s) for s in stems])

    def _title(self, stems: tuple[str, ...]) -> Query:
        terms = [Term("title", s) for s in stems]
        return terms[0] if len(terms) == 1 else And(terms)

    def _unit(self, unit: _Unit) -> Query:
        """Any of the words typed, or all the words of one of their synonym partners: the best
        of those, so a page is not counted again for each partner it mentions."""
        words = [self._word(s) for s in unit.stems]
        if len(words) == 1:
            typed = words[0]
        else:  # the phrase itself, or (weaker evidence) some of its words anywhere
            phrase = Or(
                [
                    Phrase(name, list(unit.stems), boost=FIELD_BOOSTS[name])
                    for name in SEARCHED_FIELDS
                ]
            )
            typed = BestOf([phrase, Or(words, boost=PART_OF_PHRASE)])
        if unit.filler:
            typed = Or([typed], boost=FILLER_WEIGHT)
        if not unit.partners:
            return typed
        partners = [Or([self._every(p)], boost=SYNONYM_WEIGHT) for _, p in unit.partners]
        return BestOf([typed, *partners])

    def _bonus(self, units: list[_Unit]) -> tuple[Query, Query | None]:
        """Bonuses for documents with every unit of meaning, and more for titles with them all."""

        def variants(unit, make):
            options = [make(unit.stems)] + [make(p) for _, p in unit.partners]
            return options[0] if len(options) == 1 else BestOf(options)

        everywhere = [variants(u, self._every) for u in units]
        in_title = [variants(u, self._title) for u in units]
        title_bonus = Or(
            [in_title[0]] if len(in_title) == 1 else [And(in_title)], boost=TITLE_ALL_BOOST
        )
        everywhere_bonus = And(everywhere, boost=ALL_WORDS_BONUS) if len(units) > 1 else None
        return title_bonus, everywhere_bonus

    def prepare(
        self,
        raw: str,
        known: Callable[[str], bool],
        closest: Callable[[str], str | None] | None,
        phrase_fields: Callable[[tuple[str, ...]], tuple[str, ...]] | None = None,
    ) -> PreparedQuery:
        """`closest` None: search for exactly the words typed, with no spelling fixes. Quoted
        words are never fixed; `closest` is asked about the others in order (see `Speller`).
        `phrase_fields` says in which fields each quoted phrase is checked (`PhraseChecks`);
        None: in every field."""
        if closest is not None and not isinstance(closest, Speller):
            closest = Speller(closest)
        words, phrases = read_words(raw[:MAX_QUERY_CHARS])
        as_typed = frozenset(i for i, phrase in enumerate(phrases) if phrase is not None)
        if not any(self.stems(w) for w in words):
            return PreparedQuery(" ".join(words), None, as_typed=as_typed)
        corrected = closest is not None and self._correct(words, as_typed, known, closest)
        units = self._units(words)
        content = [u for u in units if not u.filler]
        required = [self._unit(u) for u in content]
        extra = [self._unit(u) for u in units if u.filler]
        everywhere_bonus = None
        if content:
            title_bonus, everywhere_bonus = self._bonus(content)
            extra.append(title_bonus)
        quoted_stems, quoted_fields = self._quoted(words, phrases, phrase_fields)
        extra += [
            _phrase_query(stems, fields)
            for stems, fields in zip(quoted_stems, quoted_fields, strict=True)
            if fields
        ]
        text = " ".join(words)
        alternatives = list(dict.fromkeys(text for u in units for text, _ in u.partners))
        # Pages with every unit of meaning: matched first, and ranked as the query of any word
        # ranks them: all of them get all the units' scores, and the bonus for having every
        # unit is the same share of those scores for each, so it is left out (half the work).
        every = None
        if required:
            every = (
                AndMaybe(required[0] if len(required) == 1 else And(required), Or(extra))
                if extra
                else And(required)
            )
        anywhere = required + extra + ([everywhere_bonus] if everywhere_bonus else [])
        matching = [(not u.filler, u.stems, [p for _, p in u.partners]) for u in units]
        return PreparedQuery(
            text,
            Or(anywhere),
            corrected,
            alternatives,
            self.key(text),
            every,
            matching,
            quoted_stems,
            quoted_fields,
            as_typed,
        )

    def _correct(
        self,
        words: list[str],
        as_typed: frozenset[int],
        known: Callable[[str], bool],
        closest: Callable[[str], str | None],
    ) -> bool:
        """Replace the words the index has never seen by their closest (in place): never a
        quoted word or a word of a synonym phrase. Whether any word changed."""
        protected = set(as_typed)
        for unit in self._units(words):
            if unit.partners:
                protected |= unit.positions
        corrected = False
        for i, word in enumerate(words):
            if (
                i in protected
                or len(word) < SPELLING_MIN_CHARS
                or not self.stems(word)
                or known(word)
            ):
                continue
            suggestion = closest(word)
            if suggestion and suggestion != word:
                words[i], corrected = suggestion, True
        return corrected

    def _quoted(
        self,
        words: list[str],
        phrases: list[int | None],
        phrase_fields: Callable[[tuple[str, ...]], tuple[str, ...]] | None,
    ) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
        """Each quoted phrase of two or more stems, and the fields it is checked in."""
        quoted_stems, quoted_fields = [], []
        for number in dict.fromkeys(p for p in phrases if p is not None):
            stems = tuple(
                self.key(" ".join(w for w, p in zip(words, phrases, strict=True) if p == number))
            )
            if len(stems) > 1:
                quoted_stems.append(stems)
                quoted_fields.append(
                    tuple(phrase_fields(stems) if phrase_fields else SEARCHED_FIELDS)
                )
        return quoted_stems, quoted_fields


def _phrase_query(stems: tuple[str, ...], fields: tuple[str, ...]) -> Query:
    if len(fields) == 1:  # Whoosh ignores the boost of a group of one
        return Phrase(fields[0], list(stems), boost=QUOTED_BOOST)
    return Or([Phrase(name, list(stems)) for name in fields], boost=QUOTED_BOOST)


@dataclass(frozen=True)
class _Unit:
    stems: tuple[str, ...]  # as typed
    positions: frozenset[int]  # of the words typed
    partners: list[tuple[str, tuple[str, ...]]]  # synonym phrases: (text, stems)
    filler: bool


class _BestOfMatcher(DisjunctionMaxMatcher):
    """Whoosh's disjunction-max matcher, mended: it scored a document with the larger of both
    sides' current scores even when only one side was on that document, and dropped both sides
    when only one was exhausted."""

    def replace(self, minquality=0):
        a, b = self.a, self.b
        if not a.is_active():
            return b.replace(minquality) if b.is_active() else NullMatcher()
        if not b.is_active():
            return a.replace(minquality)
        if minquality:
            a_ok, b_ok = a.max_quality() >= minquality, b.max_quality() >= minquality
            if not (a_ok or b_ok):
                return NullMatcher()
            if not b_ok:
                return a.replace(minquality)
            if not a_ok:
                return b.replace(minquality)
        a, b = a.replace(minquality), b.replace(minquality)
        if not a.is_active():
            return b if b.is_active() else NullMatcher()
        if not b.is_active():
            return a
        if a is not self.a or b is not self.b:
            return self.__class__(a, b)
        return self

    def score(self):
        a, b = self.a, self.b
        if not a.is_active():
            return b.score()
        if not b.is_active():
            return a.score()
        a_id, b_id = a.id(), b.id()
        if a_id != b_id:
            return a.score() if a_id < b_id else b.score()
        return max(a.score(), b.score())


class BestOf(DisjunctionMax):
    """Matches what any of its subqueries matches, scored by the best of them."""

    def _matcher(self, subs, searcher, context):
        reader = searcher.reader()
        return self._tree_matcher(
            subs, _BestOfMatcher, searcher, context, lambda q: q.estimate_size(reader)
        )

"""How the words of each language are analysed for the search index: one chain a language.

- English: Whoosh's StemmingAnalyzer (tokenizer, lower case, its stop list, the Porter stemmer),
  so "renewing passports" finds "Renew your passport".
- Welsh (`cy`): tokenizer, lower case, accent folding (ŵ → w, â → a, ŷ → y: people often type
  Welsh without its circumflexes), the Welsh stop list below, and no stemmer: the English one
  would cut Welsh words at English endings ("ffordd" is not "ffor" + "dd"), and Welsh changes a
  word's beginning (mutation: "ffordd", "y ffordd", "ei ffordd") more than its ending.
- Any other language: lower case and accent folding only, until it has rules of its own.

Each chain is the shape the build's segment writer analyses in one loop (segment_writer.py,
`_Analysis`): tokenizer | lower case | [accent folding] | stop words | [stemmer].
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh.analysis import (
    CharsetFilter,
    LowercaseFilter,
    NgramFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.analysis.analyzers import CompositeAnalyzer
from whoosh.analysis.tokenizers import default_pattern
from whoosh.support.charset import accent_map

ENGLISH = "en"
WELSH = "cy"

# Welsh function words. The source is the Welsh stop list of spaCy (spacy/lang/cy/stop_words.py,
# MIT licence): its function words (articles, prepositions, conjunctions, pronouns, particles,
# forms of "bod", to be), without its content words (amser, byd, cael, hen, iawn, llawer, lle,
# mawr, meddwl, peth, allan) and without "hyn" and "ôl", which accent folding would make the
# same as "hŷn" (older) and "ol"; with the mutated and plural forms of its words it lacks
# (drwy, eich, nhw, ydy, roedd, bydd…). Kept short, so that no word a citizen searches for is
# dropped. Written accent-folded, as the chain folds before it drops stop words.
WELSH_STOP_WORDS = frozenset(
    [
        *("a", "ac", "ag", "am", "ar", "arall", "at", "beth", "bob", "bod", "dan", "ef", "efe"),
        *("ei", "ein", "er", "eraill", "eto", "eu", "fath", "fe", "fel", "felly", "fod", "fy"),
        *("gan", "gyda", "heb", "hefyd", "holl", "hon", "hun", "hwn", "hwy", "hyd", "i"),
        *("iddo", "mae", "mai", "mewn", "mor", "na", "nad", "neu", "ni", "nid", "o", "oedd"),
        *("oes", "ond", "os", "pa", "pan", "pob", "rhai", "sydd", "trwy", "wedi", "wrth", "y"),
        *("ydym", "ydyw", "yma", "yn", "yr", "yw"),
        # not in spaCy's list: forms and mutations of its words
        *("drwy", "dros", "rhwng", "yng", "ym", "eich", "nhw", "chi", "hi", "fo", "ydy"),
        *("maen", "roedd", "bydd", "fydd", "yna", "iddi", "iddyn", "ganddo", "ganddi"),
    ]
)


def folding_analyzer(stop_words: frozenset[str] = frozenset()) -> CompositeAnalyzer:
    """Tokenizer, lower case, accent folding and a stop list: no stemmer."""
    return (
        RegexTokenizer(default_pattern)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=stop_words, minsize=2)
    )


def analyzer_for(language: str) -> CompositeAnalyzer:
    """The analyzer of the text fields of an index of pages in `language`."""
    if language == ENGLISH:
        return StemmingAnalyzer()
    if language == WELSH:
        return folding_analyzer(WELSH_STOP_WORDS)
    return folding_analyzer()


def prefixes_analyzer(language: str, most: int) -> CompositeAnalyzer:
    """The title word beginnings completions look up (up to `most` letters), accent-folded
    outside English as the language's words are."""
    tokenizer = RegexTokenizer()
    if language == ENGLISH:
        return tokenizer | LowercaseFilter() | NgramFilter(1, most, at="start")
    return (
        tokenizer | LowercaseFilter() | CharsetFilter(accent_map) | NgramFilter(1, most, at="start")
    )


def folding(language: str) -> Callable[[str], str]:
    """What the language's analysis does to a lower-case word's letters before it looks it up:
    nothing in English, accents folded in any other language (ŵ → w)."""
    if language == ENGLISH:
        return str
    return lambda word: word.translate(accent_map)

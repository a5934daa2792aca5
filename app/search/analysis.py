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

# Welsh function words: the articles, the commonest prepositions (with their personal forms),
# conjunctions, possessives, pronouns and particles, and the forms of "bod" (to be) that carry
# no subject. Chosen from the function words of the public Welsh stop list of Bangor
# University's language technologies unit (github.com/techiaith/ataleiriau,
# cy_ataleiriau_stopwords.txt), kept short so that no word a citizen searches for is dropped.
# Written accent-folded, as the chain folds before it drops stop words.
WELSH_STOP_WORDS = frozenset(
    """
    a ac ag am an ar at i o y yr yn ym yng mae maen oedd oes ydy yw ydw ydyn ydych ydynt
    sydd sy bod fod roedd bydd fydd fe mi ni nid na nad nac neu ond os pan tra fel hefyd
    ei eich ein eu fy dy ty fy'n gan gyda efo heb dros drwy trwy tan hyd mewn wrth rhwng
    yma yna hyn hwn hon hynny honno hwnnw nhw hi fo fe ef chi ti fi
    iddo iddi iddyn iddynt ato ati atyn arno arni arnyn ganddo ganddi ganddyn ohono ohoni
    wedi newydd am fod ynghylch ynglyn ar gyfer gyfer
    """.split()
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

"""Block rules tried only on the lines that can start them (and inline rules only at the
characters that can start them).

markdown-it tries every block rule, in order, at the start of every block, and the rules of a
chain ("paragraph", "list"…) at every line that might end a paragraph or a list item: with
Govspeak's plugins, 26 rules at each block and 15 to 21 at each such line, most of them
looking at the line's first character and giving up. That was over half of the block parser's
time on a typical page.

Each rule named in FIRST_CHARACTERS can only match a line whose first character (after its
indentation) is one of those given; the others (indented code, tables, setext headings,
paragraphs) can start with anything. `install` replaces each chain by one rule that looks the
line's first character up and tries, in the chain's own order, only the rules that can match
it. The tokens are the same as without it (tests/markdown/test_block_dispatch.py parses the
sample content, the docs' examples and generated Govspeak both ways).

Inline rules are dispatched the same way on the character at the position (INLINE_FIRST_CHARACTERS;
the text rule, which takes every run of ordinary characters, is tried everywhere first): 4% of
the inline parser's time.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline

BlockRule = Callable[[StateBlock, int, int, bool], bool]
InlineRule = Callable[[StateInline, bool], bool]

# rule name -> the first characters of the lines it can match (markdown-it's and Govspeak's)
FIRST_CHARACTERS = {
    # markdown-it
    "fence": "`~",
    "blockquote": ">",
    "hr": "*-_",
    "list": "*-+0123456789",
    "reference": "[",
    "html_block": "<",
    "heading": "#",
    # mdit-py-plugins
    "footnote_def": "[",
    # Govspeak (app/markdown/)
    "address": "$",  # $A
    "legislative_list": "$",  # $LegislativeList
    "dollar_block": "$",  # $C, $CTA, $E…
    "callout": "^%",
    "devolved": ":",  # :scotland:
    "stat_headline": "{",
    "highlight_answer": "{",
    "steps": "s",  # s1.
    "abbreviation_definition": "*",  # *[HMRC]:
    "govspeak_image": "[!",  # [Image: x] and !!1
    "attachment": "[!",  # [Attachment: x] and !@1
    "contact_card": "[",  # [Contact: x]
    "definition_attributes": "{",  # {: …}
    "split_button": "{",  # {button}
}

CHAINS = ("", "paragraph", "reference", "blockquote", "list")

# inline rule name -> the characters it can start at
INLINE_FIRST_CHARACTERS = {
    # markdown-it
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "_*",
    "link": "[",
    "image": "!",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
    # mdit-py-plugins
    "footnote_ref": "[",
    # Govspeak (app/markdown/)
    "attachment_link": "[",
    "button": "{",
    "link_attributes": "{",
    "reference_link_attributes": "[",
    "explicit_external_link": "[",
}


def _rules_by_character(rules: list[tuple[str, Callable]], first: dict[str, str]):
    """The rules to try, in their order, for a character found in `first` (by_character) and for
    any other (anywhere): a rule not named in `first` can start at any character."""
    anywhere = [rule for name, rule in rules if name not in first]
    characters = {c for name, _rule in rules for c in first.get(name, "")}
    by_character = {
        c: [rule for name, rule in rules if c in first.get(name, c)] for c in characters
    }
    return by_character, anywhere


def dispatcher(rules: list[tuple[str, BlockRule]]) -> BlockRule:
    """One rule doing what trying `rules` in order does, trying only those that can match."""
    by_character, anywhere = _rules_by_character(rules, FIRST_CHARACTERS)

    def dispatch(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        pos = state.bMarks[start_line] + state.tShift[start_line]
        for rule in by_character.get(state.src[pos : pos + 1], anywhere):
            if rule(state, start_line, end_line, silent):
                return True
        return False

    return dispatch


def inline_dispatcher(rules: list[tuple[str, InlineRule]]) -> InlineRule:
    """One inline rule doing what trying `rules` in order does, trying only those that can
    match at the character."""
    by_character, anywhere = _rules_by_character(rules, INLINE_FIRST_CHARACTERS)

    def dispatch(state: StateInline, silent: bool) -> bool:
        # a loop, not any(): a generator for each character would cost what the dispatch saves
        for rule in by_character.get(state.src[state.pos], anywhere):  # noqa: SIM110
            if rule(state, silent):
                return True
        return False

    return dispatch


def install(md: MarkdownIt) -> None:
    """Give each block chain, and the inline rules, a dispatcher; call once every plugin is in."""
    _install_inline(md)
    ruler = md.block.ruler
    known = {rule.name for rule in ruler.__rules__}
    unknown = set(FIRST_CHARACTERS) - known
    if unknown:  # a rule renamed or gone: its entry would silently never apply
        raise ValueError(f"block rules not in the parser: {sorted(unknown)}")
    chains = {
        chain: [
            dispatcher(
                [
                    (rule.name, rule.fn)
                    for rule in ruler.__rules__
                    if rule.enabled and (not chain or chain in rule.alt)
                ]
            )
        ]
        for chain in CHAINS
    }
    original = ruler.getRules
    ruler.getRules = lambda chain: chains[chain] if chain in chains else original(chain)


def _install_inline(md: MarkdownIt) -> None:
    ruler = md.inline.ruler
    unknown = set(INLINE_FIRST_CHARACTERS) - {rule.name for rule in ruler.__rules__}
    if unknown:
        raise ValueError(f"inline rules not in the parser: {sorted(unknown)}")
    rules = [(rule.name, rule.fn) for rule in ruler.__rules__ if rule.enabled]
    dispatch = [inline_dispatcher(rules)]
    original = ruler.getRules
    ruler.getRules = lambda chain: dispatch if chain == "" else original(chain)

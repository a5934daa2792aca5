"""The style lint: GOV.UK's style guide as warnings at `file:line`, each with its fix.

`lint_file(source, title, description, settings, parsed, problems)` reads one page, guide part or
organisation (the title and description in the front matter too) and adds a warning for each
finding that no comment silences. The renderer runs it on every body it renders
(app.content.render), from the tokens it has just parsed, so `build.py check`, `build` and the
preview all report the same warnings, and the build cache keeps them with the page's other
problems; they fail only with `--strict`, as CI runs it. The rules are in rules/ (one a module),
their word lists in content/style.yaml (config.py, read once with the site), and each has a
section in docs/style-lint.md.
"""

from __future__ import annotations

import difflib

from app.content.pages import Site, Source
from app.content.problems import ProblemList

from .config import StyleSettings, load_style
from .prose import HEADING, TEXT, Prose, front_matter_block, read_parsed
from .rules import RULE_IDS, RULES, reading_age
from .silences import read_silences

DOCS = "docs/style-lint.md"


def read_prose(source: Source, title: str, description: str | None, parsed) -> Prose:
    prose = Prose()
    prose.blocks.append(front_matter_block(HEADING, source.lines.text_line_of(("title",)), title))
    if description:
        line = source.lines.text_line_of(("description",))
        prose.blocks.append(front_matter_block(TEXT, line, description))
    return read_parsed(parsed, source.body_line, prose)


def tagged(message: str, rule: str) -> str:
    """A finding's message with its rule's id and the rule's section of the docs, as every
    output shows it: `… [style/dates] (docs/style-lint.md#dates)`."""
    return f"{message} [style/{rule}] ({DOCS}#{rule})"


def _unknown_rule(rule: str) -> str:
    close = difflib.get_close_matches(rule, sorted(RULE_IDS), n=1)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    message = (
        f'"{rule}" is not a style rule, so this comment silences nothing: {hint}the rules are '
        f"{', '.join(sorted(RULE_IDS))}"
    )
    return tagged(message, "silence")


def lint_file(
    source: Source,
    title: str,
    description: str | None,
    settings: StyleSettings,
    parsed: tuple[list, dict],
    problems: ProblemList,
) -> None:
    """`parsed`: the body's tokens and env (app.markdown.parse), before they are rendered."""
    silences = read_silences(source.style_comments, source.body, source.body_line, RULE_IDS)
    for line, rule in silences.unknown:
        problems.warning(source.path, line, _unknown_rule(rule))
    prose = read_prose(source, title, description, parsed)
    for rule in RULES:
        for finding in rule.check(prose, settings):
            if not silences.silenced(rule.id, finding.line):
                problems.warning(source.path, finding.line, tagged(finding.message, rule.id))


def before_forking(site: Site) -> None:
    """Load, once, what the lint would otherwise load in each of the build's forked workers; when
    the lint does not run (`build.py build`), nothing: the dictionary alone takes 0.85 s."""
    if site.style is not None:
        reading_age.load_dictionary()


__all__ = ["StyleSettings", "before_forking", "lint_file", "load_style"]

"""The style lint: GOV.UK's style guide as warnings at `file:line`, each with its fix.

`lint_site(site, content_dir, problems)` reads every page, guide part and organisation (the title
and description in the front matter too) and adds a warning for each finding that no comment
silences. `build.py check` runs it; the warnings fail only with `--strict`, as CI runs it. The
rules are in rules/ (one a module), their word lists in content/style.yaml (config.py), and each
has a section in docs/style-lint.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from app.content.pages import Site, Source
from app.content.problems import ProblemList

from .config import StyleSettings, load_style
from .prose import HEADING, TEXT, Prose, front_matter_block, read_markdown
from .rules import RULE_IDS, RULES
from .silences import read_silences

DOCS = "docs/style-lint.md"


def _files(site: Site) -> Iterator[tuple[Source, str, str | None]]:
    """Every Markdown file of the site: its source, title and description."""
    for page in site.pages.values():
        yield page.source, page.meta.title, page.meta.description
        for part in page.parts[1:]:
            yield part.source, part.title, None
    for org in site.organisations.values():
        yield org.source, org.meta.title, None


def read_prose(source: Source, title: str, description: str | None) -> Prose:
    prose = Prose()
    prose.blocks.append(front_matter_block(HEADING, source.lines.text_line_of(("title",)), title))
    if description:
        line = source.lines.text_line_of(("description",))
        prose.blocks.append(front_matter_block(TEXT, line, description))
    return read_markdown(source.body, source.body_line, prose)


def _unknown_rule(rule: str) -> str:
    close = difflib.get_close_matches(rule, sorted(RULE_IDS), n=1)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    return (
        f'"{rule}" is not a style rule, so this comment silences nothing: {hint}the rules are '
        f"{', '.join(sorted(RULE_IDS))} ({DOCS}) [style/silence]"
    )


def lint_file(
    source: Source,
    title: str,
    description: str | None,
    settings: StyleSettings,
    problems: ProblemList,
) -> None:
    try:
        text = Path(source.path).read_text(encoding="utf-8")
    except OSError:  # gone since it was loaded: nothing to silence with
        text = ""
    silences = read_silences(text, source.body_line, set(RULE_IDS))
    for line, rule in silences.unknown:
        problems.warning(source.path, line, _unknown_rule(rule))
    prose = read_prose(source, title, description)
    for rule in RULES:
        for finding in rule.check(prose, settings):
            if not silences.silenced(rule.id, finding.line):
                problems.warning(source.path, finding.line, f"{finding.message} [style/{rule.id}]")


def lint_site(site: Site, content_dir: Path, problems: ProblemList) -> None:
    settings = load_style(content_dir, problems)
    for source, title, description in _files(site):
        lint_file(source, title, description, settings, problems)


__all__ = ["lint_file", "lint_site", "load_style"]

"""content/style.yaml: the style lint's word lists and limits, which editors change by pull request.

Every key is optional: a missing key keeps the default below, and a content tree without the file
is linted with the defaults alone. The sample content's file is the one to copy and explains each
list; docs/style-lint.md says which rule reads which key.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from app.content.loader import display_path
from app.content.problems import ProblemList
from app.content.validation import validate
from app.content.yamlsource import YamlError, parse_yaml

FILE_NAME = "style.yaml"


class Limits(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sentence_words: int = Field(25, ge=5)  # GOV.UK: no more than 25 words in a sentence
    reading_age: int = Field(14, ge=6)  # a page's reading age (Flesch-Kincaid grade + 5)
    reading_age_min_words: int = Field(100, ge=20)  # shorter pages are too short to measure


class StyleSettings(BaseModel):
    """The word lists map what to avoid to what to write instead."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words_to_avoid: dict[str, str] = {}
    plain_english: dict[str, str] = {}
    contractions: dict[str, str] = {}
    link_text_to_avoid: list[str] = []
    acronyms: list[str] = []  # words in capitals that are not shouting
    limits: Limits = Limits()


def load_style(content_dir: Path, problems: ProblemList) -> StyleSettings:
    """The settings in `content_dir/style.yaml`; the defaults if it is missing or has errors
    (which are recorded as problems, so a broken list is fixed rather than ignored)."""
    path = Path(content_dir) / FILE_NAME
    if not path.is_file():
        return StyleSettings()
    shown = display_path(path)
    try:
        data, lines = parse_yaml(path.read_text(encoding="utf-8"))
    except YamlError as exc:
        problems.error(shown, exc.line, exc.message)
        return StyleSettings()
    settings = validate(StyleSettings, data or {}, lines, shown, problems)
    return settings or StyleSettings()

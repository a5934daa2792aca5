"""docs/content-model.md documents every field of the content models and every page type, so the
documentation for editors cannot fall behind the code."""

from __future__ import annotations

import re

import pytest
import yaml
from pydantic import BaseModel

from app.content.models import (
    AttachmentSpec,
    ChangeNote,
    Contact,
    ImageSpec,
    Link,
    OrganisationMeta,
    PageMeta,
    PartMeta,
    PhaseBanner,
    Phone,
    Redirect,
    SiteSettings,
    Step,
    StepLink,
    Topic,
)
from app.content.page_types import PageType

from .helpers import REPO

DOC = (REPO / "docs" / "content-model.md").read_text(encoding="utf-8")


def _names(model: type[BaseModel]) -> set[str]:
    """The names an editor writes: aliases where there are any (`from` for Redirect.from_)."""
    return {field.alias or name for name, field in model.model_fields.items()}


def _sections() -> dict[str, str]:
    """`## Heading` -> the text under it, up to the next `## ` heading."""
    parts = re.split(r"^## +(.+)$", DOC, flags=re.MULTILINE)
    return {title.strip(): text for title, text in zip(parts[1::2], parts[2::2], strict=True)}


def _section(starting: str) -> str:
    found = [text for title, text in _sections().items() if title.startswith(starting)]
    assert len(found) == 1, f"docs/content-model.md has no single section `## {starting}…`"
    return found[0]


def _table_fields(text: str) -> set[str]:
    """The `backticked` names in the first column of every Markdown table in the text."""
    fields = set()
    for row in re.findall(r"^\|(.+?)\|", text, flags=re.MULTILINE):
        fields.update(re.findall(r"`([a-z_]+)`", row))
    return fields


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^ *```{language}\n(.*?)^ *```", text, flags=re.MULTILINE | re.DOTALL)


def _yaml_keys(text: str, deep: bool = True) -> set[str]:
    """The mapping keys of YAML (or of Markdown front matter) in a code block: at any depth, or
    only those of the document (of each item, if it is a list)."""
    if text.startswith("---\n"):
        text = text.split("---\n")[1]
    keys: set[str] = set()

    def walk(value, depth):
        if isinstance(value, dict):
            keys.update(map(str, value))
            children = list(value.values()) if deep else []
        elif isinstance(value, list):
            children = value if depth == 0 or deep else []
        else:
            children = []
        for item in children:
            walk(item, depth + 1)

    walk(yaml.safe_load(text), 0)
    return keys


def _block_keys(section: str, language: str, deep: bool = True) -> set[str]:
    keys: set[str] = set()
    for block in _code_blocks(_section(section), language):
        keys |= _yaml_keys(block, deep)
    return keys


def test_the_doc_is_parsed_as_expected():
    assert "Front matter" in _sections()
    assert {"title", "description", "type"} <= _table_fields(_section("Front matter"))
    assert "brand_colour" in _block_keys("Organisations", "markdown")


def test_every_page_field_is_in_the_front_matter_tables():
    documented = _table_fields(_section("Front matter"))
    missing = _names(PageMeta) - documented
    assert not missing, (
        f"add these PageMeta fields to the tables in docs/content-model.md: {sorted(missing)}"
    )


def test_the_front_matter_tables_name_no_field_the_code_lacks():
    documented = _table_fields(_section("Front matter")) - {
        "field",
        "type",
        "guide",
        "start",
        "step-by-step",
        "news",
        "consultation",
        "page",
        "answer",
        "organisation",
        "topic",
    }
    assert documented <= _names(PageMeta) | {"type"}


@pytest.mark.parametrize(
    ("model", "section", "language"),
    [
        (OrganisationMeta, "Organisations", "markdown"),
        (Contact, "Contacts", "yaml"),
        (SiteSettings, "Site settings", "yaml"),
        (Topic, "Topics", "yaml"),
        (Redirect, "Redirects", "yaml"),
    ],
)
def test_every_field_is_in_the_sections_example(model, section, language):
    documented = _block_keys(section, language)
    missing = _names(model) - documented
    assert not missing, (
        f"add {sorted(missing)} to the example under `## {section}` in docs/content-model.md"
    )
    extra = _block_keys(section, language, deep=False) - _names(model)
    assert not extra, f"`## {section}` documents fields the code does not have: {extra}"


@pytest.mark.parametrize(
    ("model", "where"),
    [
        (Step, "Page types"),
        (StepLink, "Page types"),
        (ChangeNote, "Front matter"),
        (ImageSpec, "Front matter"),
        (AttachmentSpec, "Front matter"),
        (PartMeta, "Page types"),
        (Phone, "Contacts"),
        (PhaseBanner, "Site settings"),
        (Link, "Site settings"),
    ],
)
def test_every_field_of_the_nested_models_is_mentioned(model, where):
    text = _section(where)
    words = set(re.findall(r"[a-z_]+", text))
    missing = _names(model) - words
    assert not missing, f"mention {sorted(missing)} under `## {where}` in docs/content-model.md"


def test_every_page_type_is_in_the_type_row_and_described():
    type_row = next(
        row for row in _section("Front matter").splitlines() if row.startswith("| `type` |")
    )
    in_row = set(re.findall(r"`([a-z-]+)`", type_row)) - {"type"}
    described = set(re.findall(r"\*\*([a-z-]+)\*\*", _section("Page types")))
    for page_type in PageType:
        assert page_type.value in in_row, f"add `{page_type.value}` to the `type` row"
        assert page_type.value in described, f"describe **{page_type.value}** under Page types"
    assert {t.value for t in PageType} == (in_row | described) - {"organisation", "topic"}


def test_warning_lengths_in_the_doc_match_the_code():
    from app.content.models import DESCRIPTION_WARN_LENGTH, TITLE_WARN_LENGTH

    front_matter = _section("Front matter")
    assert f"a warning past {TITLE_WARN_LENGTH} characters" in front_matter
    assert f"a warning past {DESCRIPTION_WARN_LENGTH} characters" in front_matter


def test_related_limit_in_the_doc_matches_the_code():
    limit = next(
        m.max_length for m in PageMeta.model_fields["related"].metadata if hasattr(m, "max_length")
    )
    assert f"up to {limit} paths" in _section("Front matter")

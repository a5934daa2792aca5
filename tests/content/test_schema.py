"""The front matter schemas (docs/page.schema.json, docs/guide-part.schema.json) are generated
from the models the loader validates with: committed up to date, accepting every page of the
sample content, refusing what the check refuses field by field."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from app.content import load_content
from app.content.loader import language_of, page_files
from app.content.models import PageMeta, PartMeta
from app.content.schema import SCHEMAS, front_matter_schema, schema_texts
from app.content.yamlsource import split_front_matter

from .helpers import REPO, copy_small, from_problems, write

CONTENT = REPO / "content"


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(front_matter_schema(name))


def test_the_committed_schemas_are_up_to_date():
    for path, text in schema_texts().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is out of date: run python build.py schema"
        )


@pytest.mark.parametrize(
    ("name", "model"), [("page.schema.json", PageMeta), ("guide-part.schema.json", PartMeta)]
)
def test_a_schema_knows_every_field_and_no_other(name, model):
    schema = front_matter_schema(name)
    assert set(schema["properties"]) == set(model.model_fields)
    assert schema["additionalProperties"] is False
    assert all(shown["description"] for shown in schema["properties"].values())
    assert set(schema["required"]) == {n for n, f in model.model_fields.items() if f.is_required()}
    Draft202012Validator.check_schema(schema)


def test_every_sample_page_and_guide_part_is_valid():
    pages, parts = _validator("page.schema.json"), _validator("guide-part.schema.json")
    checked = 0
    for path, is_guide in page_files(CONTENT):
        files = [(path, pages)]
        if is_guide:
            # every language's parts; each language's index.md is a page of its own
            folder = sorted(path.parent.glob("*.md"))
            files += [(p, parts) for p in folder if language_of(p.name)[0] != "index"]
        for file, validator in files:
            front_matter = split_front_matter(file.read_text(encoding="utf-8")).front_matter
            errors = [e.message for e in validator.iter_errors(front_matter)]
            assert errors == [], (file, errors)
            checked += 1
    assert checked > 60


def test_the_schema_refuses_a_misspelt_field_a_bad_type_and_a_missing_date():
    page = {"title": "A", "description": "B", "type": "answers", "topic": ["x"]}
    errors = sorted(e.message for e in _validator("page.schema.json").iter_errors(page))
    assert any("'updated' is a required property" in e for e in errors)
    assert any("'answers' is not one of" in e for e in errors)
    assert any("'topic' was unexpected" in e for e in errors)


def test_a_page_may_point_its_editor_at_the_schema(tmp_path):
    """The comment the YAML language server reads is a YAML comment: the page loads as before,
    and the lines of its fields are still right."""
    tree = copy_small(tmp_path)
    write(
        tree / "roads" / "schema-comment.md",
        """
        ---
        # yaml-language-server: $schema=../../docs/page.schema.json
        title: Road works
        description: Where the roads are being fixed.
        type: answr
        organisation: roads-agency
        updated: 2026-04-01
        ---
        Text.
        """,
    )
    _site, problems = load_content(tree)
    found = [(p.path, p.line) for p in from_problems(problems, tree) if not p.warning]
    assert found == [("roads/schema-comment.md", 5)]


def test_the_docs_name_the_schemas_and_the_comment():
    guide = (CONTENT / "README.md").read_text(encoding="utf-8")
    model = (REPO / "docs" / "content-model.md").read_text(encoding="utf-8")
    for name in SCHEMAS:
        assert f"docs/{name}" in model
    assert "# yaml-language-server: $schema=" in guide
    assert json.loads((REPO / "docs" / "page.schema.json").read_text())["title"]

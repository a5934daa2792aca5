"""The committed JSON Schema and docs/forms.md stay true to the definition model."""

from __future__ import annotations

import json
import re

import yaml

from app.forms.definition import (
    Delivery,
    ExitPage,
    FormDefinition,
    Option,
    Page,
    QuestionType,
    Repeat,
    RepeatingGroup,
    Route,
)
from app.forms.schema import SCHEMA_PATH, schema_text
from tests.conftest import ROOT, SAMPLE

FORMS_DOC = (ROOT / "docs" / "forms.md").read_text(encoding="utf-8")


def test_the_committed_schema_is_up_to_date():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "docs/form-definition.schema.json is out of date: run python build.py schema"
    )


def test_the_schema_knows_every_field_and_question_type():
    schema = json.loads(schema_text())
    assert set(schema["properties"]) == set(FormDefinition.model_fields)
    assert schema["$defs"]["QuestionType"]["enum"] == [kind.value for kind in QuestionType]
    assert "if" in schema["$defs"]["Route"]["properties"]
    assert schema["additionalProperties"] is False


def test_the_sample_forms_point_editors_at_the_schema():
    for path in sorted((SAMPLE / "forms").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../docs/form-definition.schema.json"


def test_forms_doc_names_every_field_and_question_type():
    for model in (
        FormDefinition,
        Page,
        Option,
        Route,
        Delivery,
        ExitPage,
        RepeatingGroup,
        Repeat,
    ):
        for name, field in model.model_fields.items():
            assert f"`{field.alias or name}`" in FORMS_DOC, (model.__name__, name)
    for kind in QuestionType:
        assert f"`{kind.value}`" in FORMS_DOC, kind


def test_forms_doc_example_is_a_valid_form():
    example = re.search(r"```yaml\n(.*?)```", FORMS_DOC, re.S)[1]
    form = FormDefinition.model_validate(yaml.safe_load(example))
    assert form.rule_problems() == []

"""The JSON Schema of a form definition, for editors' autocomplete and validation as they type.

`python build.py schema` writes it to docs/form-definition.schema.json; the forms in
content/forms/ point at it with a `# yaml-language-server: $schema=…` comment.
tests/forms/test_schema.py fails when the committed file no longer matches the model.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .definition import FormDefinition

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "form-definition.schema.json"
SCHEMA_ID = "https://www.gov.nm.example/schemas/form-definition.schema.json"


def definition_schema() -> dict[str, Any]:
    schema = FormDefinition.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "Portal service form definition (content/forms/<id>.yaml)",
    }


def schema_text() -> str:
    return json.dumps(definition_schema(), indent=2, ensure_ascii=False) + "\n"

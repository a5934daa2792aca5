"""JSON Schemas of page front matter, for editors' completion and checks as they type.

`python build.py schema` writes them beside the forms' schema (app/forms/schema.py), from the same
models the loader validates with, so they cannot drift apart: docs/page.schema.json for a page
(and a guide's index.md), docs/guide-part.schema.json for a guide's other parts. A page points at
one with a comment as the first line of its front matter, which the YAML language server reads:

    ---
    # yaml-language-server: $schema=../../docs/page.schema.json
    title: …

The portal's own check (`build.py check`) stays the authority: it also checks what a schema
cannot, such as whether an organisation exists.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import PageMeta, PartMeta

DOCS = Path(__file__).resolve().parents[2] / "docs"
SCHEMA_BASE = "https://www.gov.nm.example/schemas/"
# file in docs/ -> (model, title)
SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "page.schema.json": (
        PageMeta,
        "Portal page front matter (content/**/<page>.md and a guide's index.md)",
    ),
    "guide-part.schema.json": (
        PartMeta,
        "Portal guide part front matter (content/**/<guide>/<part>.md)",
    ),
}


def front_matter_schema(name: str) -> dict[str, Any]:
    model, title = SCHEMAS[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + name,
        **model.model_json_schema(by_alias=True),
        "title": title,
    }


def schema_texts() -> dict[Path, str]:
    """Each front matter schema's file and the text it must hold."""
    return {
        DOCS / name: json.dumps(front_matter_schema(name), indent=2, ensure_ascii=False) + "\n"
        for name in SCHEMAS
    }

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


# What an editor shows beside each field as you type: docs/content-model.md's rules, shortened.
HELP = {
    "title": "The page title: plain text, under 65 characters so search results show it all",
    "description": "The search snippet and meta description, under 160 characters",
    "type": "guide, answer, start, step-by-step, news, consultation or page",
    "organisation": "The organisation that publishes the page: a file in content/organisations/ "
    "without .md",
    "organisations": "Several organisations (instead of `organisation`)",
    "topics": "Topics from content/topics.yaml",
    "updated": "When the page last changed, YYYY-MM-DD: shown as Last updated",
    "change_history": "What changed and when, newest first: {date, note}",
    "related": "Up to 5 paths of other pages, such as /vehicle-tax-rates",
    "redirect_from": "Old paths that now redirect to this page",
    "slug": "The URL, when it should differ from the file name: letters, digits and hyphens",
    "images": "Images beside the file, for [Image: file]: {file, alt, caption, credit}; alt is "
    'required (alt: "" only for a decorative image)',
    "attachments": "Documents beside the file, for [Attachment: file]: {file, title, pages}",
    "form": "Start pages (and consultations): the id of a form in content/forms/",
    "parts": "Guides: the part files, in order, without .md",
    "part_title": "Guides: the title of the first part (default Overview)",
    "steps": "Step by steps: the steps, each {title, body, logic, links}",
    "published": "News: first published, YYYY-MM-DD",
    "opens": "Consultations: the day it opens, YYYY-MM-DD",
    "closes": "Consultations: the day it closes, YYYY-MM-DD",
    "respond_email": "Consultations: where responses by email go",
    "outcome": "Consultations: the published outcome, in Markdown",
    "original_updated": "Translations (<page>.cy.md): the original's `updated` date this "
    "translation was made from, YYYY-MM-DD",
}
PART_HELP = {
    "title": "The part's title, shown in the guide's contents",
    "description": "Not shown: a note for editors",
}


def front_matter_schema(name: str) -> dict[str, Any]:
    model, title = SCHEMAS[name]
    schema = model.model_json_schema(by_alias=True)
    help_for = HELP if model is PageMeta else PART_HELP
    for field, shown in schema["properties"].items():
        shown["description"] = help_for[field]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_BASE + name,
        **schema,
        "title": title,
    }


def schema_texts() -> dict[Path, str]:
    """Each front matter schema's file and the text it must hold."""
    return {
        DOCS / name: json.dumps(front_matter_schema(name), indent=2, ensure_ascii=False) + "\n"
        for name in SCHEMAS
    }

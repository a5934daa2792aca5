"""app/content/models.py: the rules between fields of a page (PageMeta.rule_problems)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.content.models import PageMeta
from app.content.page_types import PageType

BASE = {"title": "A page", "description": "About it.", "updated": "2026-04-01"}
STEPS = [{"title": "Do it", "links": [{"text": "It", "path": "/it"}]}]

# A valid page of each type: rule_problems() finds nothing in it.
VALID = {
    "answer": {"organisation": "va"},
    "guide": {"organisation": "va", "parts": ["one"], "part_title": "Summary"},
    "start": {"organisation": "va", "form": "apply"},
    "step-by-step": {"organisation": "va", "steps": STEPS},
    "news": {"organisation": "va", "published": "2026-03-01"},
    "consultation": {
        "organisations": ["va", "vb"],
        "opens": "2026-04-01",
        "closes": "2026-04-01",
        "form": "respond",
        "outcome": "Done.",
        "respond_email": "a@b.example",
    },
    "page": {},
}


def _meta(page_type: str, **fields) -> PageMeta:
    data = {**BASE, "type": page_type, **VALID[page_type], **fields}
    return PageMeta.model_validate({k: v for k, v in data.items() if v is not None})


def test_every_page_type_has_a_valid_example():
    assert set(VALID) == {t.value for t in PageType}


@pytest.mark.parametrize("page_type", list(VALID))
def test_valid_pages_have_no_rule_problems(page_type):
    assert _meta(page_type).rule_problems() == []


@pytest.mark.parametrize(
    ("page_type", "fields", "problem"),
    [
        (
            "answer",
            {"organisation": None},
            ("type", "add `organisation: <slug>` naming a file in content/organisations/"),
        ),
        (
            "news",
            {"organisation": None, "organisations": []},
            ("type", "add `organisation: <slug>` naming a file in content/organisations/"),
        ),
        (
            "answer",
            {"organisations": ["vb"]},
            ("organisations", "give `organisation` or `organisations`, not both"),
        ),
        (
            "start",
            {"form": None},
            ("type", "a start page needs `form: <id>` naming the form its button starts"),
        ),
        (
            "guide",
            {"parts": None},
            ("type", "a guide needs `parts:` listing its part files in order"),
        ),
        (
            "answer",
            {"parts": ["one"]},
            ("parts", "`parts` is only for guides (`type: guide`): remove it"),
        ),
        (
            "news",
            {"part_title": "Intro"},
            ("part_title", "`part_title` is only for guides (`type: guide`): remove it"),
        ),
        (
            "step-by-step",
            {"steps": []},
            ("type", "a step-by-step needs `steps:`, a list of steps with titles and links"),
        ),
        (
            "answer",
            {"steps": STEPS},
            ("steps", "`steps` is only for `type: step-by-step`: remove it"),
        ),
        (
            "consultation",
            {"opens": None},
            ("type", "a consultation needs `opens:` and `closes:` dates (YYYY-MM-DD)"),
        ),
        (
            "consultation",
            {"closes": None},
            ("type", "a consultation needs `opens:` and `closes:` dates (YYYY-MM-DD)"),
        ),
        (
            "consultation",
            {"closes": "2026-03-31"},
            ("closes", "`closes` is before `opens`: check the dates"),
        ),
        (
            "answer",
            {"opens": "2026-04-01"},
            ("opens", "`opens` is only for consultations: remove it"),
        ),
        (
            "news",
            {"closes": "2026-04-01"},
            ("closes", "`closes` is only for consultations: remove it"),
        ),
        (
            "answer",
            {"outcome": "Done."},
            ("outcome", "`outcome` is only for consultations: remove it"),
        ),
        (
            "start",
            {"respond_email": "a@b.example"},
            ("respond_email", "`respond_email` is only for consultations: remove it"),
        ),
        (
            "answer",
            {"form": "apply"},
            ("form", "`form` is only for start pages and consultations: remove it"),
        ),
        (
            "answer",
            {"published": "2026-03-01"},
            ("published", "`published` is only for news: use `updated`"),
        ),
    ],
)
def test_each_rule_names_its_field_and_the_fix(page_type, fields, problem):
    assert _meta(page_type, **fields).rule_problems() == [problem]


def test_every_broken_rule_is_reported_not_just_the_first():
    meta = _meta(
        "answer",
        organisation=None,
        steps=STEPS,
        form="apply",
        published="2026-01-01",
        opens="2026-01-01",
    )
    assert [field for field, _message in meta.rule_problems()] == [
        "type",
        "steps",
        "opens",
        "form",
        "published",
    ]


def test_organisation_slugs():
    assert _meta("answer").organisation_slugs == ["va"]
    assert _meta("consultation").organisation_slugs == ["va", "vb"]
    assert _meta("page").organisation_slugs == []


def test_published_on_prefers_published_then_oldest_change_then_updated():
    history = [{"date": "2026-03-02", "note": "B"}, {"date": "2025-01-10", "note": "A"}]
    assert _meta("news").published_on == dt.date(2026, 3, 1)
    assert _meta("news", published=None, change_history=history).published_on == dt.date(
        2025, 1, 10
    )
    assert _meta("news", published=None).published_on == dt.date(2026, 4, 1)


def test_models_are_frozen_and_forbid_unknown_fields():
    meta = _meta("answer")
    with pytest.raises(Exception, match="frozen"):
        meta.title = "Other"  # type: ignore[misc]
    assert PageMeta.model_config["extra"] == "forbid"


# --- the site's languages (SiteSettings) ---------------------------------------------------

SITE = {
    "name": "GOV.T",
    "organisation": "office",
    "base_url": "https://www.gov.test.example",
    "feedback_email": "a@gov.test.example",
    "licence": "Open licence.",
}


def test_a_site_in_one_language_needs_no_language_settings():
    from app.content.models import SiteSettings

    settings = SiteSettings(**SITE)
    assert (settings.languages, settings.other_languages, settings.prefix("en")) == (["en"], [], "")


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"languages": ["cy"]}, "the default language `en` is not in `languages`"),
        ({"languages": ["en", "cy"]}, "`language_names` has no name for en, cy"),
        (
            {"languages": ["en"], "translations": {"cy": {"licence": "Trwydded."}}},
            "`cy` is not one of the site's `languages` (en)",
        ),
    ],
)
def test_the_languages_must_agree(given, message):
    from pydantic import ValidationError

    from app.content.models import SiteSettings

    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        SiteSettings(**SITE, **given)


def test_each_language_has_the_sites_text_in_it():
    from app.content.models import SiteSettings

    settings = SiteSettings(
        **SITE,
        languages=["en", "cy"],
        language_names={"en": "English", "cy": "Cymraeg"},
        translations={"cy": {"licence": "Trwydded agored."}},
    )
    welsh = settings.for_language("cy")
    assert (welsh.licence, welsh.name, settings.prefix("cy")) == (
        "Trwydded agored.",
        "GOV.T",
        "/cy",
    )
    assert settings.for_language("en").licence == "Open licence."
    moved = settings.model_copy(update={"base_url": "https://elsewhere.example"})
    assert moved.for_language("cy").base_url == "https://elsewhere.example"

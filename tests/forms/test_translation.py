"""A form's `translations:` as `build.py check` judges them, each problem on its line; and the
form in another language (app/forms/translation.py): the same ids, values and routes, only the
text changed, and a form that does not offer the language marked as in the default."""

from __future__ import annotations

import textwrap

from app.content import load_content
from app.forms.translation import foreign_language, localised, text_language
from app.i18n import in_language
from tests.content.helpers import copy_small, write

from .helpers import form

FORM = """\
    id: report-a-pothole
    title: Report a pothole
    organisation: roads-agency
    version: 1
    retention_days: 30
    pages:
      - id: where
        question: Where is it?
        type: radios
        name: where it is
        options:
          - {value: road, text: On a road}
          - {value: pavement, text: On a pavement}
      - id: details
        question: What happened?
        hint: Say when.
        type: textarea
    declaration: I confirm it.
    translations:
    """

COMPLETE = """\
      cy:
        title: Rhoi gwybod am dwll yn y ffordd
        declaration: Rwy'n cadarnhau.
        pages:
          where:
            question: Ble mae e?
            name: ble mae e
            options: {road: Ar ffordd, pavement: Ar balmant}
          details:
            question: Beth ddigwyddodd?
            hint: Dywedwch pryd.
    """


def problems_of(tmp_path, translations: str) -> list[tuple[int, str]]:
    tree = copy_small(tmp_path)
    settings = tree / "site.yaml"
    settings.write_text(
        settings.read_text() + "languages: [en, cy]\nlanguage_names: {en: English, cy: Cymraeg}\n",
        encoding="utf-8",
    )
    text = textwrap.dedent(FORM) + textwrap.indent(textwrap.dedent(translations), "  ")
    write(tree / "forms" / "report-a-pothole.yaml", text)
    _site, problems = load_content(tree, render=False)
    return [(p.line, p.message) for p in problems if p.path.endswith("report-a-pothole.yaml")]


def test_a_complete_translation_is_clean(tmp_path):
    assert problems_of(tmp_path, COMPLETE) == []


def test_a_language_the_site_does_not_have_is_reported(tmp_path):
    found = problems_of(
        tmp_path, COMPLETE.replace("  cy:", "  cym:").rstrip(" ") + "      en: {}\n"
    )
    assert found == [
        (
            20,
            "the site has no language `cym` (site.yaml's `languages`: en, cy) (did you mean `cy`?)",
        ),
        (
            31,
            "`en` is the site's default language, the language the form is written in: remove "
            "this translation",
        ),
    ]


def test_a_page_or_option_the_form_does_not_have_is_reported_with_the_likely_one(tmp_path):
    broken = COMPLETE.replace("      details:", "      detail:").replace(
        "{road: Ar ffordd,", "{raod: Ar ffordd, road: Ar ffordd,"
    )
    found = problems_of(tmp_path, broken)
    assert (
        27,
        "`where` has no option `raod`: name options by their `value` (road, pavement) "
        "(did you mean `road`?)",
    ) in found
    assert (
        28,
        "the form has no page `detail`: translations name pages by their id "
        "(did you mean `details`?)",
    ) in found


def test_missing_text_says_the_translation_is_incomplete(tmp_path):
    partial = COMPLETE.replace("            hint: Dywedwch pryd.\n", "").replace(
        "{road: Ar ffordd, pavement: Ar balmant}", "{road: Ar ffordd}"
    )
    assert problems_of(tmp_path, partial) == [
        (
            20,
            "the Cymraeg translation (cy) is incomplete: it has no "
            "`pages.where.options.pavement`, `pages.details.hint`. A form offers a language "
            "completely or not at all: add them, or remove `cy` until it is complete",
        )
    ]


def test_a_text_the_form_does_not_have_itself_is_reported(tmp_path):
    extra = COMPLETE.replace(
        "            question: Beth ddigwyddodd?\n",
        "            question: Beth ddigwyddodd?\n            name: beth ddigwyddodd\n",
    )
    assert problems_of(tmp_path, extra) == [
        (
            30,
            "the page `details` has no `name` in the default language, so there is nothing to "
            "translate: remove it, or add it to the form first",
        )
    ]


POTHOLE = form(
    {
        "id": "where",
        "question": "Where is it?",
        "type": "radios",
        "options": [{"value": "road", "text": "On a road"}, {"value": "lane", "text": "A lane"}],
        "routes": [{"if": {"where": "lane"}, "goto": "check-answers"}],
    },
    translations={"cy": {"title": "Ffurflen", "pages": {"where": {"question": "Ble?"}}}},
)


def test_the_form_in_another_language_changes_only_its_text():
    welsh = localised(POTHOLE, "cy", "en")
    page = welsh.page("where")
    assert (welsh.title, page.question) == ("Ffurflen", "Ble?")
    assert page.option_values() == ["road", "lane"] and page.routes == POTHOLE.pages[0].routes
    assert text_language(welsh) == text_language(page) == "cy"
    assert POTHOLE.page("where").question == "Where is it?"  # the original is untouched
    assert localised(POTHOLE, "cy", "en") is welsh  # made once
    assert localised(POTHOLE, "en", "en") is POTHOLE


def test_a_form_without_the_language_is_its_own_marked_as_the_default():
    english_only = form({"id": "q", "question": "Why?", "type": "text"})
    shown = localised(english_only, "cy", "en")
    assert shown.page("q").question == "Why?"
    with in_language("cy"):
        assert foreign_language(shown) == foreign_language(shown.page("q")) == "en"
        assert foreign_language(localised(POTHOLE, "cy", "en")) is None
    assert text_language(english_only.page("q")) is None  # the original is not marked

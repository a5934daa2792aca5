"""app/content/translations.py: `check` names the file and line of each mistake in a translation,
and warns of one its original has changed since."""

from __future__ import annotations

from app.content import load_content

from .helpers import copy_small, from_problems, write


def _bilingual(tmp_path):
    tree = copy_small(tmp_path)
    settings = tree / "site.yaml"
    settings.write_text(
        settings.read_text() + "languages: [en, cy]\nlanguage_names: {en: English, cy: Cymraeg}\n"
    )
    return tree


def _reported(tree):
    _site, problems = load_content(tree)
    return [(r.path, r.line, r.message, r.warning) for r in from_problems(problems, tree)]


def test_a_good_translation_and_a_translated_guide_have_no_problems(tmp_path):
    tree = _bilingual(tmp_path)
    write(
        tree / "roads" / "road-rules.cy.md",
        """
        ---
        title: Rheolau'r ffordd
        description: Rheolau'r ffordd yn fyr.
        type: answer
        organisation: roads-agency
        topics: [potholes]
        updated: 2026-03-05
        original_updated: 2026-03-02
        ---
        Gyrrwch yn ofalus.
        """,
    )
    guide = tree / "roads" / "fix-a-road"
    index = (guide / "index.md").read_text().replace("title: Fix a road", "title: Trwsio ffordd")
    write(guide / "index.cy.md", index)
    for part in ("report", "repairs"):
        write(guide / f"{part}.cy.md", "---\ntitle: Rhan\n---\nTestun.\n")
    site, problems = load_content(tree)
    assert [str(p) for p in problems if "translation" in p.message] == []
    assert not problems.errors
    assert site.pages["/cy/road-rules"].language == "cy"
    assert [part.url for part in site.pages["/cy/fix-a-road"].parts] == [
        "/cy/fix-a-road",
        "/cy/fix-a-road/report",
        "/cy/fix-a-road/repairs",
    ]
    assert list(site.versions_of(site.pages["/road-rules"])) == ["en", "cy"]


def test_each_mistake_is_named_at_its_file_and_line(tmp_path):
    tree = _bilingual(tmp_path)
    write(
        tree / "roads" / "no-such-page.cy.md",
        """
        ---
        title: Dim
        description: Dim byd.
        type: answer
        organisation: roads-agency
        updated: 2026-03-05
        ---
        Dim.
        """,
    )
    write(tree / "roads" / "road-rules.fr.md", (tree / "roads" / "road-rules.md").read_text())
    write(
        tree / "roads" / "road-rules.cy.md",
        """
        ---
        title: Rheolau'r ffordd
        description: Rheolau'r ffordd yn fyr.
        type: answer
        organisation: roads-agency
        topics: [potholes, roads]
        updated: 2026-01-05
        ---
        Gyrrwch yn ofalus.
        """,
    )
    reported = _reported(tree)
    assert (
        "roads/no-such-page.cy.md",
        1,
        "this translation points at nothing: there is no page /no-such-page in English for it "
        "to translate. Name the file after the original's file (<original>.cy.md, beside it), "
        "and set the same `slug:` if the original sets one",
        False,
    ) in reported
    assert (
        "roads/road-rules.fr.md",
        1,
        "the file name says this page is in `fr`, a language the site does not have: add `fr` "
        "to `languages` in site.yaml, or rename the file (the site's languages: en, cy)",
        False,
    ) in reported
    [shared] = [r for r in reported if "the same `topics`" in r[2]]
    assert shared[:2] == ("roads/road-rules.cy.md", 6)
    assert shared[2].endswith("roads/road-rules.md has `topics: [potholes]`")
    # older than the original's last change (2026-03-02): a warning at its `updated`
    [stale] = [r for r in reported if r[3] and "out of date" in r[2]]
    assert stale[:2] == ("roads/road-rules.cy.md", 7)
    assert "may be out of date" in stale[2] and "original_updated: 2026-03-02" in stale[2]


def test_a_site_in_one_language_has_no_translations(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "roads" / "road-rules.cy.md", (tree / "roads" / "road-rules.md").read_text())
    messages = [r[2] for r in _reported(tree)]
    assert any("a language the site does not have" in m for m in messages)

"""`build.py check` reports the problems of content/search.yaml with the line to change."""

from __future__ import annotations

from .helpers import copy_small, from_cli, run_build_py, write

SEARCH_YAML = """
    synonyms:
      - [pothole, pot hole]
      - [road, Road]
    best_bets:
      - query: potholes
        pages: [/report-a-pothole, /no-such-page]
      - query: Road  rules
        pages: [/road-rules]
      - query: road rules
        pages: [/fix-a-road]
    """


def test_check_reports_search_settings_problems_with_their_lines(tmp_path):
    tree = copy_small(tmp_path)
    write(tree / "search.yaml", SEARCH_YAML)
    run = run_build_py("check", "--content", tree)
    assert run.returncode == 1
    found = {(p.path, p.line, p.message) for p in from_cli(run.stderr, tree) if not p.warning}
    search = sorted((line, message) for path, line, message in found if path == "search.yaml")
    assert search == [
        (3, "a synonym group needs at least two different words or phrases"),
        (6, "best bet page /no-such-page is not a page: check the path"),
        (9, 'best bet for "road rules" is given twice (also on line 7): keep one'),
    ], run.stderr


def test_check_reports_a_synonym_group_of_one_phrase(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "search.yaml",
        """
        synonyms:
          - [pothole, pot hole]
          - [speed]
        """,
    )
    run = run_build_py("check", "--content", tree)
    assert run.returncode == 1
    errors = [(p.path, p.line) for p in from_cli(run.stderr, tree) if not p.warning]
    assert errors == [("search.yaml", 3)], run.stderr
    assert "at least 2" in run.stderr


def test_a_valid_search_yaml_passes(tmp_path):
    tree = copy_small(tmp_path)
    write(
        tree / "search.yaml",
        """
        synonyms:
          - [pothole, pot hole]
        best_bets:
          - query: pothole
            pages: [/report-a-pothole]
        """,
    )
    run = run_build_py("check", "--content", tree)
    assert run.returncode == 0, run.stderr
    assert "search.yaml" not in run.stderr


def test_the_sample_search_yaml_has_no_problems():
    run = run_build_py("check")
    assert run.returncode == 0, run.stderr
    assert "search.yaml" not in run.stderr


def test_check_reports_each_languages_search_settings_problems(tmp_path):
    # the other languages' synonyms and best bets are checked as the default's are; a language
    # the site does not have (or its default, whose settings are at the top level) is an error
    tree = copy_small(tmp_path)
    site_yaml = tree / "site.yaml"
    languages = "languages: [en, cy]\nlanguage_names: {en: English, cy: Cymraeg}\n"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + languages)
    write(
        tree / "search.yaml",
        """
        languages:
          cy:
            synonyms:
              - [twll, twll]
            best_bets:
              - query: twll
                pages: [/cy/no-such-page]
          fr:
            synonyms:
              - [nid, non]
          en:
            synonyms:
              - [road, street]
        """,
    )
    run = run_build_py("check", "--content", tree)
    assert run.returncode == 1
    found = [(p.line, p.message) for p in from_cli(run.stderr, tree) if p.path == "search.yaml"]
    assert [line for line, _message in sorted(found)] == [4, 7, 8, 11], run.stderr
    messages = dict(found)
    assert messages[4] == "a synonym group needs at least two different words or phrases"
    assert messages[7].startswith("best bet page /cy/no-such-page is not a page")
    assert messages[8].startswith("`languages: fr` is not one of the site's other languages (cy)")
    assert messages[11].startswith("`languages: en` is not one of the site's other languages")

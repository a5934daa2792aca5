"""Links to a section of another page (`/fix-a-road/repairs#cost`) are checked between pages, in
a clean build and in an incremental one alike: editing the heading a link names fails the next
build at the link's file and line, though that file did not change and is not read again."""

from __future__ import annotations

import pytest

from app.content import load_content
from app.pipeline import ContentErrors, build
from tests.content.helpers import copy_small, from_problems, write

REPAIRS = "---\ntitle: Repairs\n---\nRepairs take 5 days.\n\n## Cost of repairs\n\nNothing.\n"


@pytest.fixture
def tree(tmp_path):
    content = copy_small(tmp_path)
    write(content / "roads" / "fix-a-road" / "repairs.md", REPAIRS)
    rules = content / "roads" / "road-rules.md"
    text = rules.read_text().replace(
        "Park legally.",
        "Park legally. Broken signs: [what repairs cost](/fix-a-road/repairs#cost-of-repairs).",
    )
    rules.write_text(text)
    return content


def _build(tree, tmp_path, cache: bool):
    name = "cached" if cache else "clean"
    return build(
        tree,
        tmp_path / name / "out",
        index_dir=None,
        cache_dir=tmp_path / "cache" if cache else None,
        jobs=1,
    )


def _errors(exc: ContentErrors, tree) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in from_problems(exc.problems, tree) if not p.warning]


EXPECTED = (
    "roads/road-rules.md",
    28,
    "the link /fix-a-road/repairs#cost-of-repairs names no heading on /fix-a-road/repairs: "
    "did you mean /fix-a-road/repairs#costs-of-repairs?",
)


def test_a_renamed_heading_fails_the_next_build_where_the_link_is(tree, tmp_path):
    _build(tree, tmp_path, cache=True)  # the link's heading is there
    write(tree / "roads" / "fix-a-road" / "repairs.md", REPAIRS.replace("Cost of", "Costs of"))
    with pytest.raises(ContentErrors) as incremental:
        _build(tree, tmp_path, cache=True)
    with pytest.raises(ContentErrors) as clean:
        _build(tree, tmp_path, cache=False)
    assert _errors(incremental.value, tree) == _errors(clean.value, tree) == [EXPECTED]
    _site, problems = load_content(tree)  # and build.py check says the same
    assert [
        (p.path, p.line, p.message) for p in from_problems(problems, tree) if not p.warning
    ] == [EXPECTED]
    # the heading back: the cached build passes again
    write(tree / "roads" / "fix-a-road" / "repairs.md", REPAIRS)
    assert _build(tree, tmp_path, cache=True).incremental


def test_links_to_a_guide_part_its_printable_version_and_a_step(tree, tmp_path):
    rules = tree / "roads" / "road-rules.md"
    rules.write_text(
        rules.read_text().replace(
            "Cycle safely.",
            "Cycle safely. [All repairs](/fix-a-road/print#cost-of-repairs), "
            "[part 2](/fix-a-road/print#part-2), [the first step](/learn-the-roads#step-1).",
        )
    )
    assert _build(tree, tmp_path, cache=False).pages

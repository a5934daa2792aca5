"""Every unknown name gets "did you mean …?" with the likely one (issue 15: a misspelt
organisation was reported without the fix). The sample content, misspelt in one place of each
kind, is checked as `build.py check` checks it."""

from __future__ import annotations

import shutil
from pathlib import Path

from app.content import load_content
from app.suggestions import closest, did_you_mean

from .helpers import REPO, from_problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_closest_names_only_a_close_one():
    assert closest("environment-agncy", ["vehicle-agency", "environment-agency"]) == (
        "environment-agency"
    )
    assert closest("parks", ["vehicle-agency", "environment-agency"]) is None
    assert did_you_mean("titel", ["title", "type"]) == " (did you mean `title`?)"
    assert did_you_mean("/fix-a-rode", ["/fix-a-road"], "{}") == " (did you mean /fix-a-road?)"
    assert did_you_mean("zzz", ["title"]) == ""


def test_every_kind_of_unknown_name_suggests_the_likely_one(tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(REPO / "content", tree)
    flood = tree / "environment-agency" / "prepare-for-a-flood.md"
    _edit(flood, "organisation: environment-agency", "organisation: environment-agncy")
    _edit(flood, "topics: [flooding]", "topics: [floodng]")
    (tree / "environment-agency" / "new.md").write_text(
        "---\ntitle: New\ndescription: New.\ntype: page\nupdated: 2026-01-01\nupdatd: A.\n---\n"
    )
    _edit(
        flood,
        "[Sign up for flood warnings](/check-flood-warnings)",
        "[Sign up for flood warnings](/check-flood-warning)\n\n[Contact: flodline]\n",
    )
    vote = tree / "forms" / "register-to-vote.yaml"
    _edit(vote, "goto: date-of-birth", "goto: date-of-brith")
    _site, problems = load_content(tree)
    messages = {p.message for p in from_problems(problems, tree)}
    expected = [
        "organisation `environment-agncy` does not exist: use the name of a file in "
        "content/organisations/ without .md (did you mean `environment-agency`?)",
        "topic `floodng` is not in content/topics.yaml: add it there or correct the slug "
        "(did you mean `flooding`?)",
        "contact flodline does not exist: check the id against content/contacts/ "
        "(did you mean `floodline`?)",
        "link to /check-flood-warning, which is not a page: did you mean /check-flood-warnings?",
        "route goes to `date-of-brith`, which is not a page: use the id of a later page, an "
        "exit page or `check-answers` (did you mean `date-of-birth`?)",
    ]
    for message in expected:
        assert message in messages, (message, sorted(messages))
    assert any(
        m.startswith("unknown field `updatd`: did you mean `updated`? (the fields are: title,")
        for m in messages
    )

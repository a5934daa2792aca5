"""A folder holding index.md is a guide; anything else there is a mistake worth naming."""

from __future__ import annotations

import shutil

from app.content import load_content
from tests.conftest import SMALL


def test_index_md_that_is_not_a_guide_is_an_error(tmp_path):
    tree = tmp_path / "content"
    shutil.copytree(SMALL, tree)
    index = tree / "roads" / "fix-a-road" / "index.md"
    index.write_text(
        index.read_text()
        .replace("type: guide", "type: answer")
        .replace("parts: [report, repairs]\n", "")
    )
    _site, problems = load_content(tree)
    found = [p for p in problems.errors if p.path.endswith("fix-a-road/index.md")]
    assert [(p.line, p.message.split(":")[0]) for p in found] == [
        (4, "a folder with index.md is a guide")
    ]
    assert str(tree) in found[0].path  # outside the working folder: shown in full

"""content/README.md, the content designers' guide: every example in it is a whole file that the
portal checks and builds without a single problem, and the guide itself is not a page.

An example is a fenced block whose info string names its file in the content folder
(```` ```markdown file=environment-agency/check-river-levels.md ````); `append` adds it to the
end of that file instead of writing it. The examples go into a copy of the sample content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from app.content import load_content
from app.content.loader import language_of, page_files
from app.pipeline import build

from .helpers import REPO, from_problems

GUIDE = REPO / "content" / "README.md"


def examples() -> list[tuple[str, bool, str]]:
    """(file, append, text) of every example in the guide, in its order."""
    found = []
    for token in MarkdownIt("commonmark").parse(GUIDE.read_text(encoding="utf-8")):
        words = token.info.split() if token.type == "fence" else []
        files = [w.removeprefix("file=") for w in words if w.startswith("file=")]
        if files:
            found.append((files[0], "append" in words, token.content))
    return found


def _url(file: str) -> str:
    path = Path(file)
    stem, language = language_of(path.name)
    if language:  # a translation: /cy/<its original's URL>
        return f"/{language}{_url((path.parent / f'{stem}.md').as_posix())}"
    if path.name == "index.md":
        return f"/{path.parent.name}"
    if (path.parent / "index.md").as_posix() in {f for f, _a, _t in examples()}:
        return f"/{path.parent.name}/{path.stem}"  # a guide's part
    return f"/{path.stem}"


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("guide") / "content"
    shutil.copytree(REPO / "content", content)
    for file, append, text in examples():
        path = content / file
        if append:
            assert path.is_file(), f"{file}: an `append` example adds to a file that exists"
        elif file.endswith(".md"):
            assert not path.exists(), f"{file} would replace a page of the sample content"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a" if append else "w", encoding="utf-8") as out:
            out.write(text)
    return content


def test_the_guide_has_an_example_of_every_page_type_and_shared_file():
    files = [file for file, _append, _text in examples()]
    kinds = {
        text.split("\ntype: ", 1)[1].split()[0] for _f, _a, text in examples() if "\ntype: " in text
    }
    assert kinds == {"answer", "guide", "start", "step-by-step", "news", "consultation", "page"}
    assert {"search.yaml", "redirects.yaml"} <= set(files)
    assert any(file.startswith("forms/") for file in files)


def test_every_example_passes_the_check_without_a_warning(tree):
    _site, problems = load_content(tree)
    reported = [f"{p.path}:{p.line}: {p.message}" for p in from_problems(problems, tree)]
    assert reported == []


def test_every_example_page_is_built(tree, tmp_path):
    out = tmp_path / "dist"
    result = build(tree, out, index_dir=None, jobs=1, strict=True)
    for file, _append, _text in examples():
        if file.endswith(".md"):
            url = _url(file)
            assert url in result.site.pages or any(
                part.url == url for part in result.site.guide_parts()
            ), url
            assert (out / f"{url.lstrip('/')}.html").is_file(), url


def test_the_guide_is_not_a_page():
    assert GUIDE.is_file()
    assert GUIDE not in {path.resolve() for path, _guide in page_files(REPO / "content")}

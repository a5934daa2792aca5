"""One table of question types (issue 11, item 2): each type is one descriptor in one module of
app/forms/questions/, the registry lists them once, and nothing outside the package branches on
a question type, so a new type is one new file and its line in the registry."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

from app.forms import questions
from app.forms.definition import SETTINGS, Page, QuestionType
from app.forms.questions.base import Descriptor
from app.forms.schema import definition_schema

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "app" / "forms" / "questions"
SHARED = {"__init__", "base", "widgets", "json_schema"}  # the modules that are no type


def type_modules() -> list[str]:
    return sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem not in SHARED)


def test_every_question_type_has_one_descriptor_and_the_enum_is_made_from_them():
    names = [descriptor.name for descriptor in questions.DESCRIPTORS]
    assert names == [kind.value for kind in QuestionType]
    assert len(set(names)) == len(names)
    assert all(isinstance(descriptor, Descriptor) for descriptor in questions.DESCRIPTORS)
    assert definition_schema()["$defs"]["QuestionType"]["enum"] == names


def test_each_type_module_holds_the_descriptor_of_its_name():
    assert type_modules() == sorted(name.replace("-", "_") for name in questions.BY_NAME)
    for module_name in type_modules():
        module = importlib.import_module(f"app.forms.questions.{module_name}")
        assert module.QUESTION is questions.BY_NAME[module_name.replace("_", "-")]


def test_every_descriptor_says_everything_a_type_must():
    for descriptor in questions.DESCRIPTORS:
        assert descriptor.label and descriptor.default_name, descriptor.name
        assert descriptor.settings <= set(SETTINGS), descriptor.name
        own = type(descriptor).normalise is not Descriptor.normalise
        assert own or type(descriptor).check is not Descriptor.check, descriptor.name


def test_a_page_finds_its_descriptor_by_its_type():
    page = Page(id="when", question="When?", type="date")
    assert questions.descriptor_of(page) is questions.BY_NAME["date"]
    assert questions.taking("max_length") == ["text", "textarea"]


def question_type_branches(path: Path) -> list[str]:
    """`QuestionType.DATE` (or an alias's `T.DATE`), or `page.type == "date"`, in one file
    (markdown-it's `token.type == "text"` is no question)."""
    return [
        f"{path.name}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _names_a_type(node) or _compares_a_page_type(node)
    ]


def _names_a_type(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in ("QuestionType", "T")
        and node.attr.isupper()
    )


def _compares_a_page_type(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Attribute)
        and node.left.attr == "type"
        and isinstance(node.left.value, ast.Name)
        and node.left.value.id == "page"
        and any(
            isinstance(c, ast.Constant) and c.value in questions.BY_NAME for c in node.comparators
        )
    )


def test_nothing_outside_the_question_types_branches_on_a_question_type():
    outside = [path for path in (ROOT / "app").rglob("*.py") if PACKAGE not in path.parents]
    assert [branch for path in outside for branch in question_type_branches(path)] == []


def test_the_branch_finder_sees_a_branch(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "T = QuestionType\nif page.type is T.DATE or page.type == 'radios':\n    pass\n"
    )
    assert question_type_branches(sample) == ["sample.py:2", "sample.py:2"]

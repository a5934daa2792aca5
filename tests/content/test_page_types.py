"""app/content/page_types.py: one PageKind a page type, and nothing about a type kept elsewhere."""

from __future__ import annotations

from app.content.models import PageMeta
from app.content.page_types import FOREIGN_FIELD_MESSAGES, PAGE_KINDS, PageType, kind_of

from .helpers import REPO


def test_every_page_type_has_one_kind():
    assert list(PAGE_KINDS) == list(PageType)
    assert all(kind_of(page_type).type is page_type for page_type in PageType)


def test_every_kinds_template_exists():
    for kind in PAGE_KINDS.values():
        assert (REPO / "app" / "templates" / kind.template).is_file(), kind.type


def test_each_types_own_fields_are_front_matter_with_a_message_for_other_types():
    own = set().union(*(kind.own_fields for kind in PAGE_KINDS.values()))
    assert own == set(FOREIGN_FIELD_MESSAGES)
    assert own <= set(PageMeta.model_fields)
    for name, message in FOREIGN_FIELD_MESSAGES.items():
        assert message.startswith(f"`{name}` is only for "), name


def test_only_a_folder_type_is_a_guide_and_only_a_start_page_has_the_button():
    # The loader's guide folders and the start page's split body each rely on exactly one type.
    assert [kind.type for kind in PAGE_KINDS.values() if kind.folder] == [PageType.GUIDE]
    assert [kind.type for kind in PAGE_KINDS.values() if kind.start_button] == [PageType.START]

"""Where a form's answers name uploaded files: the answer to a `file` question asked once
(`answers["photo"]`), or in each entry of a repeating group (`answers["household"][1]["proof"]`).

    file_answers(form, answers)          each one found, with its path and question
    replace_files(form, answers, change) a copy of the answers with each one changed (a download
                                         URL added, an API's upload id resolved)

Everything that follows files through a submission (keeping them with the draft, attaching them
to the submission, the agency's URLs, the API's upload ids) walks the answers with these, so a
file in an entry is never missed by one of them. Plain Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .questions import takes_file

if TYPE_CHECKING:
    from .definition import FormDefinition, Page

Path = tuple[str | int, ...]  # ("photo",) or ("household", 0, "member-proof")


@dataclass(frozen=True)
class FileAnswer:
    path: Path
    page: Page
    value: Any  # as the answers hold it: the upload's `{id, filename, …}`, or an API's id

    @property
    def dotted(self) -> str:
        """`household.0.member-proof`: the API's name for it, after `answers.`."""
        return ".".join(str(part) for part in self.path)


def file_answers(form: FormDefinition, answers: Mapping[str, Any]) -> Iterator[FileAnswer]:
    """Each answer to a file question, in the form's order (entries in theirs)."""
    for item in form.pages:
        if not hasattr(item, "repeat"):
            if takes_file(item) and item.id in answers:
                yield FileAnswer((item.id,), item, answers[item.id])
            continue
        file_pages = [page for page in item.pages if takes_file(page)]
        entries = answers.get(item.id)
        if not file_pages or not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if isinstance(entry, dict):
                for page in file_pages:
                    if page.id in entry:
                        yield FileAnswer((item.id, index, page.id), page, entry[page.id])


def replace_files(
    form: FormDefinition, answers: Mapping[str, Any], change: Callable[[FileAnswer], Any]
) -> dict[str, Any]:
    """The answers with each file answer replaced by `change(found)`; the answers given, and the
    entries in them, are left as they are (the stored answers are never changed in place)."""
    copied = dict(answers)
    for found in file_answers(form, answers):
        if len(found.path) == 1:
            copied[found.page.id] = change(found)
            continue
        group_id, index, page_id = found.path
        entries = copied[group_id]
        if entries is answers[group_id]:  # the first change in this group: copy its entries
            entries = copied[group_id] = [
                dict(entry) if isinstance(entry, dict) else entry for entry in entries
            ]
        entries[index][page_id] = change(found)
    return copied


def upload_ids(form: FormDefinition, answers: Mapping[str, Any]) -> list[str]:
    """The ids of the uploads the answers name (the shape the pages store: `{id, …}`)."""
    return [
        found.value["id"]
        for found in file_answers(form, answers)
        if isinstance(found.value, dict) and isinstance(found.value.get("id"), str)
    ]

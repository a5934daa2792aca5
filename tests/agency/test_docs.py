"""docs/agency-keys.md and the README stay true to the code: every `flask agency` command and
option, the parameters, the cursor's form and the delivery statuses."""

from __future__ import annotations

import re
import typing

from app.agency.cli import agency_cli
from app.agency.paging import CURSOR
from app.agency.schemas import DeliveryStatus
from app.api.agency_routes import LIST_PARAMS
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "agency-keys.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_and_option_is_in_the_doc_and_the_readme():
    for name, command in agency_cli.commands.items():
        usage = f"flask --app app agency {name}"
        assert usage in DOC and usage in README, name
        for option in (
            o for param in command.params for o in getattr(param, "opts", []) if o.startswith("--")
        ):
            assert option in DOC and option in README, (name, option)
    assert "(docs/agency-keys.md)" in README


def test_the_doc_names_every_list_parameter_and_delivery_status():
    for name in LIST_PARAMS:
        assert f"| `{name}` |" in DOC, name
    statuses = typing.get_args(DeliveryStatus.model_fields["status"].annotation)
    for status in statuses:
        assert f"`{status}`" in DOC, status


def test_the_cursors_in_the_doc_are_cursors():
    cursors = re.findall(r'"next_cursor": "([^"]+)"', DOC)
    assert cursors and all(CURSOR.match(cursor) for cursor in cursors)
    assert all(f"cursor={cursor}" in DOC for cursor in cursors)

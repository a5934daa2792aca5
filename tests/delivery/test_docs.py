"""docs/delivery.md stays true to the code: every option of `flask deliver`, the payload's shape,
the retry schedule's numbers."""

from __future__ import annotations

import datetime as dt
import json
import re

from app.delivery import outbox
from app.delivery.cli import deliver_command
from app.delivery.sender import DEADLINE_SECONDS, TIMEOUT_SECONDS, unreachable
from app.delivery.signing import payload
from app.outbox import backoff
from tests.conftest import ROOT
from tests.outbox.helpers import documented_options

DOC = (ROOT / "docs" / "delivery.md").read_text(encoding="utf-8")


def test_the_readme_links_the_delivery_doc():
    assert "[docs/delivery.md](docs/delivery.md)" in (ROOT / "README.md").read_text()


def test_every_option_of_flask_deliver_is_documented():
    options = documented_options(deliver_command, DOC)
    assert options == {"--once", "--retry", "--list", "--poll-interval", "--lease"}
    assert f"(default {deliver_command.params[3].default:g})" in DOC
    assert f"`--lease` seconds (default {deliver_command.params[4].default:g})" in DOC


def test_the_example_message_has_the_payloads_shape():
    block = re.search(r"```json\n(.*?)```", DOC, re.S).group(1)
    example = json.loads(block)
    made = payload("HX4K7PQM", "report-a-pothole", 2, dt.datetime(2026, 6, 15, tzinfo=dt.UTC), {})
    assert example.keys() == made.keys() and example["data"].keys() == made["data"].keys()
    assert example["type"] == made["type"]


def test_the_schedule_in_the_doc_is_the_codes():
    assert f"starts at {backoff.FIRST_CEILING.total_seconds():g} seconds" in DOC
    assert f"up to {backoff.MAX_CEILING / dt.timedelta(hours=1):g} hour" in DOC
    assert f"{outbox.GIVE_UP_AFTER.days} days after the submission" in DOC
    assert f"{outbox.LEASE / dt.timedelta(minutes=1):g} minutes ahead (a lease)" in DOC
    assert f"within {TIMEOUT_SECONDS:g} seconds" in DOC
    assert f"within {DEADLINE_SECONDS:g} seconds of the attempt's start" in DOC


def test_the_one_error_of_a_failure_without_an_answer_is_quoted_as_the_code_writes_it():
    assert f"`roads.gov.nm.example: {unreachable(DEADLINE_SECONDS)}`" in DOC
    agency = (ROOT / "docs" / "agency-keys.md").read_text(encoding="utf-8")
    assert f'"roads.gov.nm.example: {unreachable(DEADLINE_SECONDS)}"' in agency


def test_the_development_setting_for_loopback_is_explained():
    assert "`DELIVERY_ALLOW_LOOPBACK`" in DOC and "PORTAL_DELIVERY_ALLOW_LOOPBACK=true" in DOC

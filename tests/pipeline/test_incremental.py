"""Incremental builds (issue 12, goal 3) are clean builds, only faster: after any sequence of edits
to the sample content, a build that reuses the cache writes the same bytes (every file of the
site and its .gz copy), the same files beside it for the servers (the nginx map, portal.conf,
service.json), the same search documents and the same warnings as a
clean build of the same tree, and renders only what changed. (What happens when the cache, the
content or the build goes wrong: test_incremental_safety.py.)

The property test runs two sequences of every kind of edit (tests/pipeline/content_edits.py), the
same two on every run, in about a minute of CPU here (each step is an incremental and a clean
build, ~2.5 s with one job). When the cache or the fingerprints change, run more, with new seeds:
PORTAL_INCREMENTAL_EXAMPLES=20 pytest tests/pipeline/test_incremental.py -k any_edits
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from tests.pipeline.build_compare import Snapshot, assert_same_build
from tests.pipeline.content_edits import EDITS, apply
from tests.pipeline.content_tree import ContentTree
from tests.pipeline.incremental_builds import Builds, code_probe_fingerprinted

EXAMPLES = int(os.environ.get("PORTAL_INCREMENTAL_EXAMPLES", "2"))
# Edits of pages alone must reuse the cache, or this test would pass on a build that always starts
# again. An edit of what is global to a build (search.yaml, redirects.yaml, the day) may make a
# clean build; one of the code must.
PAGE_EDITS = {
    "body",
    "front matter",
    "new page",
    "deleted page",
    "renamed slug",
    "organisation or topic",
    "related link",
    "step-by-step link",
    "media",
    "guide part",
    "new translation",
    "deleted translation",
}


@pytest.fixture
def builds(tmp_path):
    return Builds(tmp_path)


# --- the property ---------------------------------------------------------------------------


def edit_sequences():
    """Every kind of edit, once each, in a random order, on random pages with random words."""
    return st.tuples(st.permutations(sorted(EDITS)), st.integers(0, 2**32 - 1))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES <= 2,  # the same sequences on every run, CI included
    phases=[Phase.explicit, Phase.generate],  # no shrinking: every step costs two builds
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=edit_sequences())
def test_after_any_edits_an_incremental_build_is_a_clean_build(tmp_path, sequence):
    names, seed = sequence
    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(dir=tmp_path))
    try:
        with code_probe_fingerprinted(work / "code-probe.txt"):
            builds = Builds(work)
            assert not builds.incremental().incremental  # no cache yet
            for name in names:
                description = apply(builds.tree, name, rng)
                note(f"{name}: {description or 'skipped, no valid edit'}")
                result = builds.incremental()
                assert_same_build(Snapshot.of(result, builds.index), builds.clean())
                check_cache_use(name, description, result, builds.tree)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def check_cache_use(name: str, description: str | None, result, tree: ContentTree) -> None:
    if description is None:  # nothing changed
        assert result.incremental and result.rendered == 0, result
    elif name == "template":
        assert not result.incremental, "a change to the code reused the cache"
    elif name in PAGE_EDITS and not tree.changed_shared_content():  # e.g. a link in site.yaml
        assert result.incremental, f"the {name} edit ({description}) rebuilt everything"


# --- what a build renders -------------------------------------------------------------------


def test_a_build_with_no_change_renders_nothing(builds):
    before = Snapshot.of(builds.incremental(), builds.index)
    again = builds.incremental()
    assert again.incremental and again.cache_message is None
    assert again.rendered == 0
    assert_same_build(Snapshot.of(again, builds.index), before)


def test_a_body_edit_renders_only_that_pages_html_and_content_json(builds):
    before = Snapshot.of(builds.incremental(), builds.index)
    builds.append_to("/pay-a-court-fine", "\nYou can also pay at the counter of any court.\n")
    result = builds.incremental()
    assert result.incremental and result.rendered == 2
    after = Snapshot.of(result, builds.index)
    assert after.changed_files(before) == [
        "api/content/pay-a-court-fine.json",
        "api/content/pay-a-court-fine.json.gz",
        "pay-a-court-fine.html",
        "pay-a-court-fine.html.gz",
    ]
    assert_same_build(after, builds.clean())

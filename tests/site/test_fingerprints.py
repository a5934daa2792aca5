"""An output's fingerprint is a digest of what it shows: it changes when that changes, and only
then; every output of the site has one."""

from __future__ import annotations

import copy

import pytest

from app import create_app
from app.content import load_content
from app.pipeline.sources import card_key
from app.site.contexts import site_data
from app.site.fingerprints import PageKeys, fingerprint, output_fingerprint
from app.site.freezer import make_freezer, site_outputs
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def sample():
    site, problems = load_content(SAMPLE)
    assert not problems.errors
    return site


def _keys(site) -> PageKeys:
    cards = {url: card_key(page) for url, page in site.pages.items()}
    return PageKeys({url: b"full:" + card for url, card in cards.items()}, cards)


def _all(site) -> dict[str, bytes]:
    data, keys = site_data(site), _keys(site)
    return {
        url: output_fingerprint(data, keys, endpoint, values)
        for url, endpoint, values in site_outputs(site, data.documents)
    }


def test_every_output_the_freezer_writes_is_listed_and_has_a_fingerprint(sample):
    app = create_app({"SITE": sample})
    with app.app_context():
        frozen = set(make_freezer(app, sample, "/nowhere").all_urls())
    assert set(_all(sample)) == frozen


def test_a_title_change_reaches_the_pages_that_show_the_title_and_no_others(sample):
    before = _all(sample)
    site = copy.deepcopy(sample)
    page = site.pages["/register-a-death"]
    page.meta = page.meta.model_copy(update={"title": "Register a death in the family"})
    after = _all(site)
    changed = {url for url in before if before[url] != after[url]}
    assert "/register-a-birth" in changed  # its related links name the page
    assert "/a-to-z" in changed and "/sitemap.xml" not in changed  # the sitemap shows no titles
    assert "/register-a-death" in changed
    assert "/vehicle-tax" not in changed
    assert len(changed) < len(before) / 4


def test_a_value_without_a_fingerprint_is_refused():
    with pytest.raises(TypeError, match="no fingerprint for a object"):
        fingerprint("template.html", {"thing": object()}, PageKeys({}, {}))


def test_worked_out_by_two_processes_they_are_the_same_in_the_same_order(sample, monkeypatch):
    from app.pipeline import incremental

    monkeypatch.setattr(incremental, "FINGERPRINTS_PER_JOB", 1)  # fork even for the sample
    monkeypatch.setattr(incremental, "FINGERPRINT_CHUNK", 3)  # and take turns many times
    data = site_data(sample)
    shared = incremental.all_fingerprints(data, _keys(sample), jobs=2)
    alone = _all(sample)
    assert list(shared.items()) == list(alone.items())

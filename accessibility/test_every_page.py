"""Every built page (English and Welsh, with their 404 and error pages) and a few pages the app
makes, from one visit each (sweep.py): axe-core finds nothing; at 320 CSS pixels wide (400%
zoom) nothing scrolls sideways; WCAG 1.4.12's text spacing, set as a reader's stylesheet would,
cuts nothing off. Both tests are in this file so that one test process sweeps once."""

from __future__ import annotations

from .axe import violations_text
from .sweep import DYNAMIC


def test_every_built_page_has_no_violations(portal, every_page):
    built = portal.pages
    assert len(built) > 100 and "/" in built and "/404" in built
    # the Welsh pages, their 404 and error pages among them
    assert {"/cy/", "/cy/404", "/cy/errors/500", "/errors/500"} <= set(built)
    checked = {check.url: check.axe for check in every_page}
    assert set(built) <= set(checked)
    assert all(result.passes for result in checked.values())
    results = list(checked.values())
    assert not any(r.violations for r in results), violations_text(results, portal.sources)


def test_every_page_reflows_and_takes_text_spacing(portal, every_page):
    assert {check.url for check in every_page} >= {*portal.pages, *DYNAMIC}
    sideways = [line for check in every_page for line in check.sideways]
    clipped = [line for check in every_page for line in check.clipped]
    assert not sideways, "pages that scroll sideways at 320px:\n" + "\n".join(sideways)
    assert not clipped, "text cut off with WCAG 1.4.12 spacing:\n" + "\n".join(clipped)

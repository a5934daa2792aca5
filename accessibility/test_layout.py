"""The layout checks of the sweep (test_every_page.py) can fail: they see a page too wide for 320
CSS pixels and text that WCAG 1.4.12's spacing cuts off."""

from __future__ import annotations

from .layout import REFLOW_WIDTH, clipped_with_text_spacing, sideways_scroll


def test_the_checks_see_a_page_too_wide_and_text_cut_off(chromium):
    """A fixed-width box scrolls sideways at 320px, and a box of
    fixed height with overflow hidden cuts off text once the spacing grows: both are found."""
    html = """<!DOCTYPE html><html lang="en"><title>t</title><body style="margin:0">
      <div id="wide" style="width:400px">wide</div>
      <p id="cut" style="height:1.2em; overflow:hidden; line-height:1">Two words</p>
      <span class="govuk-visually-hidden" style="position:absolute; width:1px; height:1px;
        overflow:hidden">hidden text for screen readers</span>"""

    async def run():
        context = await chromium.context(width=REFLOW_WIDTH, height=640)
        try:
            page = await context.new_page()
            await page.set_content(html)
            return await sideways_scroll(page), await clipped_with_text_spacing(page)
        finally:
            await context.close()

    sideways, clipped = chromium.run(run())
    assert sideways[0].endswith("is 400px wide in 320px") and 'id="wide"' in sideways[1]
    assert len(clipped) == 1 and 'id="cut"' in clipped[0]

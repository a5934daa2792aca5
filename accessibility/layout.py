"""Checks of a page's layout in the browser: nothing scrolls sideways (WCAG 1.4.10 reflow) and
WCAG 1.4.12's text spacing hides nothing."""

from __future__ import annotations

from playwright.async_api import Page

REFLOW_WIDTH = 320  # CSS pixels: 1280 at 400% zoom
# WCAG 1.4.12: line height 1.5 times the font size, paragraphs 2 times, letters 0.12 and words
# 0.16 times: what a reader's own stylesheet may set.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

# The page's width beyond the viewport, and the elements that stick out furthest.
SIDEWAYS = """() => {
  const root = document.documentElement, width = root.clientWidth;
  const over = [];
  if (root.scrollWidth > width) {
    for (const el of document.body.querySelectorAll("*")) {
      const right = el.getBoundingClientRect().right;
      if (right > width + 1) over.push([right, el.outerHTML.slice(0, 120)]);
    }
    over.sort((a, b) => b[0] - a[0]);
  }
  return {scrollWidth: root.scrollWidth, clientWidth: width,
          widest: over.slice(0, 3).map(([right, html]) => `${Math.round(right)}px: ${html}`)};
}"""

# Elements that cut their content off (overflow hidden or clip) and have more than fits. The
# visually hidden text for screen readers (1px boxes) is meant to be cut off.
CLIPPED = """() => {
  const found = [];
  for (const el of document.body.querySelectorAll("*")) {
    const s = getComputedStyle(el);
    const cuts = (v) => v === "hidden" || v === "clip";
    if (!cuts(s.overflowX) && !cuts(s.overflowY)) continue;
    if (el.clientWidth <= 1 || el.clientHeight <= 1) continue;
    const tall = cuts(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
    const wide = cuts(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
    if ((tall || wide) && el.innerText.trim())
      found.push(`${el.outerHTML.slice(0, 120)} (${el.scrollWidth}x${el.scrollHeight} in `
                 + `${el.clientWidth}x${el.clientHeight})`);
  }
  return found;
}"""


async def sideways_scroll(page: Page) -> list[str]:
    """Why the page scrolls sideways, or [] when it does not."""
    found = await page.evaluate(SIDEWAYS)
    if found["scrollWidth"] <= found["clientWidth"]:
        return []
    return [
        f"{page.url} is {found['scrollWidth']}px wide in {found['clientWidth']}px",
        *(f"    {line}" for line in found["widest"]),
    ]


async def clipped_with_text_spacing(page: Page) -> list[str]:
    """The text WCAG 1.4.12's spacing cuts off, or []."""
    await page.add_style_tag(content=TEXT_SPACING)
    return [f"{page.url}: {line}" for line in await page.evaluate(CLIPPED)]

"""Moving through a page with the keyboard, checking as it goes that each element focused shows
that it has focus (WCAG 2.4.7): its focus style differs from how it looks without focus."""

from __future__ import annotations

from dataclasses import dataclass, field

from playwright.async_api import Page

from .pages import settled

# What the focused element is, and whether its focus is visible. A radio or checkbox input is
# hidden behind its label's drawn circle or box, so that (the label's ::before) is compared. An
# element focused by script (tabindex=-1, as the error summary is) would lose its tabindex on
# blur, so it is judged by its focus ring alone. The skip link's target (<main>) is exempt, as
# GOV.UK Frontend means it to be: it is not a control, and an outline round the whole page would
# say nothing.
FOCUSED = r"""(selector) => {
  const el = document.activeElement;
  if (!el || el === document.body) return {described: "the page itself", matches: false,
                                           visible: true};
  const drawn = el.matches(".govuk-radios__input, .govuk-checkboxes__input") && el.labels[0];
  const [box, pseudo] = drawn ? [el.labels[0], "::before"] : [el, null];
  const look = () => {
    const s = getComputedStyle(box, pseudo);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
            s.color, s.textDecorationLine, s.textDecorationThickness, s.borderColor,
            s.borderWidth].join("|");
  };
  const focused = look();
  let visible;
  if (el.classList.contains("govuk-skip-link-focused-element")) {
    visible = true;
  } else if (el.getAttribute("tabindex") === "-1") {
    const s = getComputedStyle(box, pseudo);
    visible = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2
               && !/^rgba\(.*, 0\)$/.test(s.outlineColor)) || s.boxShadow !== "none";
  } else {
    el.blur();
    visible = look() !== focused;
    el.focus({preventScroll: true});
  }
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim();
  return {
    described: `<${el.tagName.toLowerCase()}${el.id ? " id=" + el.id : ""}`
               + `${el.name ? " name=" + el.name : ""}> ${text.slice(0, 40)}`,
    matches: selector ? el.matches(selector) : false,
    visible,
  };
}"""


@dataclass
class Keyboard:
    """Keys pressed on one page at a time; remembers every element that took focus."""

    page: Page
    seen: list[str] = field(default_factory=list)
    unseen_focus: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # File choosers are caught from the start (a file question's Space opens one, answered
        # by page.expect_file_chooser). Playwright turns catching them on without waiting for
        # the browser, so turned on just before Space it raced the key on a loaded machine and
        # the chooser opened uncaught.
        self.page.on("filechooser", lambda chooser: None)

    async def focused(self, selector: str | None = None) -> dict:
        info = await self.page.evaluate(FOCUSED, selector)
        where = f"{self.page.url}: {info['described']}"
        self.seen.append(where)
        if not info["visible"]:
            self.unseen_focus.append(where)
        return info

    async def press(self, key: str) -> dict:
        await self.page.keyboard.press(key)
        return await self.focused()

    async def tab_to(self, selector: str, backwards: bool = False, limit: int = 80) -> None:
        """Tab (or Shift+Tab) until the focused element matches `selector`."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            await self.page.keyboard.press(key)
            if (await self.focused(selector))["matches"]:
                return
        raise AssertionError(f"{key} never reached {selector} on {self.page.url}")

    async def type(self, text: str) -> None:
        await self.page.keyboard.type(text)

    async def activate(self, key: str = "Enter") -> None:
        """Press Enter or Space on the focused link or button and wait for the next page, and
        for its scripts (the search box takes no key before it has become a combobox)."""
        async with self.page.expect_navigation():
            await self.page.keyboard.press(key)
        await settled(self.page)

"""A whole form, saving one to come back later, and a search done with the keyboard alone: Tab
and Shift+Tab to move, Enter and Space to press, arrow keys in radios and in the search
completions. The first Tab reaches the skip link, focus is visible on everything that takes it,
and after a failed submit focus is on the error summary."""

from __future__ import annotations

import pytest

from app.forms.definition import QuestionType as T

from .journeys import ADD_ANOTHER, form_ids, group_of, load_form, question_of, valid_answer
from .keyboard import Keyboard
from .pages import settled

SKIP_LINK = ".govuk-skip-link"
CONTINUE = "button.govuk-button"


def first_field(question) -> str:
    if question.type is T.DATE:
        return f"#{question.id}-day"
    if question.type is T.ADDRESS:
        return f"#{question.id}-line1"
    if question.type in (T.YES_NO, T.RADIOS, T.CHECKBOXES):
        return f"input[name='{question.id}']"
    return f"#{question.id}"


async def answer(keys: Keyboard, question, fields: dict[str, str]) -> None:
    """With focus on the question's first input, give the answer with keys alone."""
    page, kind = keys.page, question.type
    if kind in (T.YES_NO, T.RADIOS):
        await keys.press("ArrowDown")  # arrows move through the radios and choose as they go
        await keys.press("ArrowUp")
        value = fields[question.id]
        assert (
            await page.locator(f"input[name='{question.id}']:checked").get_attribute("value")
            == value
        )
    elif kind is T.CHECKBOXES:
        await keys.press("Space")
        assert await page.locator(f"input[name='{question.id}']:checked").count() == 1
    elif kind is T.FILE:
        # Space on the file input opens the browser's file chooser, which the test answers
        async with page.expect_file_chooser() as chooser:
            await keys.press("Space")
        await (await chooser.value).set_files(fields[question.id])
    elif kind is T.SELECT:
        chosen = question.options[0]
        await keys.type(chosen.text[:4])  # a select chooses the option typed
        assert await page.locator(f"#{question.id}").input_value() == chosen.value
    else:
        filled = [value for value in fields.values()]
        for i, value in enumerate(filled):
            if i:
                await keys.press("Tab")
            await keys.type(value)


async def tab_to_first_field(keys: Keyboard, question) -> None:
    await keys.tab_to(first_field(question))


async def keyboard_form_journey(keys: Keyboard, portal, form) -> None:
    page = keys.page
    await page.goto(portal.url(f"/forms/{form.id}"))
    await settled(page)
    first = question_of(form, page)
    assert (await keys.press("Tab"))["described"].startswith("<a"), "first Tab: not a link"
    assert await page.evaluate("() => document.activeElement.matches('.govuk-skip-link')"), (
        "the first Tab does not reach the skip link"
    )

    # Continue with nothing answered: the error summary takes focus, its link leads to the field
    await keys.tab_to(CONTINUE)
    await keys.activate("Enter")
    assert (await keys.focused(".govuk-error-summary"))["matches"], (
        "after a failed submit, focus is not on the error summary"
    )
    await keys.tab_to(".govuk-error-summary__list a")
    await keys.page.keyboard.press("Enter")
    assert (await keys.focused(first_field(first)))["matches"], (
        "the error summary's link does not move focus to the question's input"
    )
    await answer(keys, first, valid_answer(first))
    await keys.tab_to(CONTINUE)
    await keys.tab_to(first_field(first), backwards=True)  # Shift+Tab goes back to it
    await keys.tab_to(CONTINUE)
    await keys.activate("Enter")

    while True:
        before = page.url
        if (question := question_of(form, page)) is not None:
            await tab_to_first_field(keys, question)
            await answer(keys, question, valid_answer(question))
        elif group_of(form, page) is not None:  # "Do you need to add another person?": No
            await keys.tab_to(f"input[name='{ADD_ANOTHER}']")
            await keys.press("ArrowDown")
            checked = page.locator(f"input[name='{ADD_ANOTHER}']:checked")
            assert await checked.get_attribute("value") == "no"
        else:
            break
        await keys.tab_to(CONTINUE)
        await keys.activate("Enter")
        assert page.url != before, f"{before} did not take the answer"

    assert "Check your answers" in await page.title()
    await keys.tab_to(CONTINUE)
    await keys.tab_to(".govuk-summary-list__actions a", backwards=True)
    await keys.tab_to(CONTINUE)
    await keys.activate("Space")
    assert page.url.endswith("/confirmation")
    assert await page.locator(".govuk-panel__title").inner_text() == form.confirmation_heading()


@pytest.mark.parametrize("form_id", form_ids())
def test_a_whole_form_with_the_keyboard_alone(form_id, portal, chromium):
    form = load_form(form_id)

    async def run():
        context = await chromium.context()
        try:
            keys = Keyboard(await context.new_page())
            await keyboard_form_journey(keys, portal, form)
            return keys
        finally:
            await context.close()

    keys = chromium.run(run())
    assert len(keys.seen) > 3 * len(form.pages)
    assert not keys.unseen_focus, "focus is not visible on:\n" + "\n".join(keys.unseen_focus)


@pytest.mark.parametrize(
    "form_id", [form_id for form_id in form_ids() if load_form(form_id).save_and_return.enabled]
)
def test_save_and_come_back_later_with_the_keyboard_alone(form_id, portal, chromium):
    """The save button after Continue, the choice of a code by arrow keys, the code page, and
    coming back with the reference and code typed, in another browser."""
    form = load_form(form_id)
    save = "button[name=save-for-later]"

    async def run():
        context = await chromium.context()
        try:
            keys = Keyboard(await context.new_page())
            await keys.page.goto(portal.url(f"/forms/{form.id}"))
            await settled(keys.page)
            await keys.tab_to(CONTINUE)
            await keys.press("Tab")
            assert (await keys.focused(save))["matches"], "Save does not follow Continue"
            await keys.activate("Enter")
            assert "/save-for-later?unsaved=" in keys.page.url  # nothing answered: nothing kept
            await keys.tab_to("input[name=how]")
            await keys.press("ArrowDown")  # from the email link to the code
            assert (
                await keys.page.locator("input[name=how]:checked").get_attribute("value") == "code"
            )
            await keys.tab_to(CONTINUE)
            await keys.activate("Enter")
            reference = await keys.page.locator(".app-reference").inner_text()
            code = await keys.page.locator(".app-resume-code").inner_text()
            await keys.tab_to("main a")  # the code page's links take focus too
        finally:
            await context.close()
        context = await chromium.context()
        try:
            other = Keyboard(await context.new_page(), keys.seen, keys.unseen_focus)
            await other.page.goto(portal.url("/forms/resume"))
            await settled(other.page)
            await other.tab_to("#reference")
            await other.type(reference)
            await other.press("Tab")
            await other.type(code)
            await other.tab_to(CONTINUE)
            await other.activate("Enter")
            assert other.page.url == portal.url(f"/forms/{form.id}/{form.pages[0].id}")
            return other
        finally:
            await context.close()

    keys = chromium.run(run())
    assert not keys.unseen_focus, "focus is not visible on:\n" + "\n".join(keys.unseen_focus)


def test_search_with_the_keyboard_alone(portal, chromium):
    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            keys = Keyboard(page)
            await page.goto(portal.url("/"))
            await settled(page)
            await keys.press("Tab")
            assert await page.evaluate("() => document.activeElement.matches('.govuk-skip-link')")
            await keys.press("Enter")  # skip to the main content
            assert await page.evaluate("() => document.activeElement.id === 'main-content'"), (
                "skip link went nowhere"
            )

            await keys.tab_to("#site-search", backwards=True)
            await keys.type("passport")
            await keys.activate("Enter")
            assert "/search?q=passport" in page.url

            await keys.tab_to(".app-search-filters input[type=checkbox]")
            await keys.press("Space")
            await keys.tab_to(".app-search-filters__apply")
            await keys.activate("Enter")
            assert "with filters applied" in await page.locator("#results-count").inner_text()

            await keys.tab_to(".app-search-result__title a")
            target = await page.evaluate("() => document.activeElement.getAttribute('href')")
            await keys.activate("Enter")
            assert page.url == portal.url(target)

            # the completions under the header box: type, Down to the first, Enter to go there
            await keys.tab_to("#site-search")
            await keys.type("renew")
            await page.locator("[role=listbox] [role=option]").first.wait_for()
            await page.keyboard.press("ArrowDown")  # (not keys.press: its check would blur
            # the box, which closes the list, as leaving the box should)
            assert await page.locator("#site-search").get_attribute("aria-activedescendant")
            await keys.activate("Enter")
            assert "/search" not in page.url
            return keys
        finally:
            await context.close()

    keys = chromium.run(run())
    assert not keys.unseen_focus, "focus is not visible on:\n" + "\n".join(keys.unseen_focus)


def test_in_welsh_a_guide_the_language_switcher_and_search_with_the_keyboard_alone(
    portal, chromium
):
    """The journey once in Welsh: a Welsh guide's skip link and its parts, the language
    switcher to the English page and back, and a search from the Welsh header that finds the
    Welsh pages and stays in Welsh."""
    guide = "/cy/living-allowance"

    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            keys = Keyboard(page)
            await page.goto(portal.url(guide))
            await settled(page)
            assert await page.get_attribute("html", "lang") == "cy"
            await keys.press("Tab")
            assert await page.evaluate("() => document.activeElement.matches('.govuk-skip-link')")

            await keys.tab_to(".app-translation-nav a[hreflang=en]")
            await keys.activate("Enter")
            assert page.url == portal.url("/living-allowance")
            assert await page.get_attribute("html", "lang") == "en"
            await keys.tab_to(".app-translation-nav a[hreflang=cy]")
            await keys.activate("Enter")
            assert page.url == portal.url(guide)

            await keys.tab_to(f"main a[href='{guide}/how-to-claim']")
            await keys.activate("Enter")
            assert page.url == portal.url(f"{guide}/how-to-claim")

            await keys.tab_to("#site-search", backwards=True)
            await keys.type("lwfans byw")
            await keys.activate("Enter")
            assert page.url.startswith(portal.url("/cy/search?q=lwfans"))
            assert await page.get_attribute("html", "lang") == "cy"
            await keys.tab_to(".app-search-result__title a")
            target = await page.evaluate("() => document.activeElement.getAttribute('href')")
            assert target.startswith("/cy/"), target
            await keys.activate("Enter")
            assert page.url == portal.url(target)
            return keys
        finally:
            await context.close()

    keys = chromium.run(run())
    assert not keys.unseen_focus, "focus is not visible on:\n" + "\n".join(keys.unseen_focus)


def test_the_focus_check_sees_a_missing_focus_style(chromium):
    """The check above can fail: a link whose focus style is taken away is reported."""
    html = """<!DOCTYPE html><html lang="en"><title>t</title><style>
      a:focus { outline: none; } .shown:focus { outline: 3px solid #fd0; }</style>
      <a class="shown" href="#a">shown</a> <a href="#b">hidden</a>"""

    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            await page.set_content(html)
            keys = Keyboard(page)
            await keys.tab_to("a.shown")
            await keys.press("Tab")
            return keys
        finally:
            await context.close()

    keys = chromium.run(run())
    assert len(keys.seen) == 2
    assert [where.rsplit(": ", 1)[1] for where in keys.unseen_focus] == ["<a> hidden"]

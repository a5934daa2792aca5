"""axe-core finds nothing on any state of any sample form: every question empty and in each of
its error states, check your answers (and its "send me a copy" without an address), the
confirmation, deleting the application with its code (empty, with nothing entered, done) and the
expired-session page; a repeating group's entries, summary and remove confirmation, and the exit
pages; saving to come back later, and coming back."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from app.forms.engine import page_to_show
from app.store import get_engine
from app.store.saved import link_token
from app.store.tables import resume_links

from .axe import violations_text
from .browser import each, in_tabs
from .journeys import (
    ADD_ANOTHER,
    complete,
    error_states,
    fill,
    form_ids,
    group_of,
    load_form,
    press_button,
    question_of,
    valid_answer,
    walk_to,
)


async def delete_it(page, audit, form_id):
    """From the confirmation: the deletion page empty, with nothing entered, and done."""
    reference = await page.locator(".app-reference").inner_text()
    code = await page.locator(".app-deletion-code").inner_text()
    await page.goto(page.url.split("/forms/")[0] + f"/forms/delete?form={form_id}")
    results = [await audit.check(page, f"{form_id}: delete")]
    button = f"Delete my {load_form(form_id).noun_text()}"
    await press_button(page, button)
    assert await page.locator(".govuk-error-summary").count() == 1
    results.append(await audit.check(page, f"{form_id}: delete, nothing entered"))
    await page.fill("#reference", reference)
    await page.fill("#code", code)
    await press_button(page, button)
    assert not await page.locator(".govuk-error-summary").count()
    results.append(await audit.check(page, f"{form_id}: deleted"))
    return results


async def copy_without_address(page, audit, form_id):
    """Check answers with "Send me a copy of my answers" ticked and no address: its error
    state; then the box is unticked again, so the form is sent without a copy."""
    await page.check("input[name=send-copy]")
    await press_button(page, "Accept and send")
    assert (await page.title()).startswith("Error: ")
    result = await audit.check(page, f"{form_id}: check your answers, copy without an address")
    await page.uncheck("input[name=send-copy]")
    return result


@pytest.mark.parametrize("form_id", form_ids())
def test_every_state_of_the_form_has_no_violations(form_id, portal, chromium, audit):
    form = load_form(form_id)
    today = dt.date.today()
    # A question opened by URL is shown only when it is on the citizen's route; with nothing
    # answered yet, that is the route of the first options. The others are reached by answering.
    # (a repeating group's pages have their own test, below)
    questions = [q for q in form.pages if form.page(q.id) is not None]
    first_route = [q for q in questions if page_to_show(form, q.id, {}) == q.id]
    off_route = [q for q in questions if q not in first_route]
    cases = [
        (question, state)
        for question in first_route
        for state in [None, *error_states(question, today)]
    ]

    def url(question) -> str:
        return portal.url(f"/forms/{form.id}/{question.id}")

    async def check_state(page, question, state):
        name = f"{form.id}/{question.id}"
        if state is None:
            assert not await page.locator(".govuk-error-summary").count(), name
        else:
            name += f": {state.name}"
            await fill(page, question, state.fields)
            await press_button(page, "Continue")
            assert (await page.title()).startswith("Error: "), name
            assert await page.locator(".govuk-error-summary").count() == 1, name
        return await audit.check(page, name)

    async def check(page, case):
        question, state = case
        await page.goto(url(question))
        return await check_state(page, question, state)

    async def check_off_route(question):
        """In a browser of its own (its own draft): answer the way to the question, then each
        of its states, from the question asked afresh each time."""
        context = await chromium.context()
        try:
            page = await context.new_page()
            await page.goto(portal.url(f"/forms/{form.id}"))
            await walk_to(page, form, question)
            results = []
            for state in [None, *error_states(question, today)]:
                await page.goto(url(question))
                assert question_of(form, page) == question, page.url
                results.append(await check_state(page, question, state))
            return results
        finally:
            await context.close()

    async def run():
        context = await chromium.context()
        try:
            journey = await context.new_page()
            await journey.goto(portal.url(f"/forms/{form.id}"))
            results = await in_tabs(context, cases, check)
            for found in await each(off_route, check_off_route):
                results += found
            await complete(journey, form)
            results.append(await audit.check(journey, f"{form.id}: check your answers"))
            results.append(await copy_without_address(journey, audit, form.id))
            await press_button(journey, "Accept and send")
            assert journey.url.endswith("/confirmation")
            results.append(await audit.check(journey, f"{form.id}: confirmation"))
            results += await delete_it(journey, audit, form.id)
            await journey.goto(url(form.pages[0]))
            assert "session has expired" in await journey.title()
            results.append(await audit.check(journey, f"{form.id}: session expired"))
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    off_route_states = sum(1 + len(error_states(q, today)) for q in off_route)
    assert len(results) == len(cases) + off_route_states + 7
    assert not any(r.violations for r in results), violations_text(results)


def has_group(form_id: str) -> bool:
    form = load_form(form_id)
    return any(form.group(item.id) for item in form.pages)


GROUP_FORMS = [form_id for form_id in form_ids() if has_group(form_id)]


@pytest.mark.parametrize("form_id", GROUP_FORMS)
def test_add_another_remove_and_exit_pages_have_no_violations(form_id, portal, chromium, audit):
    """A repeating group's states (each entry's question empty and with nothing entered, or an
    optional one with a wrong answer, such as an entry's refused file; the
    summary with one entry and two, with nothing chosen, the remove confirmation, unanswered and
    below the minimum) and each exit page."""
    form = load_form(form_id)
    group = next(item for item in form.pages if form.group(item.id))

    async def states(page, name, question=None):
        """The page as it is, then continued with nothing entered: the error summary. An
        optional question takes nothing: its first wrong answer instead (a file's: an empty
        file, refused on the entry's page)."""
        found = [await audit.check(page, name)]
        wrong = "nothing entered"
        if question is not None and question.optional:
            state = error_states(question, dt.date.today())[0]
            await fill(page, question, state.fields)
            wrong = state.name
        await press_button(page, "Continue")
        assert (await page.title()).startswith("Error: "), name
        found.append(await audit.check(page, f"{name}: {wrong}"))
        return found

    async def add_entry(page, number):
        results = []
        for question in group.pages:
            assert question_of(form, page) == question, page.url
            name = f"{form.id}/{group.id}/{number}/{question.id}"
            results += await states(page, name, question)
            await fill(page, question, valid_answer(question))
            await press_button(page, "Continue")
        return results

    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            await page.goto(portal.url(f"/forms/{form.id}"))
            await walk_to(page, form, group.pages[0])
            results = await add_entry(page, 1)
            summary = f"{form.id}/{group.id}: summary"
            assert group_of(form, page) == group and not await page.locator("text=Remove").count()
            results += await states(page, f"{summary} of 1 entry")
            await page.check(f'[name="{ADD_ANOTHER}"][value="yes"]')
            await press_button(page, "Continue")
            results += await add_entry(page, 2)
            results.append(await audit.check(page, f"{summary} of 2 entries"))
            await page.get_by_role("link", name=f"Remove {group.repeat.noun} 2").click()
            await page.wait_for_load_state()
            results += await states(page, f"{form.id}/{group.id}: remove confirmation")
            await page.check('[name="confirm-remove"][value="yes"]')
            await press_button(page, "Continue")
            assert group_of(form, page) == group
            await page.goto(portal.url(f"/forms/{form.id}/{group.id}/1/remove"))
            await page.check('[name="confirm-remove"][value="yes"]')
            await press_button(page, "Continue")
            assert (await page.title()).startswith("Error: ")
            results.append(await audit.check(page, f"{form.id}/{group.id}: below the minimum"))
            for exit_page in form.exit_pages:
                await page.goto(portal.url(f"/forms/{form.id}/{exit_page.id}"))
                assert await page.locator("h1").inner_text() == exit_page.title
                results.append(await audit.check(page, f"{form.id}/{exit_page.id}: exit page"))
            return results
        finally:
            await context.close()

    results = chromium.run(run())
    assert len(results) == 4 * len(group.pages) + 6 + len(form.exit_pages)
    assert not any(r.violations for r in results), violations_text(results)


SAVING_FORMS = [form_id for form_id in form_ids() if load_form(form_id).save_and_return.enabled]


@pytest.mark.parametrize("form_id", SAVING_FORMS)
def test_save_and_come_back_later_pages_have_no_violations(form_id, portal, chromium, audit):
    """ "Save and come back later": the save page (with the answer that could not be kept, and
    with nothing chosen), the email address (empty, then sent: "Check your email"), the code
    shown once; in another browser the resume page (empty, with nothing entered, a wrong
    code) and resuming; and the emailed link: to continue, used, already used, unknown."""
    form = load_form(form_id)
    first = portal.url(f"/forms/{form.id}/{form.pages[0].id}")

    async def pressed(page, button, name, error=False):
        await press_button(page, button)
        assert (await page.title()).startswith("Error: ") == error, name
        return await audit.check(page, f"{form.id}: {name}")

    async def save(page):
        """From the first question, with nothing entered: the save page."""
        await page.goto(first)
        return await pressed(page, "Save and come back later", "save, answer not kept")

    async def link_states(context, token):
        page = await context.new_page()
        results = []
        for state in ("to continue", "unknown"):
            await page.goto(
                portal.url(f"/forms/resume/{token if state != 'unknown' else 'x' * 43}")
            )
            results.append(await audit.check(page, f"{form.id}: resume link {state}"))
        await page.goto(portal.url(f"/forms/resume/{token}"))
        results.append(await pressed(page, "Continue", "resumed by link"))
        await page.goto(portal.url(f"/forms/resume/{token}"))
        assert "already used" in await page.title()
        results.append(await audit.check(page, f"{form.id}: resume link already used"))
        return results

    async def run():
        context = await chromium.context()
        try:
            page = await context.new_page()
            results = [await save(page)]
            results.append(await pressed(page, "Continue", "save, nothing chosen", error=True))
            await page.check('[name="how"][value="email"]')
            results.append(await pressed(page, "Continue", "save, email address"))
            results.append(await pressed(page, "Send the link", "save, no address", error=True))
            await page.fill("#email", "ada@example.com")
            results.append(await pressed(page, "Send the link", "save, check your email"))
            results.append(await save(page))
            await page.check('[name="how"][value="code"]')
            results.append(await pressed(page, "Continue", "save, code shown once"))
            reference = await page.locator(".app-reference").inner_text()
            code = await page.locator(".app-resume-code").inner_text()
        finally:
            await context.close()
        context = await chromium.context()
        try:
            page = await context.new_page()
            await page.goto(portal.url("/forms/resume"))
            results.append(await audit.check(page, f"{form.id}: resume"))
            results.append(await pressed(page, "Continue", "resume, nothing entered", error=True))
            await page.fill("#reference", reference)
            await page.fill("#code", "AAAA-BBBB-CCCC")
            results.append(await pressed(page, "Continue", "resume, wrong code", error=True))
            await page.fill("#code", code)
            await pressed(page, "Continue", "resumed with the code")
            assert page.url == first, page.url
            results += await link_states(context, link_token_sent())
        finally:
            await context.close()
        return results

    def link_token_sent() -> str:
        """The emailed link's token (no mail worker runs here): made as the worker makes it."""
        with get_engine(portal.app).connect() as c:
            link_id = c.execute(sa.select(resume_links.c.id)).scalars().all()[-1]
        return link_token(portal.app.config["SECRET_KEY"], link_id)

    results = chromium.run(run())
    assert len(results) == 14
    assert not any(r.violations for r in results), violations_text(results)

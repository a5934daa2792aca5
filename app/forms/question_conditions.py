"""When each question of a form is asked, for the developers' pages: always, or only after
certain answers (its routes), in words. Plain Python over the definition's routes, as the
engine (engine.py) follows them: the first matching route wins, a route with no `if` always
matches, and with none matching the next page comes.

A question is always asked when every way through the routes passes it. Otherwise it says which
answers lead to it: a route's `if` that goes to it, or, where it is the next page after a
question whose routes may skip it, those routes' `if` not matching. The routes are read on
their own, not against each other's answers, so a way through that no citizen could take
still counts: a question is never said to be always asked when it is not.
"""

from __future__ import annotations

from .definition import FormDefinition, Route


def _ways_on(form: FormDefinition, index: int) -> list[int]:
    """The pages that may follow page `index` (len(pages): check your answers)."""
    targets = []
    for route in form.pages[index].routes:
        target = form.index_of(route.goto)
        if target <= index:
            continue  # refused by build.py check; the engine ignores it
        targets.append(target)
        if not route.conditions():
            return targets  # always matches: nothing after it is reached
    return [*targets, index + 1]


def _passes_through(form: FormDefinition, avoided: int) -> bool:
    """Whether every way from the first page to check your answers passes page `avoided`."""
    end, seen, todo = len(form.pages), {0}, [0]
    if avoided == 0:
        return True
    while todo:
        for target in _ways_on(form, todo.pop()):
            if target == end:
                return False
            if target != avoided and target not in seen:
                seen.add(target)
                todo.append(target)
    return True


def _when(route: Route, negated: bool = False) -> str:
    verb = "is not" if negated else "is"
    joiner = " or " if negated else " and "
    return joiner.join(f"`{page}` {verb} `{value}`" for page, value in route.conditions().items())


def _falls_through(form: FormDefinition, index: int) -> bool:
    """Whether the next page may come after page `index` by no route matching."""
    return all(
        route.conditions() or form.index_of(route.goto) <= index
        for route in form.pages[index].routes
    )


def _not_skipped(routes: list[Route]) -> str:
    """None of these routes matching, in words."""
    return " and ".join(
        f"({_when(route, negated=True)})" if len(route.conditions()) > 1 else _when(route, True)
        for route in routes
    )


def _leads_to(form: FormDefinition, index: int) -> list[str]:
    """The answers, in words, after which page `index` comes next."""
    page_id = form.pages[index].id
    found = [
        _when(route)
        for before in form.pages[:index]
        for route in before.routes
        if route.conditions() and route.goto == page_id
    ]
    if index and _falls_through(form, index - 1):
        skips = [route for route in form.pages[index - 1].routes if route.conditions()]
        found.append(_not_skipped(skips) if skips else "")
    return [way for way in found if way]


def when_asked(form: FormDefinition) -> dict[str, str | None]:
    """Page id → None when always asked, else when it is asked, in words with `code`."""
    asked: dict[str, str | None] = {}
    for index, page in enumerate(form.pages):
        if _passes_through(form, index):
            asked[page.id] = None
            continue
        ways = _leads_to(form, index)
        asked[page.id] = (
            "only when " + "; or when ".join(ways) if ways else "only after certain answers"
        )
    return asked

"""Random edits to a copy of a content tree, each one a change a content designer makes, and each
kept only when the tree still passes its checks, for the incremental build's property test
(tests/pipeline/test_incremental.py).

An edit is `edit(tree, rng) -> description | None`: it changes files through the tree, which keeps
their old bytes, and the tree then keeps the change if `load_content` finds no errors, or puts
every file back (and the edit counts as skipped). Edits that cannot be made valid, such as
deleting a page other pages link to, try a few pages and skip when none will do.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

from app.content.loader import language_of, translated_name
from tests.pipeline.content_tree import DAYS, ContentTree, field, join, set_field, split

WORDS = ("ferry", "lantern", "meadow", "harbour", "orchard", "quarry", "beacon", "thistle")


def retitle(tree: ContentTree, page, rng: random.Random) -> str:
    path = tree.file_of(page)
    title = f"{page.title[:40].rstrip()} {tree.fresh(rng.choice(WORDS))}"
    if rng.random() < 0.25:  # past 65 characters: a warning, which every build must repeat
        title = f"{title}, with more words than a title should ever have"
    tree.write(path, set_field(path.read_text(encoding="utf-8"), "title", title))
    return f"{page.url} title -> {title!r}"


# --- the edits ------------------------------------------------------------------------------


def edit_body(tree: ContentTree, rng: random.Random) -> str:
    page = tree.pick(rng)
    # a guide's body is its parts' bodies: any one of them
    path = Path(rng.choice(page.parts).source.path) if page.parts else tree.file_of(page)
    front, body = split(path.read_text(encoding="utf-8"))
    words = list(re.finditer(r"(?<= )[a-z]{6,}(?=[ .,])", body))
    if words and rng.random() < 0.5:
        # a word changed for another as long: the file's size stays the same
        word = rng.choice(words)
        new = word[0][1:] + word[0][0]
        tree.write(path, join(front, body[: word.start()] + new + body[word.end() :]))
        return f"{path.relative_to(tree.root)} body: {word[0]} -> {new}"
    word = tree.fresh(rng.choice(WORDS))
    tree.write(path, join(front, body + f"\nA sentence about the {word}.\n"))
    return f"{path.relative_to(tree.root)} body + {word}"


def edit_front_matter(tree: ContentTree, rng: random.Random) -> str:
    page = tree.pick(rng)
    what = rng.choice(("title", "description", "updated"))
    if what == "title":
        return retitle(tree, page, rng)
    path = tree.file_of(page)
    text = path.read_text(encoding="utf-8")
    if what == "description":
        value = f"{field(text, 'description')[:100]} About the {tree.fresh(rng.choice(WORDS))}."
    else:
        value = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))
    tree.write(path, set_field(text, what, value))
    return f"{page.url} {what} -> {value}"


def new_page_text(tree: ContentTree, rng: random.Random, title: str) -> str:
    kind = rng.choice(("answer", "news"))
    linked = rng.choice(tree.pages())
    front = [
        f"title: {json.dumps(title)}",
        f"description: {json.dumps(f'What to know about the {title.lower()}.')}",
        f"type: {kind}",
        f"organisation: {rng.choice(tree.organisations())}",
        f"topics: {json.dumps(rng.sample(tree.topics(), 2))}",
        f"updated: {dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(600))}",
    ]
    body = f"\nSee [{linked.title}]({linked.url}) first.\n\n## More\n\nA new page.\n"
    return join(front, body)


def edit_new_page(tree: ContentTree, rng: random.Random) -> str:
    slug = tree.fresh("new-page-")
    folder = tree.file_of(rng.choice(tree.pages(single_file=True))).parent
    title = f"New page {slug[len('new-page-') :]} about the {rng.choice(WORDS)}"
    tree.write(folder / f"{slug}.md", new_page_text(tree, rng, title))
    return f"new page /{slug}"


def edit_delete_page(tree: ContentTree, rng: random.Random) -> str | None:
    """Delete a page nothing links to; tries a few, since most pages are linked from others."""
    candidates = tree.pages(single_file=True)
    rng.shuffle(candidates)
    for page in candidates[:25]:
        tree.delete(tree.file_of(page))
        if tree.settle():
            return f"deleted {page.url}"
    return None


def relink(tree: ContentTree, old: str, new: str) -> None:
    """Point every link to `old` (a page's URL, or one of its parts) at `new`."""
    pattern = re.compile(r"(?<![\w/.-])" + re.escape(old) + r"(?=[)\]}\s,#?/\"']|$)", re.MULTILINE)
    for path in sorted(tree.root.rglob("*")):
        if path.suffix in (".md", ".yaml") and path.is_file():
            text = path.read_text(encoding="utf-8")
            changed = pattern.sub(new, text)
            if changed != text:
                tree.write(path, changed)


def edit_rename_slug(tree: ContentTree, rng: random.Random) -> str:
    """A new URL for a page, by `slug:` or by renaming its file, with its links updated."""
    page = tree.pick(rng, tree.pages(single_file=True))
    path = tree.file_of(page)
    new = tree.fresh(f"{page.slug[:30].rstrip('-')}-renamed-")
    if rng.random() < 0.5:
        tree.write(path, set_field(path.read_text(encoding="utf-8"), "slug", new))
        how = "slug:"
    else:
        text = path.read_text(encoding="utf-8")
        if field(text, "slug"):
            text = set_field(text, "slug", new)
        tree.write(path, text)
        tree.rename(path, path.with_name(f"{new}.md"))
        how = "file rename"
    relink(tree, page.url, f"/{new}")
    return f"{page.url} -> /{new} ({how})"


def edit_organisation_or_topic(tree: ContentTree, rng: random.Random) -> str:
    page = tree.pick(rng, [p for p in tree.pages() if p.type != "page"])
    path = tree.file_of(page)
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.5:
        organisation = rng.choice(tree.organisations())
        text = "\n".join(line for line in text.split("\n") if not line.startswith("organisations:"))
        tree.write(path, set_field(text, "organisation", organisation))
        return f"{page.url} organisation -> {organisation}"
    topics = rng.sample(tree.topics(), rng.randint(1, 2))
    tree.write(path, set_field(text, "topics", topics))
    return f"{page.url} topics -> {topics}"


def edit_related_link(tree: ContentTree, rng: random.Random) -> str:
    """Page A gains a related link to page B, and B a new title, which A's link shows."""
    a, b = rng.sample(tree.pages(), 2)
    path = tree.file_of(a)
    text = path.read_text(encoding="utf-8")
    related = [link for link in field(text, "related") or [] if link != b.url][:4]
    tree.write(path, set_field(text, "related", [*related, b.url]))
    return f"{a.url} related + {b.url}; " + retitle(tree, b, rng)


def edit_media(tree: ContentTree, rng: random.Random) -> str:
    """An image added to a page, one taken away, or one's file replaced by another picture."""
    with_images = [p for p in tree.pages(single_file=True) if p.meta.images]
    what = rng.choice(("add", "remove", "replace") if with_images else ("add",))
    if what == "replace":
        page = rng.choice(with_images)
        image = tree.file_of(page).parent / rng.choice(page.meta.images).file
        other = rng.choice([p for p in tree.pictures if p != image.read_bytes()])
        tree.write_bytes(image, other)
        return f"{page.url}: {image.name} replaced by another picture"
    if what == "remove":
        page = rng.choice(with_images)
        path = tree.file_of(page)
        gone = rng.choice(page.meta.images).file
        images = [image.model_dump(exclude_none=True) for image in page.meta.images]
        kept = [image for image in images if image["file"] != gone] or None
        text = set_field(path.read_text(encoding="utf-8"), "images", kept)
        tree.write(path, text.replace(f"[Image: {gone}]\n", ""))
        tree.delete(path.parent / gone)
        return f"{page.url}: image {gone} removed"
    page = tree.pick(rng, [p for p in tree.pages(single_file=True) if not p.meta.images])
    path = tree.file_of(page)
    name = f"{tree.fresh('picture-')}.png"
    tree.write_bytes(path.parent / name, rng.choice(tree.pictures))
    text = set_field(path.read_text(encoding="utf-8"), "images", [{"file": name, "alt": "A map"}])
    tree.write(path, text + f"\n[Image: {name}]\n")
    return f"{page.url}: image {name} added"


def edit_guide_part(tree: ContentTree, rng: random.Random) -> str | None:
    """A guide gains a part, loses one, or a part gets a new title (shown on every part)."""
    guides = [page for page in tree.pages() if page.type == "guide"]
    if not guides:
        return None
    guide = rng.choice(guides)
    index = tree.file_of(guide)
    text = index.read_text(encoding="utf-8")
    parts = list(field(text, "parts"))
    language = language_of(index.name)[1]  # a translated guide's parts are in its language
    what = rng.choice(("add", "remove", "retitle") if len(parts) > 1 else ("add", "retitle"))
    if what == "retitle":
        part = index.parent / translated_name(rng.choice(parts), language)
        title = f"Part about the {tree.fresh(rng.choice(WORDS))}"
        tree.write(part, set_field(part.read_text(encoding="utf-8"), "title", title))
        return f"{guide.url}: part {part.name} title -> {title!r}"
    if what == "remove":
        gone = rng.choice(parts)
        tree.write(index, set_field(text, "parts", [p for p in parts if p != gone]))
        tree.delete(index.parent / translated_name(gone, language))
        return f"{guide.url}: part {gone} removed"
    new = tree.fresh("part-")
    parts.insert(rng.randint(0, len(parts)), new)
    tree.write(index, set_field(text, "parts", parts))
    part = index.parent / translated_name(new, language)
    tree.write(part, f"---\ntitle: Part {new}\n---\nWhat {new} says.\n")
    return f"{guide.url}: part {new} added"


STEP_LINK = re.compile(r"^( +- )\{text: .*\bpath: .*\}$", re.MULTILINE)


def edit_step_link(tree: ContentTree, rng: random.Random) -> str | None:
    """A step of a step-by-step gains a link to a page (or loses one): that page's sidebar
    changes though its own file does not."""
    steps = [page for page in tree.pages() if page.type == "step-by-step"]
    if not steps:
        return None
    step_by_step, page = rng.choice(steps), rng.choice(tree.pages())
    path = tree.file_of(step_by_step)
    text = path.read_text(encoding="utf-8")
    links = list(STEP_LINK.finditer(text))
    link = rng.choice(links)
    if rng.random() < 0.3:
        tree.write(path, text[: link.start()] + text[link.end() + 1 :])
        return f"{step_by_step.url} step link removed: {link[0].strip()}"
    new = f"{link[1]}{{text: {json.dumps(page.title)}, path: {page.url}}}"
    tree.write(path, text[: link.end()] + "\n" + new + text[link.end() :])
    return f"{step_by_step.url} step link + {page.url}"


def edit_redirect(tree: ContentTree, rng: random.Random) -> str:
    page = rng.choice(tree.pages())
    old = "/" + tree.fresh("old-address-")
    if rng.random() < 0.5:
        redirects = tree.root / "redirects.yaml"
        text = redirects.read_text(encoding="utf-8")
        tree.write(redirects, text + f"- {{from: {old}, to: {page.url}}}\n")
        return f"redirects.yaml {old} -> {page.url}"
    path = tree.file_of(page)
    text = path.read_text(encoding="utf-8")
    tree.write(path, set_field(text, "redirect_from", [*(field(text, "redirect_from") or []), old]))
    return f"{page.url} redirect_from + {old}"


def edit_synonyms(tree: ContentTree, rng: random.Random) -> str:
    path = tree.root / "search.yaml"
    group = [tree.fresh(rng.choice(WORDS)), rng.choice(WORDS)]
    text = path.read_text(encoding="utf-8")
    tree.write(path, text.replace("synonyms:\n", f"synonyms:\n  - [{', '.join(group)}]\n", 1))
    return f"synonyms + {group}"


def edit_new_translation(tree: ContentTree, rng: random.Random) -> str | None:
    """A Welsh translation of a page that has none: its original's listings, switcher and
    hreflang links change though the original's file does not."""
    translated = {page.original_url for page in tree.pages() if page.is_translation}
    candidates = [
        page
        for page in tree.pages(single_file=True)
        if not page.is_translation and page.url not in translated
    ]
    if not candidates:
        return None
    page = tree.pick(rng, candidates)
    path = tree.file_of(page)
    # the original's old paths stay its own
    text = set_field(path.read_text(encoding="utf-8"), "redirect_from", None)
    text = set_field(text, "title", f"Cymraeg: {page.title[:50]}")
    if rng.random() < 0.5:  # made from an older version: check warns, every build alike
        text = set_field(text, "updated", page.meta.updated - dt.timedelta(days=1))
    tree.write(path.with_name(f"{path.name[: -len('.md')]}.cy.md"), text)
    return f"new translation /cy{page.url}"


def edit_delete_translation(tree: ContentTree, rng: random.Random) -> str | None:
    translations = [page for page in tree.pages() if page.is_translation]
    if not translations:
        return None
    page = rng.choice(translations)
    files = [Path(part.source.path) for part in page.parts] or [tree.file_of(page)]
    for path in files:
        tree.delete(path)
    return f"deleted translation {page.url}"


def edit_today(tree: ContentTree, rng: random.Random) -> str:
    tree.today = rng.choice([day for day in DAYS if day != tree.today])
    return f"today -> {tree.today}"


def edit_code(tree: ContentTree, rng: random.Random) -> str:
    """A change to the code the cache fingerprints (templates, Python, settings): the probe file
    that the test adds to the fingerprinted files."""
    tree.code_probe.write_text(f"code version {tree.fresh('')}\n", encoding="utf-8")
    return "code (template) changed"


EDITS: dict[str, Callable[[ContentTree, random.Random], str | None]] = {
    "body": edit_body,
    "front matter": edit_front_matter,
    "new page": edit_new_page,
    "deleted page": edit_delete_page,
    "renamed slug": edit_rename_slug,
    "organisation or topic": edit_organisation_or_topic,
    "related link": edit_related_link,
    "step-by-step link": edit_step_link,
    "media": edit_media,
    "guide part": edit_guide_part,
    "new translation": edit_new_translation,
    "deleted translation": edit_delete_translation,
    "redirect": edit_redirect,
    "synonyms": edit_synonyms,
    "today": edit_today,
    "template": edit_code,
}


def apply(tree: ContentTree, name: str, rng: random.Random) -> str | None:
    """Make one edit and keep it if the tree stays valid; its description, or None if skipped."""
    today = tree.today
    description = EDITS[name](tree, rng)
    if description is None or not tree.settle():
        tree.today, tree.changed = today, set()
        return None
    return description

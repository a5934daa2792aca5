"""Problems, headings, links and context lookups: what the caller gets besides HTML."""

from bs4 import BeautifulSoup
from fixture_context import fixture_context

from app.markdown import (
    Heading,
    MarkdownContext,
    Problem,
    parse,
    render_markdown,
    render_parsed,
    split_at_first_h2,
)

RAW = "raw HTML (<{}>) is not allowed in content: "
DIV = RAW.format("div") + (
    "remove the tags and keep the text; for a box use a Govspeak block such as `$CTA` or `^…^`"
)
BOLD = RAW.format("b") + "write bold as `**words**` (sparingly)"
BREAK = RAW.format("br") + (
    "start a new paragraph with a blank line, or end the line with two spaces"
)


def problems(source: str, context: MarkdownContext | None = None) -> list[Problem]:
    return render_markdown(source, context or fixture_context()).problems


def test_raw_html_block_reported_at_its_line() -> None:
    assert problems("Intro.\n\n<div>\nx\n</div>\n") == [Problem(3, DIV)]


def test_inline_html_reported_on_the_line_it_is_on() -> None:
    source = "First line\nsecond <b>bold</b> and <i>it</i>\nthird <br>\n"
    assert problems(source) == [Problem(2, BOLD), Problem(3, BREAK)]


def test_a_comment_is_no_problem_but_html_beside_it_is() -> None:
    source = (
        "<!-- a note\nover two lines -->\n\nText <!-- style: ignore all-caps -->\n\n"
        "<!-- x --> <b>\n"
    )
    found = problems(source)
    assert [(p.line, p.message.startswith("raw HTML (")) for p in found] == [(6, True)]


def test_raw_html_inside_a_block_and_a_table() -> None:
    source = "$CTA\nText\n\n<span>x</span>\n$CTA\n\n| a |\n| - |\n| <b>b</b> |\n"
    assert [p.line for p in problems(source)] == [4, 9]


def test_unknown_image_attachment_and_contact() -> None:
    source = (
        "[Image: nope.png]\n\nText [AttachmentLink: nope.pdf]\n\n"
        "[Attachment: x.pdf]\n\n[Contact: who]\n"
    )
    found = problems(source)
    assert [p.line for p in found] == [1, 3, 5, 7]
    assert found[0].message == (
        "image nope.png is not in this page's `images:` front matter: add it there with alt text"
    )
    assert "attachment nope.pdf is not in this page's `attachments:`" in found[1].message
    assert "contact who does not exist" in found[3].message


def test_govspeaks_older_embeds_not_found_are_reported_at_their_lines() -> None:
    source = (
        "Intro\n\nSee [embed:attachments:inline: nope.pdf]\n\n[embed:attachments:image:x.png]\n\n"
        "| Sign | Meaning |\n| --- | --- |\n| [embed:attachments:image:y.png] | z |\n"
    )
    found = problems(source)
    assert [p.line for p in found] == [3, 5, 9]
    assert "attachment nope.pdf is not in this page's `attachments:`" in found[0].message
    assert "image x.png is not in this page's `images:`" in found[1].message
    assert "image y.png is not in this page's `images:`" in found[2].message


def test_an_embedded_link_by_content_id_is_reported_and_its_text_kept() -> None:
    out = render_markdown("Intro\n\nSee [embed:link:5572fee5-f38f]\n", fixture_context())
    assert [p.line for p in out.problems] == [3]
    assert "[embed:link:5572fee5-f38f] links to a GOV.UK content id" in out.problems[0].message
    assert "write a Markdown link instead" in out.problems[0].message
    assert "[embed:link:5572fee5-f38f]" in BeautifulSoup(out.html, "html.parser").get_text()


def test_a_link_definitions_attribute_not_allowed_is_reported_at_its_line() -> None:
    source = '[Rules][r]\n\n[r]: /rules\n{: .note}\n{: onclick="go()"}\n'
    out = render_markdown(source, fixture_context())
    assert [p.line for p in out.problems] == [5]
    assert 'the link attribute onclick="go()" is not allowed' in out.problems[0].message
    assert "onclick" not in out.html and 'class="note govuk-link"' in out.html


def test_inline_attachment_line_counts_soft_breaks() -> None:
    assert [p.line for p in problems("One\ntwo\nthree [AttachmentLink: a.pdf]\n")] == [3]


def test_unclosed_blocks_are_reported() -> None:
    found = problems("Intro\n\n$CTA\nNever closed\n")
    assert found == [Problem(3, "the $CTA block is not closed: add a line $CTA where it ends")]
    assert [p.line for p in problems(":wales:\nx\n")] == [1]
    assert [p.line for p in problems("$LegislativeList\n* 1. x\n")] == [1]
    assert [p.line for p in problems("{stat-headline}\nx\n")] == [1]
    assert [p.line for p in problems("$A\nx\n")] == [1]


def test_missing_internal_links_reported_with_their_line() -> None:
    pages = {"/vehicle-tax", "/forms/apply"}
    checked: list[str] = []

    def link_exists(path: str) -> bool:
        checked.append(path)
        return path in pages

    context = MarkdownContext(link_exists=link_exists)
    source = (
        "[Tax](/vehicle-tax?x=1#rates)\n\n"
        "- [Nope](/nope)\n\n"
        "$CTA\n{button start}[Start](/forms/apply){/button}\n$CTA\n\n"
        "Text[^1]\n\n[^1]: See [old](/old#a).\n"
    )
    rendered = render_markdown(source, context)
    assert checked == ["/vehicle-tax", "/nope", "/forms/apply", "/old"]
    assert rendered.problems == [
        Problem(3, "link to /nope, which is not a page: check the path or remove the link"),
        Problem(11, "link to /old, which is not a page: check the path or remove the link"),
    ]
    assert rendered.links == [
        (1, "/vehicle-tax?x=1#rates"),
        (3, "/nope"),
        (6, "/forms/apply"),
        (11, "/old#a"),
    ]


def test_external_and_fragment_links_are_not_collected() -> None:
    rendered = render_markdown("[a](https://x.example/) [b](#top) [c](//cdn.example/x)\n")
    assert rendered.links == []


def test_links_are_not_checked_without_link_exists() -> None:
    assert render_markdown("[a](/missing)\n").problems == []


def test_headings_collected_with_unique_ids() -> None:
    source = "## Fees\n\n### What you pay\n\n## Fees\n\n## Fees 1\n\n## *Ask* the `VA`?\n"
    assert render_markdown(source).headings == [
        Heading(2, "fees", "Fees"),
        Heading(3, "what-you-pay", "What you pay"),
        Heading(2, "fees-1", "Fees"),
        Heading(2, "fees-1-1", "Fees 1"),
        Heading(2, "ask-the-va", "Ask the VA?"),
    ]


def test_heading_ids_are_unique_in_the_html() -> None:
    html = render_markdown("## A\n\n## A\n\n$I\n## A\n$I\n\n## !!!\n").html
    ids = [tag["id"] for tag in BeautifulSoup(html, "html.parser").select("[id]")]
    assert ids == ["a", "a-1", "a-2", "section"]


def test_split_at_first_h2_for_start_pages() -> None:
    tokens, env = parse("Intro text.[^1]\n\n## Before you start\n\nMore.\n\n[^1]: Note.\n")
    before, after = split_at_first_h2(tokens)
    intro = render_parsed(before, env)
    rest = render_parsed(after, env)
    assert intro.startswith('<p class="govuk-body">Intro text.<sup')
    assert rest.startswith('<h2 id="before-you-start" class="govuk-heading-l">')
    assert '<div class="footnotes">' in rest
    # Rendering twice must not double any class.
    assert render_parsed(before, env) == intro


def test_h2_inside_a_block_does_not_split() -> None:
    tokens, _ = parse("$I\n## Inner\n$I\n\nText\n")
    assert split_at_first_h2(tokens)[1] == []


def test_each_call_has_its_own_state() -> None:
    first = render_markdown("*[VA]: Vehicle Agency\n\nVA\n\n<b>x</b>\n")
    second = render_markdown("VA\n")
    assert "<abbr" in first.html and "<abbr" not in second.html
    assert first.problems and not second.problems


def test_site_host_decides_what_is_external() -> None:
    link = "[a](https://www.gov.nm.example/x)\n"
    assert 'rel="external"' in render_markdown(link).html
    own = MarkdownContext(site_host="www.gov.nm.example")
    assert 'rel="external"' not in render_markdown(link, own).html


def test_attachment_sizes() -> None:
    from app.markdown.attachments import human_size

    assert [human_size(n) for n in (1, 999, 2048, 245_760, 1_572_864, 5 * 1024**3)] == [
        "1 byte",
        "999 bytes",
        "2 KB",
        "240 KB",
        "1.5 MB",
        "5 GB",
    ]


def test_unsafe_links_are_reported_at_their_lines_and_not_linked() -> None:
    source = "Fine.\n[a](javascript:alert(1))\n\n<vbscript:x>\n\n[d](data:image/png;base64,AA)\n"
    rendered = render_markdown(source, fixture_context())
    assert [(p.line, p.message.split(":")[0]) for p in rendered.problems] == [
        (2, "a javascript"),
        (4, "a vbscript"),
        (6, "a data"),
    ]
    assert "<a " not in rendered.html and "href" not in rendered.html


def test_mailto_links_are_links_and_not_external() -> None:
    rendered = render_markdown("[email us](mailto:help@agency.gov.example)\n", fixture_context())
    assert '<a href="mailto:help@agency.gov.example" class="govuk-link">' in rendered.html
    assert rendered.problems == []


def test_a_link_attribute_that_could_run_code_is_reported_and_left_out() -> None:
    rendered = render_markdown('Text\n[a](/x){: onclick="go()" .big}\n', fixture_context())
    assert "onclick" not in rendered.html and 'class="big govuk-link"' in rendered.html
    assert [p.line for p in rendered.problems] == [2]
    assert 'onclick="go()"' in rendered.problems[0].message


def test_footnotes_that_would_not_be_shown_are_reported_with_their_text() -> None:
    source = "Text[^a].\n\n[^a]: first words\n[^a]: second words\n[^b]: never used\n"
    found = problems(source)
    assert [p.line for p in found] == [3, 5]
    assert "first words" in found[0].message and "defined again" in found[0].message
    assert "never used" in found[1].message and "never referred to" in found[1].message


def test_unsuitable_characters_are_stripped_and_lines_kept() -> None:
    rendered = render_markdown("a\x08b\ufffe\n\n<i>\U0002ffff\n", fixture_context())
    assert rendered.html.startswith('<p class="govuk-body">ab</p>')
    assert [p.line for p in rendered.problems] == [3]


def test_a_link_definition_no_link_uses_or_defined_twice_is_reported_with_its_words() -> None:
    source = '[x][used]\n\n[used]: /a\n[spare]: /rules "Road rules"\n[used]: /b "Second"\n'
    found = problems(source)
    assert [(p.line, p.warning) for p in found] == [(4, True), (5, True)]
    assert '[spare]: /rules "Road rules" is not used by any link' in found[0].message
    assert '[used]: /b "Second" defines a name already defined above' in found[1].message

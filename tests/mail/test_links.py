"""Links in an email are absolute, from the portal's configured public address (BASE_URL here,
else site.yaml's base_url: the one the embed snippet and OpenAPI's servers use): the confirmation
sent to a real SMTP server on loopback, read in its HTML and plain text parts."""

from __future__ import annotations

import pytest

from app.forms.registry import load_form
from app.mail.cli import settings_for
from app.mail.links import absolute_text
from app.mail.worker import send_due
from app.store import dispose, get_engine

from .conftest import T0, make_app, write_content
from .test_worker import parts, submit

BASE_URL = "https://forms.gov.nm.example"
NEXT_STEPS = """\
We will clear the road. [Contact us](/contact) or read [what to do][help].

![A cleared road](/images/road.png) See [the council](https://council.example/trees) and
[below](#below), or [the other site](//cdn.example/x).

[help]: /fallen-trees/what-to-do
"""


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # the links, not the store
def test_every_site_relative_link_in_the_email_is_absolute(database_url, tmp_path, smtp_server):
    content = write_content(tmp_path / "content", confirmation=NEXT_STEPS)
    app = make_app(database_url, content, tmp_path, SMTP_PORT=smtp_server.port, BASE_URL=BASE_URL)
    try:
        with app.app_context():
            engine = get_engine(app)
            submit(engine, load_form("report-a-fallen-tree"), now=T0)
            assert send_due(engine, settings_for(app), now=T0).sent == 1
    finally:
        dispose(app)
    [message] = smtp_server.messages
    text, html = parts(message)
    links = {a.get_text(): a["href"] for a in html.select(".mail-next-steps a")}
    assert links == {
        "Contact us": f"{BASE_URL}/contact",
        "what to do": f"{BASE_URL}/fallen-trees/what-to-do",
        "the council": "https://council.example/trees",
        "below": "#below",
        "the other site": "//cdn.example/x",
    }
    assert html.select_one(".mail-next-steps img")["src"] == f"{BASE_URL}/images/road.png"
    assert html.select("p a")[-1]["href"] == BASE_URL  # "sent automatically by …"
    assert f"[Contact us]({BASE_URL}/contact)" in text
    assert f"![A cleared road]({BASE_URL}/images/road.png)" in text
    assert f"[help]: {BASE_URL}/fallen-trees/what-to-do" in text
    assert "[the council](https://council.example/trees)" in text
    assert "[below](#below)" in text and "[the other site](//cdn.example/x)" in text


def test_without_a_public_address_the_markdown_is_left_as_written():
    assert absolute_text(NEXT_STEPS, "") == NEXT_STEPS

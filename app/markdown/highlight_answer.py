"""Highlighted answers: `{::highlight-answer}` … `{:/highlight-answer}`, Govspeak's box for the
one answer a page gives (a smart answer's result, "You can get up to £200")."""

from __future__ import annotations

from app.markdown.block_helpers import fenced_div_plugin

highlight_answer_plugin = fenced_div_plugin(
    "highlight_answer", "{::highlight-answer}", "{:/highlight-answer}", "highlight-answer"
)

"""Statistic headlines: `{stat-headline}*13.8bn* years{/stat-headline}`."""

from __future__ import annotations

from app.markdown.block_helpers import fenced_div_plugin

stat_headline_plugin = fenced_div_plugin(
    "stat_headline", "{stat-headline}", "{/stat-headline}", "stat-headline"
)

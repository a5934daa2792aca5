"""What the outbox's worker commands' doc tests share."""

from __future__ import annotations

import click


def documented_options(command: click.Command, doc: str) -> set[str]:
    """The command's long options, each checked to be in the doc's `flask --app app` lines."""
    options = {o for param in command.params for o in param.opts if o.startswith("--")}
    usage = "\n".join(line for line in doc.splitlines() if line.startswith("flask --app app"))
    for option in options:
        assert option in usage, option
    return options

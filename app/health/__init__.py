"""Whether a server is well: /healthz and /readyz for probes (web.py), `flask doctor` for the
operator (doctor.py), both from the same checks (checks.py)."""

from __future__ import annotations

from flask import Flask


def init_health(app: Flask) -> None:
    from .doctor import doctor_command
    from .web import init_health_web

    init_health_web(app)
    app.cli.add_command(doctor_command)

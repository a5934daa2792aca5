"""The JSON API under /api/v1: one error shape (errors.py); the search routes live with search
(app/search/web.py), forms and submissions will join them."""

from __future__ import annotations

from flask import Flask

from .errors import ApiError, FieldError, InvalidParameters, problem_response

__all__ = ["ApiError", "FieldError", "InvalidParameters", "init_api", "problem_response"]


def init_api(app: Flask) -> None:
    from .errors import init_api_errors
    from .openapi import init_openapi
    from .submissions import init_agency_api

    init_agency_api(app)
    init_openapi(app)
    init_api_errors(app)

"""The JSON API under /api/v1: one error shape (errors.py) and one OpenAPI document (openapi.py)
for the public forms routes (forms.py), the agency's bearer-key routes (agency_routes.py) and the
search routes, which live with search (app/search/web.py)."""

from __future__ import annotations

from flask import Flask

from .errors import ApiError, FieldError, InvalidParameters, problem_response

__all__ = ["ApiError", "FieldError", "InvalidParameters", "init_api", "problem_response"]


def init_api(app: Flask) -> None:
    from .agency_routes import init_agency_api
    from .cors import init_cors
    from .errors import init_api_errors
    from .files import init_files_api
    from .forms import init_forms_api
    from .json_body import init_json_body
    from .language import init_api_language
    from .openapi import init_openapi
    from .options import init_options
    from .reference import init_reference

    init_api_language(app)
    init_json_body(app)
    init_cors(app)
    init_options(app)
    init_forms_api(app)
    init_files_api(app)
    init_agency_api(app)
    init_reference(app)
    init_openapi(app)
    init_api_errors(app)

"""Portal: one GOV.UK-style website for every agency of a government.

`create_app(config=None)` makes the Flask app. Settings come from defaults, PORTAL_* environment
variables (read now, not at import) and the `config` dict. With `config["SITE"]` (a loaded content
Site) the app renders the site blueprint for the build to freeze; without it, it serves dist/
and the dynamic routes (search, the JSON API), with the site's settings read from CONTENT_DIR.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from .config import load_config


def create_app(config: dict[str, Any] | None = None) -> Flask:
    settings = load_config(config)
    app = Flask(__name__, static_folder=None)
    app.config.update(settings)
    if settings.get("SITE") is None and not making_app_for_a_command():
        from .startup import refuse_unsafe_settings

        refuse_unsafe_settings(app.config)  # the service, about to serve: not with these

    from .jinja import init_jinja

    init_jinja(app)
    site = settings.get("SITE")
    if site is not None:
        from .site import init_site

        init_site(app, site, settings.get("SITE_DATA"))
    else:
        init_serving(app)
    from .i18n.web import load_languages

    load_languages(app)  # the site's language is known now
    return app


def making_app_for_a_command() -> bool:
    """Whether the `flask` command line is making this app for a command other than `flask run`
    (`flask deliver`, `flask agency`, `flask doctor`…): those serve no requests, so the start-up
    refusals (app/startup.py) are left to the servers, and `flask doctor` can report them.
    Flask makes the app for such a command while resolving its name, in the group's context;
    `flask run` makes it inside its own."""
    import click
    from flask.cli import FlaskGroup

    context = click.get_current_context(silent=True)
    if context is None:
        return False
    return isinstance(context.find_root().command, FlaskGroup) and context.info_name != "run"


def init_serving(app: Flask) -> None:
    """The running service: the built files, and the dynamic pages and API beside them."""
    from .body_limits import init_body_limits
    from .client_address import init_client_address
    from .csrf import init_csrf
    from .hosts import init_hosts
    from .languages import init_languages
    from .logs import configure_logging
    from .ratelimit import init_ratelimit
    from .request_log import init_request_log
    from .security import init_security
    from .site_settings import init_site_settings
    from .uploads.web import init_uploads

    configure_logging()  # JSON lines, unless the server has set its logging up (gunicorn)
    init_client_address(app)  # wraps the whole app: every hook sees the client's address
    init_request_log(app)  # first: its hooks see every request, refused ones included
    init_security(app)  # headers on every response, the built files included
    settings = init_site_settings(app)
    init_languages(app, settings, service=True)  # /cy/search: g.language, and the prefix kept
    init_hosts(app)  # before every other request hook: an unknown Host is refused first
    init_body_limits(app)  # before anything reads a form
    init_uploads(app)  # a file question's page may post more: before the CSRF check reads it
    init_ratelimit(app)
    init_csrf(app)  # before the forms' pages and the blueprints exempt from it
    init_service_routes(app)


def init_service_routes(app: Flask) -> None:
    """What answers the service's requests: its routes with their error pages and commands.
    Nothing here reads a file or a store, so app/reserved_urls.py reads the routes from it."""
    from .api import init_api
    from .delivery import init_app as init_delivery
    from .error_pages import init_error_pages
    from .feedback import init_feedback
    from .feedback_forms import init_feedback_forms
    from .forms.deletion import init_deletion
    from .forms.developers import init_developers
    from .forms.embed import init_embed
    from .forms.save_return import init_save_return
    from .forms.web import init_forms_web
    from .health import init_health
    from .mail import init_app as init_mail
    from .metrics.web import init_metrics
    from .search.web import init_search_web
    from .static_site import init_static_site
    from .store import init_app as init_store

    init_static_site(app)
    init_health(app)  # /healthz, /readyz and `flask doctor`
    init_metrics(app)  # /metrics
    init_error_pages(app)  # the site's layout for every other error, outside /api/
    init_search_web(app)
    init_forms_web(app)
    init_embed(app)
    init_deletion(app)
    init_save_return(app)
    init_developers(app)
    init_feedback(app)
    init_feedback_forms(app)  # "what went wrong" and the site's feedback: with CSRF
    init_store(app)  # the `flask forms` commands; the database opens on first use
    init_delivery(app)  # `flask deliver`
    init_mail(app)  # `flask mail`
    init_api(app)  # last: on /api/ paths its error handlers take over from the site's pages

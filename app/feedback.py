"""Answers to "Is this page useful?" at the foot of every page.

    POST /feedback            {path, useful=yes|no} from a built page: stored, then 303 to
    GET  /feedback/thanks     a thank-you page with a link back to the page
                              (a path that is not a built page: thanked, not stored);
                              a "no" goes to /feedback/what-went-wrong first (feedback_forms.py)
    flask --app app feedback summary [--days N]    yes and no counts per page, what went wrong
                              on each, and the feedback on the whole site
    flask --app app feedback purge    deletes the feedback holding an email address once it is
                              90 days old (app/store/feedback.py: EMAIL_RETENTION_DAYS)

The built pages are static files, so their form cannot carry a CSRF token; the post is exempt.
What it stores (a page's path, yes or no, the time) is anonymous and harmless, and posts are rate
limited per client like the API's public writes.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import click
from flask import Blueprint, Flask, make_response, redirect, render_template, request
from flask.cli import AppGroup

from app.csrf import csrf
from app.ratelimit import limiter, public_writes
from app.static_site import is_built_page
from app.store import feedback as store
from app.store import get_engine

bp = Blueprint("feedback", __name__)
# A path on this site: one leading slash (not two, which would be another host), no spaces or
# control characters, no more than the column holds.
SITE_PATH = re.compile(r"^/(?!/)[^\s\x00-\x1f\x7f\\]{0,499}$")
ANSWERS = {"yes": True, "no": False}


def site_path(value: str | None) -> str | None:
    return value if value and SITE_PATH.match(value) else None


def page_path(value: str | None) -> str | None:
    """`value` when it is the address of a page the build wrote (in DIST_DIR now), else None:
    only those pages have the buttons, so only their answers are stored."""
    path = site_path(value)
    return path if path is not None and is_built_page(path) else None


@bp.post("/feedback")
@limiter.limit(public_writes)
def receive():
    path = site_path(request.form.get("path"))
    useful = ANSWERS.get(request.form.get("useful", ""))
    if path is None or useful is None:
        # Only a hand-made or damaged post gets here: the page's own buttons send both.
        return render_template("feedback/not_recorded.html"), 400
    if not is_built_page(path):
        # A page gone in a rebuild while it was open, or a made-up post: thanked as usual
        # (a citizen did nothing wrong), with no link back to it, and nothing stored.
        return redirect("/feedback/thanks", code=303)
    store.record(get_engine(), path, useful, dt.datetime.now(dt.UTC))
    if not useful:  # then ask what was wrong (app/feedback_forms.py), as GOV.UK does
        return redirect(f"/feedback/what-went-wrong?{urlencode({'path': path})}", code=303)
    return redirect(f"/feedback/thanks?{urlencode({'path': path})}", code=303)


@bp.get("/feedback/thanks")
def thanks():
    response = make_response(
        render_template("feedback/thanks.html", back=page_path(request.args.get("path")))
    )
    response.headers["Cache-Control"] = "no-store"
    return response


feedback_cli = AppGroup(
    "feedback", help="Answers to 'Is this page useful?', what went wrong, feedback on the site."
)


@feedback_cli.command("summary")
@click.option(
    "--days",
    type=click.IntRange(min=1),
    default=None,
    help="only the answers of the last DAYS days (default: all)",
)
def summary_command(days: int | None) -> None:
    """Yes and no counts per page, the pages with the most 'no' answers first; then what went
    wrong on each page, and the feedback on the whole site, newest first."""
    since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days else None
    engine = get_engine()
    rows = store.tally(engine, since)
    problems = store.problems(engine, since)
    site = store.site_feedback_since(engine, since)
    if not (rows or problems or site):
        click.echo("No answers yet.")
        return
    if rows:
        width = max(len(row.path) for row in rows)
        click.echo(f"{'page':<{width}}  {'yes':>6}  {'no':>6}")
        for row in rows:
            click.echo(f"{row.path:<{width}}  {row.useful:>6}  {row.not_useful:>6}")
    if problems:
        click.echo(f"\nWhat went wrong ({len(problems)} answers)")
        path = None
        for problem in problems:
            if problem.path != path:
                path = problem.path
                click.echo(f"\n{path}")
            click.echo(f"  {_when(problem.created_at)}  doing: {_line(problem.doing)}")
            click.echo(f"  {'':16}  wrong: {_line(problem.went_wrong)}")
    if site:
        click.echo(f"\nFeedback on the site ({len(site)})\n")
        for feedback in site:
            reply = f"  (reply to {feedback.email})" if feedback.email else ""
            click.echo(f"  {_when(feedback.created_at)}  {_line(feedback.message)}{reply}")


@feedback_cli.command("purge")
def purge_command() -> None:
    """Delete the feedback that holds an email address (a reply address, or one typed into an
    answer) once it is older than the retention period; the rest is kept."""
    gone = store.purge_email_addresses(get_engine(), dt.datetime.now(dt.UTC))
    click.echo(
        f"Deleted {gone} feedback answer{'s' * (gone != 1)} holding an email address, older "
        f"than {store.EMAIL_RETENTION_DAYS} days."
    )


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def _line(text: str) -> str:
    """What a person typed, on one line: a newline typed cannot look like another answer."""
    return " ".join(text.split()) or "-"


def init_feedback(app: Flask) -> None:
    csrf.exempt(bp)
    app.register_blueprint(bp)
    app.cli.add_command(feedback_cli)

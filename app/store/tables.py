"""The storage tables (SQLAlchemy Core). Changing them needs a new revision in migrations/versions/.

Times are stored in UTC and always come back timezone-aware, on SQLite (which keeps no zone) as on
PostgreSQL.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "pk": "pk_%(table_name)s",
    }
)


class UtcDateTime(sa.TypeDecorator):
    """A timezone-aware datetime, stored in UTC; naive values are refused, not guessed."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store timezone-aware datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


drafts = sa.Table(
    "drafts",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("form_version", sa.Integer, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("reference", sa.String(8), primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False, index=True),
    sa.Column("form_version", sa.Integer, nullable=False),
    sa.Column("answers", sa.JSON, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("retention_until", UtcDateTime, nullable=False, index=True),
    # The draft this came from: unique, so a retried submit of one draft finds the first submission.
    sa.Column("draft_id", sa.String(64), nullable=True, unique=True),
)

# What the citizen needs to delete their own submission: the hash of the deletion code that the
# confirmation page showed them (repository.deletion_code_for). API submissions have none.
submissions.append_column(sa.Column("deletion_code_hash", sa.String(64), nullable=True))

# SHA-256 of the secret the citizen's cookie holds once the draft is sent: the confirmation page
# finds the submission by it (never by the draft's id, which someone else may have planted or
# seen). The deletion code is worked out from the same secret. API submissions have none.
submissions.append_column(sa.Column("confirmation_hash", sa.String(64), nullable=True, unique=True))

# Test mode: made with a test key (`portal_test_…`), kept a day, delivered only to the form's
# test webhook, listed only to test keys (docs/agency-keys.md).
submissions.append_column(
    sa.Column("is_test", sa.Boolean, nullable=False, server_default=sa.false())
)

# The language the citizen used (BCP 47, as site.yaml's `languages`): the agency sees it, and
# the emails are written in it. Null on submissions made before it was recorded (0011).
submissions.append_column(sa.Column("language", sa.String(16), nullable=True))

# A retried API submit: the same form, Idempotency-Key and body give back the first submission.
# Written in the submission's transaction; deleted with it (erasure, retention).
idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("form_id", sa.String(100), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column(
        "reference",
        sa.String(8),
        sa.ForeignKey(
            "submissions.reference", ondelete="CASCADE", name="fk_idempotency_keys_reference"
        ),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", UtcDateTime, nullable=False),
)

# The outbox: one row for each submission of a form with a `delivery` webhook, written in the
# submission's transaction, so that no stored submission goes undelivered. `flask deliver` claims
# due rows (next_attempt_at), posts them, and records each try in delivery_attempts.
deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "reference",
        sa.String(8),
        sa.ForeignKey("submissions.reference", ondelete="CASCADE", name="fk_deliveries_reference"),
        nullable=False,
        unique=True,
    ),
    sa.Column("form_id", sa.String(100), nullable=False),
    # The Standard Webhooks `webhook-id`: the same on every try, so the receiver can drop repeats.
    sa.Column("message_id", sa.String(64), nullable=False, unique=True),
    sa.Column("status", sa.String(16), nullable=False),  # pending, delivered or failed
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", UtcDateTime, nullable=True, index=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("delivered_at", UtcDateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
)

delivery_attempts = sa.Table(
    "delivery_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "delivery_id",
        sa.Integer,
        sa.ForeignKey("deliveries.id", ondelete="CASCADE", name="fk_delivery_attempts_delivery_id"),
        nullable=False,
        index=True,
    ),
    # When the attempt began and when it ended (the answer read, or the failure): the next
    # attempt is scheduled from the end. `attempted_at` is the end, as agencies have always read it.
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("status_code", sa.Integer, nullable=True),  # None: no HTTP answer (refused, timeout)
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("duration_ms", sa.Integer, nullable=False),
)

# Agency API keys: the key is shown once by `flask agency create-key`; only its SHA-256 is kept.
# `id` is the key's public prefix, to name it in listings and revoke it.
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("organisation", sa.String(100), nullable=False, index=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("label", sa.String(200), nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("revoked_at", UtcDateTime, nullable=True),
    sa.Column("last_used_at", UtcDateTime, nullable=True),
    # A test key (`portal_test_…`): its submissions are tests, and it sees only tests.
    sa.Column("is_test", sa.Boolean, nullable=False, server_default=sa.false()),
)

# "Is this page useful?" answers from the foot of every page: which page, yes or no, when. Nothing
# that names the person who answered.
page_feedback = sa.Table(
    "page_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.String(500), nullable=False, index=True),
    sa.Column("useful", sa.Boolean, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False, index=True),
)

# What went wrong on a page, asked after "Is this page useful? No": the two answers as typed, the
# page, when. Nothing else: no link to the "no" itself, the visitor or their address.
page_problems = sa.Table(
    "page_problems",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("path", sa.String(500), nullable=False, index=True),
    sa.Column("doing", sa.Text, nullable=False),
    sa.Column("went_wrong", sa.Text, nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False, index=True),
)

# Feedback on the whole site, from the phase banner's "giving feedback": the message and, only if
# the person gave it for a reply, an email address.
site_feedback = sa.Table(
    "site_feedback",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("created_at", UtcDateTime, nullable=False, index=True),
)

# Drafts saved to come back to later (app/forms/save_return.py): the reference the citizen types
# with their resume code (only the code's hash is kept; none when they chose an emailed link).
# The draft then lives the form's `save_and_return.days`; this row goes with it (purge, submit),
# and follows it when its id changes (the draft moves to the browser that resumes it).
saved_drafts = sa.Table(
    "saved_drafts",
    metadata,
    sa.Column("reference", sa.String(8), primary_key=True),
    sa.Column(
        "draft_id",
        sa.String(64),
        sa.ForeignKey(
            "drafts.id",
            ondelete="CASCADE",
            onupdate="CASCADE",
            name="fk_saved_drafts_draft_id",
        ),
        nullable=False,
        unique=True,
    ),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("code_hash", sa.String(64), nullable=True),
    sa.Column("saved_at", UtcDateTime, nullable=False),
)

# One-time links to resume a saved draft, sent by email. The token in the link is an HMAC of the
# row's id under SECRET_KEY (the mail worker makes it again to write the email); only the token's
# SHA-256 is kept. A link outlives neither its expiry (the draft's, when it was sent) nor one use;
# the row stays until its expiry, after use too, so a second click is told "already used".
resume_links = sa.Table(
    "resume_links",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("reference", sa.String(8), nullable=False),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=False, index=True),
    sa.Column("used_at", UtcDateTime, nullable=True),
)

# The mail outbox (app/mail): one row for each email a citizen's submission is to get (the
# confirmation with the reference, a copy of the answers), written in the submission's
# transaction, so the citizen never waits for the mail server and no submission loses its email.
# `flask mail` claims due rows, sends them by SMTP and records each try in email_attempts. The
# recipient is erased once the email is sent or given up: an address given only for the copy is
# kept no longer than it takes to send it (and goes with the submission at retention).
emails = sa.Table(
    "emails",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "reference",
        sa.String(8),
        sa.ForeignKey("submissions.reference", ondelete="CASCADE", name="fk_emails_reference"),
        nullable=True,  # null for a resume link's email, which has no submission
        index=True,
    ),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # confirmation, copy or resume
    # The Message-ID's left part: the same on every try, so a mail server can drop repeats.
    sa.Column("message_id", sa.String(64), nullable=False, unique=True),
    sa.Column("recipient", sa.String(320), nullable=True),  # None once sent or given up
    sa.Column("status", sa.String(16), nullable=False),  # pending, sent or failed
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("next_attempt_at", UtcDateTime, nullable=True, index=True),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Column("sent_at", UtcDateTime, nullable=True),
    sa.Column("last_error", sa.Text, nullable=True),
    # A resume link's email: the link it carries (its row going, at expiry, takes the email and
    # its recipient with it).
    sa.Column(
        "resume_link_id",
        sa.String(32),
        sa.ForeignKey("resume_links.id", ondelete="CASCADE", name="fk_emails_resume_link_id"),
        nullable=True,
        index=True,
    ),
    # The language it is written in, the citizen's: the same on every try (null: the site's
    # default, for emails written before it was recorded).
    sa.Column("language", sa.String(16), nullable=True),
)

email_attempts = sa.Table(
    "email_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "email_id",
        sa.Integer,
        sa.ForeignKey("emails.id", ondelete="CASCADE", name="fk_email_attempts_email_id"),
        nullable=False,
        index=True,
    ),
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("attempted_at", UtcDateTime, nullable=False),
    sa.Column("smtp_code", sa.Integer, nullable=True),  # None: no SMTP answer (down, timeout)
    sa.Column("error", sa.Text, nullable=True),
    sa.Column("duration_ms", sa.Integer, nullable=False),
)

# Files citizens and API clients upload for `type: file` questions (app/uploads). A row is made when
# the file arrives, before any answer names it: unattached (`reference` null) it lives until
# `expires_at`, kept alive by its draft's saves, then `flask forms purge` deletes it. Submitting
# attaches it to the submission (reference set, expires_at null), and it goes with the submission:
# erased, or past retention, the foreign key cascades. The bytes are in `data` with the default
# FILE_STORAGE=database; with FILE_STORAGE=directory they are a file named by the id instead.
uploads = sa.Table(
    "uploads",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("form_id", sa.String(100), nullable=False),
    sa.Column("page_id", sa.String(100), nullable=False),
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("content_type", sa.String(100), nullable=False),  # detected from the bytes
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=True),
    sa.Column(
        "reference",
        sa.String(8),
        sa.ForeignKey("submissions.reference", ondelete="CASCADE", name="fk_uploads_reference"),
        nullable=True,
        index=True,
    ),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("expires_at", UtcDateTime, nullable=True, index=True),
)

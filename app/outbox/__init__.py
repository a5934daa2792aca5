"""The outbox: messages about submissions (webhook deliveries, emails to citizens) written in the
submission's transaction and sent afterwards by a worker, so that nobody waits for a receiver,
no stored submission loses its messages and none is sent twice. Each kind of message has its own
table and plugs in only what it sends and how (app/delivery, app/mail); everything else is here.

    queue.py     one outbox table: claiming due rows (FOR UPDATE SKIP LOCKED, a lease), recording
                 attempts, giving up, making a submission's messages due again; the Outcome
    backoff.py   when to try again: exponential backoff with full jitter, until the give-up period
    worker.py    one message, a pass over everything due, a resend, the polling loop, signals
    cli.py       the worker command: `--once`, `--retry REFERENCE`, `--poll-interval`, `--lease`
"""

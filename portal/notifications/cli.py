"""`flask notifications deliver [--once] [--interval SECONDS]`: send what is due."""

from __future__ import annotations

import signal
import time

import click

from portal.notifications import bp
from portal.notifications.delivery import new_worker_name, run_round


@bp.cli.command("deliver")
@click.option("--once", is_flag=True, help="One round, then exit (for cron).")
@click.option(
    "--interval", default=30, show_default=True, type=click.IntRange(1, 3600), help="Seconds between rounds."
)
def deliver(once: bool, interval: int) -> None:
    """Scan for what the clock brings (voting opens, results), plan deliveries, send what is
    due. Without --once it keeps running; stop it with Ctrl-C or SIGTERM (the message being
    sent is finished first)."""
    worker, stopping = new_worker_name(), []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    while True:
        report = run_round(worker=worker)
        sent = ", ".join(f"{status} {n}" for status, n in sorted(report.outcomes.items())) or "nothing sent"
        click.echo(
            f"planned {report.planned}; {sent}; retried {report.retried}; uncertain {report.uncertain}"
        )
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        if once:
            if report.errors:
                raise SystemExit(1)
            return
        try:
            for _ in range(interval):
                if stopping:
                    return
                time.sleep(1)
        except KeyboardInterrupt:
            return

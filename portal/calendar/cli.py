"""Operator commands: `flask calendar close`, `flask calendar open` and `flask calendar show`."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import click
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from portal.calendar import rules, services
from portal.errors import DomainError
from portal.extensions import db
from portal.places.services import find_street_office

calendar = AppGroup("calendar", help="Working days: an office's closed days, and the calendar it works by.")

MAX_SHOWN_DAYS = 366
WEEKDAYS = (_l("Mon"), _l("Tue"), _l("Wed"), _l("Thu"), _l("Fri"), _l("Sat"), _l("Sun"))


def _both_languages(message) -> str:
    with force_locale("zh_Hans_CN"):
        chinese = str(message)
    with force_locale("en"):
        english = str(message)
    return chinese if chinese == english else f"{chinese} / {english}"


def _office(name: str):
    try:
        return find_street_office(name)
    except DomainError as error:
        raise click.ClickException(_both_languages(error.message)) from error


def _date(_ctx, _param, value):
    if value is None or isinstance(value, date):
        return value
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a date like 2026-12-03") from error


@calendar.command("close")
@click.option("--street", required=True, help="Street office name.")
@click.argument("day", callback=_date)
@click.option("--reason", default="", help="Why the office is closed (shown to staff).")
def close_command(street: str, day: date, reason: str) -> None:
    """Close the street office (and its mediation station) on DAY (YYYY-MM-DD)."""
    office = _office(street)
    try:
        services.close_day(office, day, reason)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(_both_languages(error.message)) from error
    db.session.commit()
    click.echo(f"{office.name}: {day.isoformat()} closed ({reason or '-'})")


@calendar.command("open")
@click.option("--street", required=True, help="Street office name.")
@click.argument("day", callback=_date)
def open_command(street: str, day: date) -> None:
    """Take back a closed day: the office works on DAY again (if the calendar says so)."""
    office = _office(street)
    if not services.reopen_day(office, day):
        raise click.ClickException(f"{office.name}: {day.isoformat()} was not closed")
    db.session.commit()
    click.echo(f"{office.name}: {day.isoformat()} open again")


def _describe(day: date, closed: dict[date, str]) -> str:
    """What a day is for the office: working, a weekend, a holiday, a make-up day, closed."""
    if day in closed:
        return _both_languages(_l("closed: %(reason)s", reason=closed[day] or "-"))
    working, weekend = rules.is_working_day(day), day.weekday() >= rules.SATURDAY
    if working:
        return _both_languages(_l("make-up working day") if weekend else _l("working day"))
    return _both_languages(_l("weekend") if weekend else _l("public holiday"))


@calendar.command("show")
@click.option("--street", required=True, help="Street office name.")
@click.option("--from", "start", required=True, callback=_date, help="First day (YYYY-MM-DD).")
@click.option("--to", "end", required=True, callback=_date, help="Last day (YYYY-MM-DD).")
def show_command(street: str, start: date, end: date) -> None:
    """Print each day from --from to --to as the office's calendar has it, and count the
    working days."""
    if end < start or (end - start).days >= MAX_SHOWN_DAYS:
        raise click.BadParameter(f"--to must be on or after --from, within {MAX_SHOWN_DAYS} days")
    office = _office(street)
    closed = services.closed_day_reasons(office.id, start, end)
    working, day = 0, start
    while day <= end:
        mark = "*" if rules.is_working_day(day, closed) else " "
        working += mark == "*"
        click.echo(
            f"{mark} {day.isoformat()} {_both_languages(WEEKDAYS[day.weekday()])}  {_describe(day, closed)}"
        )
        day += timedelta(days=1)
    click.echo(f"{office.name}: {working} working days from {start.isoformat()} to {end.isoformat()}")
    unknown = rules.unknown_years(start, end)
    if unknown:
        click.echo(_both_languages(rules.provisional_note(unknown)))

"""Operator commands: `flask roster import` and `flask roster summary`."""

import json
from pathlib import Path

import click
from flask.cli import AppGroup
from flask_babel import force_locale

from portal.errors import DomainError
from portal.extensions import db
from portal.places.roster import RosterInvalid, import_roster
from portal.places.services import ensure_compound, find_compound, roster_summary

roster = AppGroup("roster", help="Import and summarise compound rosters.")


def _both_languages(message) -> str:
    with force_locale("zh_Hans_CN"):
        chinese = str(message)
    with force_locale("en"):
        english = str(message)
    return chinese if chinese == english else f"{chinese} / {english}"


@roster.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--compound", required=True, help="Compound name.")
@click.option("--community", help="Community name (needed to create the compound).")
@click.option("--street", help="Street office name (needed to create the compound).")
def import_command(file: Path, compound: str, community: str | None, street: str | None) -> None:
    """Import FILE as the roster of a compound, all or nothing."""
    try:
        target = ensure_compound(compound, community, street)
        report = import_roster(target, file.read_bytes())
    except RosterInvalid as invalid:
        db.session.rollback()
        click.echo(_both_languages(invalid.message), err=True)
        for error in invalid.errors:
            click.echo("  " + _both_languages(error), err=True)
        raise SystemExit(1) from invalid
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(_both_languages(error.message)) from error
    db.session.commit()
    counts = report.as_dict()
    click.echo(
        f"{target.name}: {counts['rows']} rows, {counts['created']} created, "
        f"{counts['updated']} updated, {counts['unchanged']} unchanged, "
        f"{counts['not_in_file']} existing units not in the file (kept), "
        f"{counts['owners_updated']} owners renamed or with a new phone, "
        f"{counts['claims_reopened']} verified claims sent back for verification"
    )


@roster.command("summary")
@click.option("--compound", required=True, help="Compound name.")
@click.option("--community", help="Community name, when the compound name is not unique.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def summary_command(compound: str, community: str | None, as_json: bool) -> None:
    """Print the units, total area and owner groups of a compound."""
    try:
        target = find_compound(compound, community)
    except DomainError as error:
        raise click.ClickException(_both_languages(error.message)) from error
    figures = {"compound": target.name, **roster_summary(target).as_dict()}
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False))
    else:
        click.echo(
            f"{figures['compound']}: {figures['units']} units, {figures['total_area']} m², "
            f"{figures['owner_groups']} owner groups"
        )

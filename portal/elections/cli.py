"""Operator commands: `flask elections result ELECTION_ID [--json]`."""

import json

import click
from flask.cli import AppGroup

from portal.elections.models import Election
from portal.elections.services import count
from portal.extensions import db

elections = AppGroup("elections", help="Owners' committee elections.")


@elections.command("result")
@click.argument("election_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as the API).")
def result_command(election_id: int, as_json: bool) -> None:
    """Print the result of an election; figures appear once voting has closed."""
    election = db.session.get(Election, election_id)
    if election is None:
        raise click.ClickException(f"no election {election_id}")
    result = count(election).as_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"{election.title}: {result['status']}, {result['seats']} seats, {result['total_owners']} owners,"
        f" {result['total_area']} m², quorum {result['quorum_met']}, open seats {result['open_seats']}"
    )
    for candidate in result["candidates"]:
        click.echo(
            f"  {candidate['number']}. {candidate['name']}: {candidate['agree_owners']} owners /"
            f" {candidate['agree_area']} m², {candidate['outcome']}"
        )

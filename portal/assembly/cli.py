"""Operator commands: `flask assembly tally MEETING_ID [--json]`."""

import json

import click
from flask.cli import AppGroup

from portal.assembly.models import Meeting
from portal.assembly.tally import tally
from portal.extensions import db

assembly = AppGroup("assembly", help="Owners' assembly meetings.")


@assembly.command("tally")
@click.argument("meeting_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the same as the API).")
def tally_command(meeting_id: int, as_json: bool) -> None:
    """Print the tally of a meeting; choices appear once voting has closed."""
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        raise click.ClickException(f"no meeting {meeting_id}")
    result = tally(meeting).as_dict()
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
        return
    click.echo(
        f"{meeting.title}: {result['status']}, {result['total_owners']} owners, {result['total_area']} m²"
    )
    for item in result["items"]:
        verdict = {True: "passed", False: "not passed", None: "-"}[item["passed"]]
        quorum = "met" if item["quorum_met"] else "not met"
        click.echo(
            f"  {item['number']}. [{item['matter']}, {item['rule']}] participating"
            f" {item['participating_owners']} owners / {item['participating_area']} m²,"
            f" quorum {quorum}, {verdict}"
        )

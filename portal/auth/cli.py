"""Operator commands: `flask users create` and `flask users grant`."""

import click
from flask.cli import AppGroup

from portal.auth.models import ROLE_SCOPE, Role
from portal.auth.services import find_user, grant_role, register_user
from portal.errors import DomainError
from portal.extensions import db
from portal.places.services import find_community, find_compound, find_street_office

users = AppGroup("users", help="Create accounts and grant roles.")


@users.command("create")
@click.option("--phone", required=True, help="Mainland mobile number (the login).")
@click.option("--name", required=True, help="Real name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def create_user(phone: str, name: str, password: str) -> None:
    """Create an account."""
    try:
        user = register_user(phone, name, password)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"created user {user.id} {user.phone} {user.name}")


@users.command("grant")
@click.argument("phone")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@click.option("--compound", help="Compound name (committee).")
@click.option("--community", help="Community name (community_staff), or to disambiguate a compound.")
@click.option("--street", help="Street office name (mediator), or to disambiguate.")
def grant(phone: str, role: str, compound: str | None, community: str | None, street: str | None) -> None:
    """Grant ROLE to the account with PHONE, within a place."""
    role = Role(role)
    user = find_user(phone)
    if user is None:
        raise click.ClickException(f"no account with phone {phone}")
    try:
        scope = _scope(ROLE_SCOPE[role], compound, community, street)
        grant_role(user, role, scope)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    db.session.commit()
    click.echo(f"granted {role.value} to {user.phone}" + (f" for {scope.name}" if scope else ""))


def _scope(kind: str | None, compound: str | None, community: str | None, street: str | None):
    if kind is None:
        return None
    if kind == "compound":
        if not compound:
            raise click.UsageError("--compound is required for this role")
        return find_compound(compound, community, street)
    if kind == "community":
        if not community:
            raise click.UsageError("--community is required for this role")
        return find_community(community, street)
    if not street:
        raise click.UsageError("--street is required for this role")
    return find_street_office(street)

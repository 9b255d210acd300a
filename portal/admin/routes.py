"""Operator pages: grant and revoke roles, read the audit trail."""

from functools import lru_cache
from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from wtforms.fields.choices import SelectChoice

from portal.admin import bp, services
from portal.admin.forms import AuditFilterForm, DeactivateForm, GrantForm
from portal.audit.reading import describe
from portal.audit.registry import grouped_actions
from portal.auth.models import Role, RoleGrant
from portal.auth.permissions import can_deactivate_accounts, can_manage_roles, can_view_audit, requires
from portal.auth.services import deactivate_user, find_user, grant_role, revoke_role
from portal.forms import EmptyForm, page_number, render_form
from portal.translation import as_text
from portal.unit_of_work import carry_out, refusal_shown_on


@bp.get("/audit")
@requires(can_view_audit)
def audit():
    """The audit trail, readable: a sentence per record and its changes, newest first, a page at
    a time (older and newer pages; the count of matches stops at a thousand), filtered by action,
    compound, person and Beijing dates. Filters that do not make sense show their error and
    no records."""
    form = AuditFilterForm(request.args)
    groups = grouped_actions()
    codes = tuple(action.code for _group, actions in groups for action in actions)
    choices, shown = _filter_choices(str(get_locale()), codes)
    form.action.choices = [SelectChoice("", _("All changes")), *choices]
    records = entries = filters = None
    if form.validate():
        filters = services.AuditFilters(
            action=form.action.data or "",
            compound_id=form.compound.data,
            compound_name=form.compound_name.data or "",
            person=form.person.data or "",
            date_from=form.date_from.data,
            date_to=form.date_to.data,
        )
        per_page = current_app.config["PAGE_SIZE"]
        records = services.audit_page(
            per_page=per_page, filters=filters, before=form.before.data, after=form.after.data
        )
        entries = describe(records.items)
    return render_template(
        "admin/audit.html",
        form=form,
        groups=shown,
        records=records,
        entries=entries,
        filters=filters,
    )


@lru_cache(maxsize=8)
def _filter_choices(locale: str, codes: tuple[str, ...]) -> tuple[list[SelectChoice], list]:
    """The filter's choices of action, and its groups and actions with their labels translated
    as the template showed the lazy labels: the same for every request in one language (the
    list holds ~130 labels), so worked out once per language and set of registered actions."""
    groups = grouped_actions()
    choices = [SelectChoice(action.code, action.label) for _group, actions in groups for action in actions]
    return choices, [(_shown(group), [_shown(action) for action in actions]) for group, actions in groups]


def _shown(choice):
    """A group or action of the filter, its label translated through the request's catalogue."""
    return SimpleNamespace(code=getattr(choice, "code", None), label=Markup(as_text(choice.label)))


@bp.route("/roles", methods=["GET", "POST"])
@requires(can_manage_roles)
def roles():
    form = GrantForm()
    form.scope.choices = services.scope_choices()
    if form.validate_on_submit():
        user = find_user(form.phone.data)
        if user is None:
            form.phone.errors.append(_("No account has this phone number."))
        else:
            with refusal_shown_on(form, form.scope):
                grant_role(
                    user,
                    Role(form.role.data),
                    services.resolve_scope(form.scope.data),
                    granted_by=current_user,
                )
                flash(_("The role was granted to %(name)s.", name=user.name), "success")
                return redirect(url_for("admin.roles"))
    return _roles_page(form, DeactivateForm(prefix="deactivate"))


def _roles_page(form: GrantForm, deactivate_form: DeactivateForm):
    grants = services.grants_page(page=page_number(), per_page=current_app.config["PAGE_SIZE"])
    page, status = render_form(
        "admin/roles.html", form, grants=grants, revoke_form=EmptyForm(), deactivate_form=deactivate_form
    )
    return page, 422 if deactivate_form.errors else status


@bp.post("/roles/<int:grant_id>/revoke")
@requires(can_manage_roles, grant=RoleGrant)
def revoke(grant: RoleGrant):
    if not EmptyForm().validate_on_submit():
        abort(400)
    message = _("The role of %(name)s was revoked.", name=grant.user.name)
    carry_out(lambda: revoke_role(grant, revoked_by=current_user), message, "info")
    return redirect(url_for("admin.roles"))


@bp.post("/accounts/deactivate")
@requires(can_deactivate_accounts)
def deactivate():
    """Close an account: it cannot sign in any more, and its sessions and API tokens end now
    (audited). An administrator cannot close their own account here."""
    deactivate_form = DeactivateForm(prefix="deactivate")
    if deactivate_form.validate_on_submit():
        user = find_user(deactivate_form.phone.data)
        if user is None:
            deactivate_form.phone.errors.append(_("No account has this phone number."))
        elif user.id == current_user.id:
            deactivate_form.phone.errors.append(_("You cannot deactivate your own account."))
        elif not user.active:
            deactivate_form.phone.errors.append(_("This account is already deactivated."))
        else:
            deactivate_user(user, by=current_user)
            flash(
                _("The account of %(name)s is deactivated and signed out everywhere.", name=user.name), "info"
            )
            return redirect(url_for("admin.roles"))
    form = GrantForm(formdata=None)
    form.scope.choices = services.scope_choices()
    return _roles_page(form, deactivate_form)

"""Operator pages: grant and revoke roles, read the audit trail."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.admin import bp, services
from portal.admin.forms import GrantForm
from portal.admin.labels import ACTION_LABELS, SUBJECT_LABELS
from portal.auth.models import Role, RoleGrant
from portal.auth.permissions import can_manage_roles, can_view_audit, requires
from portal.auth.services import find_user, grant_role, revoke_role
from portal.forms import EmptyForm, page_number, render_form
from portal.unit_of_work import carry_out, refusal_shown_on


@bp.get("/audit")
@requires(can_view_audit)
def audit():
    page = page_number()
    action = request.args.get("action", "")[:50]
    records = services.audit_page(page=page, per_page=current_app.config["PAGE_SIZE"], action=action)
    return render_template(
        "admin/audit.html", records=records, action=action, actions=ACTION_LABELS, subjects=SUBJECT_LABELS
    )


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
    page = page_number()
    grants = services.grants_page(page=page, per_page=current_app.config["PAGE_SIZE"])
    return render_form("admin/roles.html", form, grants=grants, revoke_form=EmptyForm())


@bp.post("/roles/<int:grant_id>/revoke")
@requires(can_manage_roles, grant=RoleGrant)
def revoke(grant: RoleGrant):
    if not EmptyForm().validate_on_submit():
        abort(400)
    message = _("The role of %(name)s was revoked.", name=grant.user.name)
    carry_out(lambda: revoke_role(grant, revoked_by=current_user), message, "info")
    return redirect(url_for("admin.roles"))

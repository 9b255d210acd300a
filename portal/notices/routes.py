"""Notice board pages: the board, the archive, the feed, a notice, its printable A4 page, and
writing, correcting, pinning and withdrawing notices."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import (
    anyone,
    can_manage_notice,
    can_publish_notices,
    can_read_owners_notices,
    can_view_notice,
    can_view_notice_attachment,
    requires,
)
from portal.forms import EmptyForm, page_number, render_form
from portal.notices import bp, services
from portal.notices.feed import atom_feed
from portal.notices.forms import AmendForm, NoticeForm, WithdrawForm, to_local
from portal.notices.markdown import render, summary
from portal.notices.models import CATEGORY_LABELS, Notice, NoticeAttachment
from portal.notices.printing import qr_svg
from portal.page_cache import public_page
from portal.places.models import Compound
from portal.translation import shown_labels
from portal.unit_of_work import carry_out, refusal_shown_on
from portal.uploads import send_upload


def _labels(compound: Compound) -> dict:
    """What every board page needs to show notices of this compound (each publisher's name
    worked out once for the page, not for each notice)."""
    names: dict = {}

    def publisher_name(notice: Notice) -> str:
        if notice.publisher not in names:
            names[notice.publisher] = services.publisher_name(notice.publisher, compound)
        return names[notice.publisher]

    return {
        "compound": compound,
        "category_labels": shown_labels(CATEGORY_LABELS),
        "publisher_name": publisher_name,
        "summary": summary,
    }


def _bounds() -> dict:
    return {"page": page_number(), "per_page": current_app.config["PAGE_SIZE"]}


@bp.get("/compounds/<int:compound_id>")
@public_page
@requires(anyone, compound=Compound)
def board(compound: Compound):
    owners = can_read_owners_notices(current_user, compound)
    publishes = can_publish_notices(current_user, compound)
    return render_template(
        "notices/board.html",
        notices=services.board_page(compound, owners_only=owners, **_bounds()),
        scheduled=services.scheduled(compound) if publishes else [],
        publishes=publishes,
        **_labels(compound),
    )


@bp.get("/compounds/<int:compound_id>/archive")
@requires(anyone, compound=Compound)
def archive(compound: Compound):
    owners = can_read_owners_notices(current_user, compound)
    return render_template(
        "notices/archive.html",
        notices=services.archive_page(compound, owners_only=owners, **_bounds()),
        **_labels(compound),
    )


@bp.get("/compounds/<int:compound_id>/feed.atom")
@requires(anyone, compound=Compound)
def feed(compound: Compound):
    return Response(atom_feed(compound), mimetype="application/atom+xml")


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_publish_notices, compound=Compound)
def new_notice(compound: Compound):
    form = NoticeForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            notice = services.publish_notice(compound, publisher=current_user, **form.values())
            flash(
                _("The notice is published.")
                if notice.state.value == "published"
                else _("The notice is scheduled."),
                "success",
            )
            return redirect(url_for("notices.notice", notice_id=notice.id))
    return render_form("notices/form.html", form, **_labels(compound), notice=None)


@bp.get("/<int:notice_id>")
@requires(can_view_notice, notice=Notice)
def notice(notice: Notice):
    return render_template(
        "notices/notice.html",
        notice=notice,
        body=render(notice.body),
        manages=can_manage_notice(current_user, notice),
        amend_form=AmendForm(),
        withdraw_form=WithdrawForm(),
        action_form=EmptyForm(),
        **_labels(notice.compound),
    )


@bp.get("/<int:notice_id>/print")
@requires(can_view_notice, notice=Notice)
def print_notice(notice: Notice):
    url = url_for("notices.notice", notice_id=notice.id, _external=True)
    return render_template(
        "notices/print.html",
        notice=notice,
        body=render(notice.body),
        url=url,
        qr=qr_svg(url, _("QR code: the notice's page on the portal")),
        **_labels(notice.compound),
    )


@bp.route("/<int:notice_id>/edit", methods=["GET", "POST"])
@requires(can_manage_notice, notice=Notice)
def edit_notice(notice: Notice):
    form = NoticeForm(obj=notice) if request.method == "GET" else NoticeForm()
    if request.method == "GET":
        form.category.data = notice.category.value
        form.publish_at.data, form.expires_at.data = to_local(notice.publish_at), to_local(notice.expires_at)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.update_notice(notice, actor=current_user, **form.values())
            flash(_("The notice is saved."), "success")
            return redirect(url_for("notices.notice", notice_id=notice.id))
    return render_form("notices/form.html", form, notice=notice, **_labels(notice.compound))


@bp.get("/attachments/<int:attachment_id>")
@requires(can_view_notice_attachment, attachment=NoticeAttachment)
def attachment(attachment: NoticeAttachment):
    return send_upload(attachment.upload, inline=request.args.get("inline") == "1")


def _back(notice: Notice, anchor: str = ""):
    return redirect(url_for("notices.notice", notice_id=notice.id) + anchor)


@bp.post("/<int:notice_id>/amend")
@requires(can_manage_notice, notice=Notice)
def amend_notice(notice: Notice):
    form = AmendForm()
    if not form.validate_on_submit():
        flash(_("Write the correction (at most %(n)d characters).", n=services.MAX_AMENDMENT), "danger")
    else:
        carry_out(
            lambda: services.amend_notice(notice, form.text.data, actor=current_user),
            _("The correction is published."),
        )
    return _back(notice, "#amendments")


@bp.post("/<int:notice_id>/withdraw")
@requires(can_manage_notice, notice=Notice)
def withdraw_notice(notice: Notice):
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for withdrawing the notice."), "danger")
    else:
        carry_out(
            lambda: services.withdraw_notice(notice, form.reason.data, actor=current_user),
            _("The notice is withdrawn."),
        )
    return _back(notice)


@bp.post("/<int:notice_id>/pin")
@requires(can_manage_notice, notice=Notice)
def pin_notice(notice: Notice):
    pinned = request.form.get("pinned") == "1"
    if EmptyForm().validate_on_submit():
        carry_out(
            lambda: services.pin_notice(notice, pinned, actor=current_user),
            _("The notice is pinned to the top of the board.")
            if pinned
            else _("The notice is no longer pinned."),
        )
    return _back(notice)

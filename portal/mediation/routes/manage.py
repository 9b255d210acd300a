"""Pages of the station's staff: the queue (filters, overdue flags, bulk assignment), the
decisions on a case (accept, decline, assign, sessions, agreement, failure, close, the one
extension) and the statistics with the monthly report and the export."""

from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.auth.models import User
from portal.auth.permissions import (
    can_handle_complaint,
    can_view_mediation_statistics,
    can_work_station,
    requires,
)
from portal.calendar import beijing_date
from portal.calendar import services as calendar_services
from portal.calendar.services import closed_day_reasons
from portal.columns import utcnow
from portal.extensions import db
from portal.formatting import local_time
from portal.forms import EmptyForm, render_form
from portal.mediation import bp, services
from portal.mediation.forms import (
    AgreementForm,
    AssignForm,
    ClosedDayForm,
    DeadlinesForm,
    DeclineForm,
    ExtendForm,
    FailForm,
    JudicialForm,
    PartyForm,
    SessionForm,
)
from portal.mediation.models import Complaint, DeclineReason, Route
from portal.mediation.views import LABELS, case_page
from portal.places.models import StreetOffice
from portal.tabular import download
from portal.translation import shown_labels
from portal.unit_of_work import carry_out, refusal_shown_on


def _back(complaint: Complaint):
    return redirect(url_for("mediation.complaint", complaint_id=complaint.id))


def _queue_filter() -> services.QueueFilter:
    args = request.args
    return services.QueueFilter(
        status=args.get("status", ""),
        category=args.get("category", ""),
        compound_id=args.get("compound", type=int),
        compound_name=args.get("compound_name", "").strip()[:50],
        mediator_id=args.get("mediator", type=int),
        overdue=args.get("overdue") == "1",
        sort=args.get("sort", "deadline"),
    )


@bp.get("/offices/<int:street_office_id>/queue")
@requires(can_work_station, street_office=StreetOffice)
def queue(street_office: StreetOffice):
    wanted = _queue_filter()
    return render_template(
        "mediation/queue.html",
        office=street_office,
        cases=services.queue(street_office.id, wanted),
        wanted=wanted,
        mediators=services.mediators_of(street_office.id),
        now=utcnow(),
        **LABELS
        | {  # the filter's labels translated once through the request's catalogue
            "status_labels": shown_labels(LABELS["status_labels"]),
            "category_labels": shown_labels(LABELS["category_labels"]),
        },
    )


@bp.route("/offices/<int:street_office_id>/deadlines", methods=["GET", "POST"])
@requires(can_work_station, street_office=StreetOffice)
def deadlines(street_office: StreetOffice):
    """The station's deadlines (defaults: 3 working days to accept, 30 days to conclude); the
    days the office is closed are kept with `flask calendar close`."""
    station = services.station_of(street_office.id)
    form = DeadlinesForm(obj=station)
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.set_deadlines(
                street_office.id,
                current_user,
                accept_working_days=form.accept_working_days.data,
                conclude_days=form.conclude_days.data,
            )
            flash(_("The deadlines are saved: they apply to cases filed or accepted from now on."), "success")
            return redirect(url_for("mediation.queue", street_office_id=street_office.id))
    return render_form("mediation/deadlines.html", form, office=street_office, **_closed_days(street_office))


def _closed_days(office: StreetOffice, form: ClosedDayForm | None = None) -> dict:
    today = beijing_date(utcnow())
    return {
        "closed_form": form or ClosedDayForm(),
        "closed_days": sorted(closed_day_reasons(office.id, today, today + timedelta(days=366)).items()),
        "action_form": EmptyForm(),
    }


@bp.post("/offices/<int:street_office_id>/closed-days")
@requires(can_work_station, street_office=StreetOffice)
def close_day(street_office: StreetOffice):
    """Close the station on a day: it does not count as a working day for new deadlines."""
    form = ClosedDayForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            calendar_services.close_day(
                street_office, form.day.data, form.reason.data or "", actor=current_user
            )
            flash(_("The station is closed on %(day)s.", day=form.day.data.isoformat()), "success")
            return redirect(url_for("mediation.deadlines", street_office_id=street_office.id))
    page = render_template(
        "mediation/deadlines.html",
        form=DeadlinesForm(obj=services.station_of(street_office.id)),
        office=street_office,
        **_closed_days(street_office, form),
    )
    return page, 422


@bp.post("/offices/<int:street_office_id>/closed-days/<day>/reopen")
@requires(can_work_station, street_office=StreetOffice)
def reopen_day(street_office: StreetOffice, day: str):
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if calendar_services.reopen_day(street_office, when, actor=current_user):
        flash(_("The station works on %(day)s again.", day=when.isoformat()), "success")
    return redirect(url_for("mediation.deadlines", street_office_id=street_office.id))


@bp.post("/offices/<int:street_office_id>/assign")
@requires(can_work_station, street_office=StreetOffice)
def assign_many(street_office: StreetOffice):
    """Assign the ticked cases of the queue to one mediator (all or none)."""
    ids = [int(i) for i in request.form.getlist("case") if i.isdigit()][:100]
    cases = list(
        db.session.scalars(
            select(Complaint).where(Complaint.id.in_(ids), Complaint.street_office_id == street_office.id)
        )
    )
    mediator = db.session.get(User, request.form.get("mediator", type=int) or 0)
    if not cases:
        flash(_("Tick the cases to assign."), "warning")
    else:
        carry_out(
            lambda: services.assign_many(cases, current_user, mediator),
            _("%(n)d cases assigned.", n=len(cases)),
        )
    return redirect(url_for("mediation.queue", street_office_id=street_office.id))


@bp.post("/complaints/<int:complaint_id>/accept")
@requires(can_handle_complaint, complaint=Complaint)
def accept(complaint: Complaint):
    carry_out(lambda: services.accept(complaint, current_user), _("The complaint is accepted."))
    return _back(complaint)


@bp.post("/complaints/<int:complaint_id>/decline")
@requires(can_handle_complaint, complaint=Complaint)
def decline(complaint: Complaint):
    form = DeclineForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.decline(
                complaint,
                current_user,
                DeclineReason(form.reason.data),
                form.note.data or "",
                form.duplicate_of.data or "",
            )
            flash(_("The complaint is declined."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, decline_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/assign")
@requires(can_handle_complaint, complaint=Complaint)
def assign(complaint: Complaint):
    form = AssignForm()
    form.mediator.choices = [(m.id, m.name) for m in services.mediators_of(complaint.street_office_id)]
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.assign(complaint, current_user, db.session.get(User, form.mediator.data))
            flash(_("The case is assigned."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, assign_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/sessions")
@requires(can_handle_complaint, complaint=Complaint)
def record_session(complaint: Complaint):
    form = SessionForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.record_session(
                complaint,
                current_user,
                held_on=form.held_on.data,
                place=form.place.data,
                participants=form.participants.data,
                notes=form.notes.data or "",
                shared=form.shared.data,
            )
            flash(_("The session is recorded."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, session_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/agreement")
@requires(can_handle_complaint, complaint=Complaint)
def record_agreement(complaint: Complaint):
    form = AgreementForm()
    if form.validate_on_submit():
        scan = form.scan.data if getattr(form.scan.data, "filename", "") else None
        with refusal_shown_on(form):
            services.record_agreement(
                complaint,
                current_user,
                terms=form.terms.data,
                parties=form.parties.data,
                signed_on=form.signed_on.data,
                scan=scan,
                judicial_applied_on=form.judicial_applied_on.data,
            )
            flash(_("The agreement is recorded."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, agreement_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/judicial")
@requires(can_handle_complaint, complaint=Complaint)
def judicial(complaint: Complaint):
    form = JudicialForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.record_judicial_application(complaint, current_user, form.applied_on.data)
            flash(_("The application for judicial confirmation is recorded."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, judicial_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/failure")
@requires(can_handle_complaint, complaint=Complaint)
def fail(complaint: Complaint):
    form = FailForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.fail(complaint, current_user, [Route(r) for r in form.routes.data], form.note.data or "")
            flash(_("The failure and the routes left are recorded."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, fail_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/parties")
@requires(can_handle_complaint, complaint=Complaint)
def add_party(complaint: Complaint):
    form = PartyForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            person = services.add_party(complaint, current_user, form.phone.data)
            flash(_("%(name)s now sees what is shared with the parties.", name=person.name), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, party_form=form, status=422)


@bp.post("/complaints/<int:complaint_id>/close")
@requires(can_handle_complaint, complaint=Complaint)
def close(complaint: Complaint):
    carry_out(lambda: services.close(complaint, current_user), _("The case is closed."))
    return _back(complaint)


@bp.post("/complaints/<int:complaint_id>/extend")
@requires(can_handle_complaint, complaint=Complaint)
def extend(complaint: Complaint):
    form = ExtendForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.extend(complaint, current_user, form.reason.data)
            flash(_("The deadline is extended."), "success")
            return _back(complaint)
    return case_page(complaint, staff=True, extend_form=form, status=422)


def _month() -> str | None:
    month = request.args.get("month", "")
    return (
        month if len(month) == 7 and month[:4].isdigit() and month[4] == "-" and month[5:].isdigit() else None
    )


@bp.get("/offices/<int:street_office_id>/statistics")
@requires(can_view_mediation_statistics, street_office=StreetOffice)
def statistics(street_office: StreetOffice):
    """The station's figures (all time or one month), printable as the monthly report."""
    month = _month()
    return render_template(
        "mediation/statistics.html",
        office=street_office,
        month=month,
        months=services.months(street_office.id),
        figures=services.figures(street_office.id, month),
        **LABELS,
    )


@bp.get("/offices/<int:street_office_id>/cases.<fmt>")
@requires(can_view_mediation_statistics, street_office=StreetOffice)
def export(street_office: StreetOffice, fmt: str):
    """The station's cases as CSV or XLSX: numbers, dates, states, deadlines kept, ratings (no
    description, no person)."""
    month = _month()
    header = [
        _("Case number"),
        _("Submitted"),
        _("Compound"),
        _("Category"),
        _("Status"),
        _("Accepted"),
        _("Concluded"),
        _("Accepted in time"),
        _("Concluded in time"),
        _("Rating"),
    ]
    rows = [header]
    for c in services.case_rows(street_office.id, month):
        rows.append(
            [
                c.number,
                local_time(c.submitted_at),
                c.compound.name,
                c.category_label,
                c.status_label,
                local_time(c.accepted_at),
                local_time(c.concluded_at),
                _yes_no(c.decided_at and c.decided_at <= c.accept_by),
                _yes_no(c.concluded_at and c.conclude_by and c.concluded_at <= c.conclude_by),
                c.rating,
            ]
        )
    return download(rows, fmt, f"调解站案件-{month or '全部'}")


def _yes_no(value) -> str:
    if value is None or value == "":
        return ""
    return _("yes") if value else _("no")

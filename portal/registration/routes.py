"""Registration pages: find a unit, claim it, follow the claim; the reviewers' queue."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import (
    can_answer_claim,
    can_decide_claim,
    can_review_any_claims,
    can_review_claims,
    can_view_claim,
    requires,
    signed_in,
)
from portal.forms import EmptyForm, page_number, render_form
from portal.paging import search_words, to_last_page
from portal.places.cards import compounds_page
from portal.places.models import Building, Compound, Unit
from portal.places.services import buildings_with_unit_counts
from portal.registration import bp, services
from portal.registration.forms import ClaimForm, RejectForm
from portal.registration.models import OWNER_ANSWER_LABELS, ClaimStatus, OwnerAnswer, UnitClaim
from portal.registration.warnings import claim_warnings
from portal.unit_of_work import carry_out, refusal_shown_on


@bp.get("/")
@requires(signed_in)
def index():
    return render_template(
        "registration/index.html",
        claims=services.claims_of(current_user),
        claims_on_mine=services.claims_on_my_units(current_user),
        answer_labels=OWNER_ANSWER_LABELS,
    )


@bp.get("/compounds")
@requires(signed_in)
def choose_compound():
    """The first step of a claim: the compound, found by name, address, community or street
    office, a page at a time (a district has hundreds), as on the home page."""
    search = search_words(request.args)
    compounds = compounds_page(search, page=page_number())
    if beyond := to_last_page(compounds, "registration.choose_compound", q=search or None):
        return beyond
    return render_template("registration/choose_compound.html", compounds=compounds, search=search)


@bp.get("/compounds/<int:compound_id>/buildings")
@requires(signed_in, compound=Compound)
def choose_building(compound: Compound):
    return render_template(
        "registration/choose_building.html", compound=compound, buildings=buildings_with_unit_counts(compound)
    )


@bp.get("/buildings/<int:building_id>/units")
@requires(signed_in, building=Building)
def choose_unit(building: Building):
    return render_template(
        "registration/choose_unit.html", building=building, units=services.units_of_building(building)
    )


@bp.route("/units/<int:unit_id>/claim", methods=["GET", "POST"])
@requires(signed_in, unit=Unit)
def claim(unit: Unit):
    form = ClaimForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.certificate_no):
            services.claim_unit(current_user, unit, form.certificate_no.data)
            flash(_("Your claim was sent. The owners' committee will check it."), "success")
            return redirect(url_for("registration.index"))
    return render_form("registration/claim.html", form, unit=unit)


@bp.get("/review")
@requires(can_review_any_claims)
def review():
    return render_template("registration/review.html", compounds=services.reviewable_compounds(current_user))


@bp.get("/review/<int:compound_id>")
@requires(can_review_claims, compound=Compound)
def queue(compound: Compound):
    try:
        status = ClaimStatus(request.args.get("status", ClaimStatus.PENDING.value))
    except ValueError:
        abort(404)
    page = page_number()
    claims = services.review_queue(compound, status, page=page, per_page=current_app.config["PAGE_SIZE"])
    return render_template(
        "registration/queue.html",
        compound=compound,
        claims=claims,
        warnings=claim_warnings(claims.items),
        status=status,
        statuses=list(ClaimStatus),
        reject_form=None,  # a rejection's errors show on the claim's page, never on the queue
    )


@bp.get("/claims/<int:claim_id>")
@requires(can_view_claim, claim=UnitClaim)
def claim_detail(claim: UnitClaim):
    return _detail_page(claim, RejectForm())


def _detail_page(claim: UnitClaim, reject_form: RejectForm):
    warnings = claim_warnings([claim]) if can_decide_claim(current_user, claim) else {}
    return render_template(
        "registration/claim_detail.html", claim=claim, reject_form=reject_form, warnings=warnings
    )


def _back_to_queue(claim: UnitClaim):
    return redirect(url_for("registration.queue", compound_id=claim.compound_id))


@bp.post("/claims/<int:claim_id>/verify")
@requires(can_decide_claim, claim=UnitClaim)
def verify(claim: UnitClaim):
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(
        lambda: services.verify_claim(
            claim, current_user, certificate_checked=request.form.get("certificate_checked") == "y"
        ),
        _("%(name)s is verified as an owner of %(unit)s.", name=claim.user.name, unit=claim.unit.label),
    )
    return _back_to_queue(claim)


@bp.post("/claims/<int:claim_id>/reject")
@requires(can_decide_claim, claim=UnitClaim)
def reject(claim: UnitClaim):
    form = RejectForm()
    if not form.validate_on_submit():
        flash(
            _(
                "Give the reason for rejecting the claim (at most %(n)d characters).",
                n=services.MAX_REASON_LENGTH,
            ),
            "danger",
        )
        return _detail_page(claim, form), 422
    carry_out(
        lambda: services.reject_claim(claim, current_user, form.reason.data),
        _("The claim of %(name)s was rejected.", name=claim.user.name),
        "info",
    )
    return _back_to_queue(claim)


@bp.post("/claims/<int:claim_id>/release")
@requires(can_decide_claim, claim=UnitClaim)
def release(claim: UnitClaim):
    if not EmptyForm().validate_on_submit():
        abort(400)
    carry_out(
        lambda: services.release_claim(claim, current_user),
        _("The claim of %(name)s is waiting for verification again.", name=claim.user.name),
        "info",
    )
    return _back_to_queue(claim)


@bp.post("/claims/<int:claim_id>/answer")
@requires(can_answer_claim, claim=UnitClaim)
def answer(claim: UnitClaim):
    try:
        answer = OwnerAnswer(request.form.get("answer", ""))
    except ValueError:
        abort(400)
    if not EmptyForm().validate_on_submit():
        abort(400)
    said = {
        OwnerAnswer.CO_OWNER: _("Thank you. %(name)s is noted as your co-owner.", name=claim.user.name),
        OwnerAnswer.NOT_KNOWN: _(
            "Thank you. The claim of %(name)s is on hold until the reviewers have looked at it again.",
            name=claim.user.name,
        ),
    }
    carry_out(lambda: services.answer_claim(claim, current_user, answer), said[answer], "info")
    return redirect(url_for("registration.index"))

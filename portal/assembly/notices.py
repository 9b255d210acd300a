"""The assembly's notices on the compound's board, written from its own records: the meeting
notice when it is published, the preliminary result once voting has closed (by the delivery
command's scan, since no transition fires when the clock closes the vote), the final
announcement, and the cancellation of an announced meeting. Each is published once (its
source key), in the name of the owners' committee (or preparatory group).

The notice board never imports the assembly: this module calls `publish_notice`.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal.assembly.labels import CHOICE_LABELS, MATTER_LABELS
from portal.assembly.models import VOTER_CHOICES, AssemblyStatus, Meeting, MeetingStatus, meeting_state_in
from portal.assembly.rules import Rule
from portal.assembly.services import objections_close_at, settings_of
from portal.assembly.tally import tally
from portal.extensions import db
from portal.formatting import area_text, local_time
from portal.notices.markdown import escape_markdown as md
from portal.notices.models import NoticeCategory, PublisherKind
from portal.notices.services import publish_notice, sources_done
from portal.notifications.outbox import path_for
from portal.notifications.signals import due
from portal.workflow import transitioned

COUNTED = frozenset({MeetingStatus.COUNTED})


def _publisher(meeting: Meeting) -> PublisherKind:
    """The committee, or the preparatory group while the assembly is being established."""
    preparing = settings_of(meeting.compound).status == AssemblyStatus.PREPARING
    return PublisherKind.PREPARATORY_GROUP if preparing else PublisherKind.COMMITTEE


def _when(moment: datetime) -> str:
    return local_time(moment, "yyyy-MM-dd HH:mm")


def _rule(rule: Rule) -> str:
    if rule == Rule.THREE_QUARTERS:
        return _("at least three quarters of those taking part, by area and by owners")
    return _("more than half of those taking part, by area and by owners")


def _link(meeting: Meeting) -> str:
    label = _("The meeting on the portal")
    return f"[{label}]({path_for('assembly.meeting', meeting_id=meeting.id)})"


def meeting_notice_body(meeting: Meeting) -> str:
    """The notice of a meeting: agenda with matters and rules, the window, the frozen roster."""
    opening = _(
        "The owners' assembly of %(compound)s votes on the items below"
        " from %(start)s to %(end)s (Beijing time).",
        compound=md(meeting.compound.name),
        start=_when(meeting.voting_opens_at),
        end=_when(meeting.voting_closes_at),
    )
    lines = [
        opening,
        "",
        "## " + _("Agenda"),
        "",
    ]
    for item in meeting.items:
        how = _("(%(matter)s; %(rule)s)", matter=MATTER_LABELS[item.matter], rule=_rule(item.rule))
        lines.append(f"{item.number}. **{md(item.title)}** {how}")
        if item.description:
            lines.append(f"   {md(item.description)}")
    lines += [
        "",
        "## " + _("Who counts"),
        "",
        _(
            "The roster frozen at this notice counts %(owners)d owners with %(area)s m² of exclusive area. "
            "An item needs owners holding two thirds of the area and two thirds of the owners to take part.",
            owners=meeting.total_owners or 0,
            area=area_text(meeting.total_area_hundredths),
        ),
        "",
        _("Verified owners vote on the portal; paper ballots are available from the owners' committee."),
        _(
            "Paper ballots collected by the close are entered until %(date)s;"
            " the preliminary result follows.",
            date=_when(meeting.counted_at),
        ),
        _("A blank item or an invalid paper ballot counts as abstaining.")
        if meeting.blank_counts_as_abstain
        else _("A blank item or an invalid paper ballot does not count as taking part."),
        "",
        _link(meeting),
    ]
    return "\n".join(lines)


def result_body(meeting: Meeting, *, final: bool) -> str:
    """The preliminary result or the final announcement: each item's figures and verdict."""
    result = tally(meeting)
    header = [_("Item"), _("Taking part"), *(str(CHOICE_LABELS[c]) for c in VOTER_CHOICES), _("Verdict")]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for item in result.items:
        cells = [
            f"{item.number}. {md(item.title)}",
            _figures(item.participating_owners, item.participating_area),
        ]
        cells += [_figures(item.figures(c)[1], item.figures(c)[0]) for c in VOTER_CHOICES]
        cells.append(_("Passed") if item.passed else _("Not passed"))
        rows.append("| " + " | ".join(cells) + " |")
    closing = (
        _("This result is final.")
        if final
        else _("Owners may object to this result until %(date)s.", date=_when(objections_close_at(meeting)))
    )
    intro = _(
        "Voting ran from %(start)s to %(end)s."
        " The roster frozen at the notice has %(owners)d owners with %(area)s m².",
        start=_when(meeting.voting_opens_at),
        end=_when(meeting.voting_closes_at),
        owners=result.total_owners,
        area=area_text(result.total_area),
    )
    return "\n".join([intro, "", *rows, "", closing, "", _link(meeting)])


def _figures(owners: int, hundredths: int) -> str:
    return _("%(owners)d owners, %(area)s m²", owners=owners, area=area_text(hundredths))


def _publish(
    meeting: Meeting, stage: str, title: str, body: str, category: NoticeCategory, now: datetime | None
):
    return publish_notice(
        meeting.compound,
        title=title,
        body=body,
        category=category,
        publisher=_publisher(meeting),
        source=("meeting", meeting.id, stage),
        now=now,
    )


def _in_portal_language():
    return force_locale(current_app.config["BABEL_DEFAULT_LOCALE"])


def publish_meeting_notice(meeting: Meeting, now: datetime | None = None):
    with _in_portal_language():
        title = _("Notice of the meeting: %(title)s", title=meeting.title)
        return _publish(meeting, "notice", title, meeting_notice_body(meeting), NoticeCategory.MEETING, now)


def publish_preliminary_result(meeting: Meeting, now: datetime | None = None):
    with _in_portal_language():
        title = _("Preliminary result: %(title)s", title=meeting.title)
        return _publish(
            meeting, "preliminary", title, result_body(meeting, final=False), NoticeCategory.RESULT, now
        )


def publish_final_announcement(meeting: Meeting, now: datetime | None = None):
    with _in_portal_language():
        title = _("Final announcement: %(title)s", title=meeting.title)
        return _publish(meeting, "final", title, result_body(meeting, final=True), NoticeCategory.RESULT, now)


def publish_cancellation(meeting: Meeting, now: datetime | None = None):
    with _in_portal_language():
        title = _("Meeting cancelled: %(title)s", title=meeting.title)
        body = _("The meeting is cancelled. Reason: %(reason)s", reason=md(meeting.cancel_reason))
        return _publish(meeting, "cancelled", title, body, NoticeCategory.MEETING, now)


@transitioned.connect_via("meeting")
def on_meeting_moved(sender, *, record: Meeting, transition, actor, now: datetime) -> None:
    """Publish, cancel (an announced meeting) and finalise put their notice on the board."""
    if transition.name == "publish":
        publish_meeting_notice(record, now)
    elif transition.name == "finalise":
        publish_preliminary_result(record, now)  # in case no scan ran since the vote closed
        publish_final_announcement(record, now)
    elif transition.name == "cancel" and record.announced_at is not None:
        publish_cancellation(record, now)


def counted_meetings(now: datetime) -> list[Meeting]:
    """Meetings whose vote has closed and whose final announcement is not out yet."""
    query = select(Meeting).where(meeting_state_in(COUNTED, now)).order_by(Meeting.id)
    return list(db.session.scalars(query))


@due.connect
def publish_preliminary_results(sender, *, now: datetime) -> int:
    """The scan: every meeting whose vote has closed gets its preliminary result (once)."""
    meetings = counted_meetings(now)
    done = sources_done(f"meeting:{m.id}:preliminary" for m in meetings)
    missing = [m for m in meetings if f"meeting:{m.id}:preliminary" not in done]
    for meeting in missing:
        publish_preliminary_result(meeting, now)
    return len(missing)

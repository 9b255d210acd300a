"""The outbox: notifications are written in the transaction of the change that causes them,
so a change rolled back tells nobody, and titles are shown in each reader's language."""

from sqlalchemy import func, select

from portal.errors import DomainError
from portal.notifications import notify
from portal.notifications.inbox import title_of
from portal.notifications.models import Notification
from portal.registration.models import ClaimStatus
from portal.registration.services import claim_unit, verify_claim
from portal.unit_of_work import carry_out
from tests.conftest import login, make_user
from tests.notifications.conftest import tell


def count(db, **where) -> int:
    query = select(func.count(Notification.id)).filter_by(**where)
    return db.session.scalar(query)


def test_a_change_rolled_back_tells_nobody(app, db, world):
    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()

    def verify_then_refuse():
        verify_claim(
            claim, world.committee, certificate_checked=True
        )  # its listener writes the claimant's notification
        assert count(db, kind="claim_decided") == 1
        raise DomainError("refused later in the same request")

    with app.test_request_context(method="POST"):
        assert carry_out(verify_then_refuse, "done") is False
        db.session.commit()
    db.session.expire_all()
    assert count(db) == 0 and claim.status == ClaimStatus.PENDING


def test_a_change_committed_is_told(client, db, world):
    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    login(client, world.committee)
    assert (
        client.post(f"/registration/claims/{claim.id}/verify", data={"certificate_checked": "y"}).status_code
        == 302
    )
    [notification] = db.session.scalars(select(Notification)).all()
    assert (notification.user_id, notification.kind, notification.url) == (
        world.resident.id,
        "claim_decided",
        f"/registration/claims/{claim.id}",
    )


def test_a_rejection_tells_the_reason(db, world):
    from portal.registration.services import reject_claim

    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    reject_claim(claim, world.committee, "证号不符")
    notification = db.session.scalar(select(Notification))
    assert notification.title_params["reason"] == "证号不符"


def test_the_owners_of_a_unit_are_told_of_a_rival_claim(db, world):
    unit = world.compound_a.buildings[0].units[0]
    owner = make_user("13722222222", "业主")
    verify_claim(claim_unit(owner, unit, "CERT"), world.committee, certificate_checked=True)
    db.session.execute(Notification.__table__.delete())
    claim_unit(world.resident, unit, "OTHER")
    rows = db.session.scalars(select(Notification)).all()
    assert [(n.user_id, n.kind) for n in rows] == [(owner.id, "unit_claimed")]
    claim_unit(make_user("13733333333"), world.compound_a.buildings[0].units[2], "X")  # nobody owns it
    assert count(db, kind="unit_claimed") == 1


def test_titles_are_stored_as_messages_and_read_in_each_language(app, db, world):
    from flask_babel import lazy_gettext as _l

    notify(
        [world.resident], kind="notice_published", title=_l("Owners' committee of %(name)s", name="文宴雅居")
    )
    notification = db.session.scalar(select(Notification))
    assert notification.title_msgid == "Owners' committee of %(name)s"
    assert notification.title_params == {"name": "文宴雅居"}
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert title_of(notification) == "Owners' committee of 文宴雅居"


def test_once_means_once_whoever_asks(db, world):
    assert tell(world.resident, once="voting_opens:meeting:1") == 1
    assert tell(world.resident, once="voting_opens:meeting:1") == 0
    assert tell(world.staff, once="voting_opens:meeting:1") == 0
    assert count(db) == 1


def test_an_unknown_kind_is_a_programming_error(db, world):
    import pytest

    with pytest.raises(ValueError, match="register_kind"):
        tell(world.resident, kind="no_such_kind")

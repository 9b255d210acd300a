"""Volunteer service pages: organising a weekly patrol from the form, signing up (and the
waitlist, and a minor's declaration), cancelling with promotion, the check-in list and code,
corrections, one's record, certificates and their public check, the compound panel."""

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.extensions import db as _db
from portal.volunteering import services
from portal.volunteering.models import Activity, Signup, SignupStatus
from tests.conftest import count_queries, login
from tests.volunteering.conftest import NOW


def test_staff_organise_a_weekly_patrol_for_eight_weeks(client, db, world):
    login(client, world.staff)
    form = {
        "title": "夜间巡逻",
        "category": "patrol",
        "place": "北门",
        "starts_at": "2026-12-08T19:00",
        "ends_at": "2026-12-08T21:00",
        "capacity": "4",
        "weeks": "8",
        "min_age": "16",
        "guardian_consent_required": "y",
    }
    with time_machine.travel(NOW, tick=False):
        assert client.get(f"/volunteering/compounds/{world.compound_a.id}/new").status_code == 200
        response = client.post(f"/volunteering/compounds/{world.compound_a.id}/new", data=form)
        assert response.status_code == 302, response.get_data(as_text=True)
        activity = db.session.scalar(select(Activity))
        assert len(activity.sessions) == 8 and activity.min_age == 16
        assert activity.sessions[0].starts_at == NOW + timedelta(days=7, hours=9)  # 19:00 Beijing
        assert activity.sessions[-1].starts_at - activity.sessions[0].starts_at == timedelta(weeks=7)
        assert activity.signup_closes_at == activity.sessions[-1].starts_at
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "夜间巡逻" in page and page.count("签到名单") == 8
        refused = client.post(
            f"/volunteering/compounds/{world.compound_a.id}/new",
            data=form | {"starts_at": "2026-11-01T19:00", "ends_at": "2026-11-01T21:00"},
        )
        assert refused.status_code == 422 and "场次的开始时间必须在将来" in refused.get_data(as_text=True)


def test_sign_up_waitlist_cancel_and_promotion_on_the_pages(client, db, world, residents, new_activity):
    session = new_activity(capacity=1).sessions[0]
    with time_machine.travel(NOW, tick=False):
        login(client, residents["甲"])
        response = client.post(f"/volunteering/sessions/{session.id}/signup", data={}, follow_redirects=True)
        mine = db.session.scalar(select(Signup).where(Signup.user_id == residents["甲"].id))
        assert f"您的签到码是 {mine.code}" in response.get_data(as_text=True)
        login(client, residents["乙"])
        page = client.get(f"/volunteering/activities/{session.activity_id}").get_data(as_text=True)
        assert "报名候补" in page and "已满 · 候补 0 人" in page
        response = client.post(f"/volunteering/sessions/{session.id}/signup", data={}, follow_redirects=True)
        assert "您是第 1 位候补" in response.get_data(as_text=True)
        login(client, residents["甲"])
        response = client.post(f"/volunteering/signups/{mine.id}/cancel", data={}, follow_redirects=True)
        assert "您的报名已取消" in response.get_data(as_text=True)
        login(client, residents["乙"])
        page = client.get("/volunteering/me").get_data(as_text=True)
        assert "已报上" in page and "签到码" in page


def test_a_minor_signs_up_with_the_guardians_consent(client, db, world, residents, new_activity):
    session = new_activity(capacity=3).sessions[0]
    login(client, residents["丙"])
    url = f"/volunteering/sessions/{session.id}/signup"
    with time_machine.travel(NOW, tick=False):
        missing = client.post(url, data={"under_18": "y"})
        assert missing.status_code == 422 and "请填写出生日期" in missing.get_data(as_text=True)
        no_consent = client.post(
            url,
            data={
                "under_18": "y",
                "birth_date": "2012-03-04",
                "guardian_name": "丙父",
                "guardian_phone": "13800000000",
            },
        )
        assert no_consent.status_code == 422 and "须经监护人同意" in no_consent.get_data(as_text=True)
        done = client.post(
            url,
            data={
                "under_18": "y",
                "birth_date": "2012-03-04",
                "guardian_name": "丙父",
                "guardian_phone": "13800000000",
                "guardian_consent": "y",
            },
        )
        assert done.status_code == 302
    signup = db.session.scalar(select(Signup))
    assert signup.guardian_consent and signup.guardian_name == "丙父"
    login(client, world.staff)
    page = client.get(f"/volunteering/sessions/{session.id}/check-in").get_data(as_text=True)
    assert "未成年人，出生于 2012-03-04；监护人 丙父 13800000000" in page


def test_check_in_list_buttons_code_and_correction(client, db, world, residents, new_activity):
    session = new_activity(capacity=3).sessions[0]
    first = services.sign_up(session, residents["甲"], now=NOW).signup
    second = services.sign_up(session, residents["乙"], now=NOW).signup
    db.session.commit()
    login(client, world.committee)
    with time_machine.travel(session.starts_at + timedelta(minutes=5), tick=False):
        page = client.get(f"/volunteering/sessions/{session.id}/check-in").get_data(as_text=True)
        assert "甲 签到" in page and "13600000001" in page
        assert client.post(f"/volunteering/signups/{first.id}/check-in").status_code == 302
        response = client.post(
            f"/volunteering/sessions/{session.id}/code", data={"code": second.code}, follow_redirects=True
        )
        assert "乙 已签到" in response.get_data(as_text=True)
    with time_machine.travel(session.ends_at, tick=False):
        response = client.post(f"/volunteering/signups/{first.id}/check-out", follow_redirects=True)
        assert "甲 已签退" in response.get_data(as_text=True) and "1.75 小时" in response.get_data(
            as_text=True
        )
    with time_machine.travel(session.ends_at + timedelta(days=1), tick=False):
        form = client.get(f"/volunteering/signups/{second.id}/correct").get_data(as_text=True)
        assert 'value="2026-12-04T19:05"' in form  # the recorded check-in, in Beijing time
        response = client.post(
            f"/volunteering/signups/{second.id}/correct",
            data={
                "checked_in_at": "2026-12-04T19:05",
                "checked_out_at": "2026-12-04T20:50",
                "reason": "忘记签退",
            },
        )
        assert response.status_code == 302
        refused = client.post(
            f"/volunteering/signups/{second.id}/correct",
            data={"checked_in_at": "2026-12-04T19:05", "checked_out_at": "2026-12-04T18:00", "reason": "x"},
        )
        assert refused.status_code == 422
    db.session.refresh(second)
    assert second.status == SignupStatus.COMPLETED and second.minutes == 105
    login(client, world.staff)  # the session cookie was signed in the future
    sheet = client.get(f"/volunteering/activities/{session.activity_id}/attendance").get_data(as_text=True)
    assert "1.75" in sheet and "13600000002" in sheet


def test_the_certificate_prints_with_a_qr_code_and_the_public_check_hides_the_name(
    client, db, world, residents, new_activity
):
    session = new_activity(capacity=3).sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    services.check_in(signup, actor=world.staff, now=session.starts_at)
    services.check_out(signup, actor=world.staff, now=session.ends_at)
    residents["甲"].name = "陈桂芳"
    db.session.commit()
    login(client, residents["甲"])
    me = client.get("/volunteering/me").get_data(as_text=True)
    assert "2.00" in me and "0 星" in me
    response = client.post(f"/volunteering/communities/{world.community.id}/certificate")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "志愿服务记录证明" in page and "兹证明 陈桂芳" in page and 'src="data:image/svg+xml' in page
    code = re.search(r"核验编码：([A-Z0-9]{12})", page).group(1)
    assert "开具：南关社区 2.00 小时" in client.get("/volunteering/me").get_data(as_text=True)
    assert f"/volunteering/verify/{code}" in page
    login(client, None)
    public = client.get(f"/volunteering/verify/{code}").get_data(as_text=True)
    assert "真实有效" in public and "陈**" in public and "2.00" in public and "南关社区居民委员会" in public
    assert "陈桂芳" not in public and "夜间巡逻" not in public
    assert (
        client.get("/volunteering/verify?code=" + code.lower())
        .headers["Location"]
        .endswith(f"/verify/{code}")
    )
    assert client.get("/volunteering/verify/NOTACODE").status_code == 404
    login(client, residents["乙"])
    assert client.get(response.headers["Location"]).status_code == 404  # someone else's certificate
    refused = client.post(
        f"/volunteering/communities/{world.community.id}/certificate", follow_redirects=True
    )
    assert "还没有记录的服务时长" in refused.get_data(as_text=True)


def test_compound_panel_community_view_statistics_and_leaderboard(client, db, world, residents, new_activity):
    session = new_activity(capacity=3).sessions[0]
    signup = services.sign_up(session, residents["甲"], now=NOW).signup
    db.session.commit()
    with time_machine.travel(NOW, tick=False):
        page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
        assert "志愿服务" in page and "夜间巡逻" in page and "剩余 2 个名额" in page
        assert "剩余" not in client.get(f"/places/compounds/{world.compound_b.id}").get_data(as_text=True)
    services.check_in(signup, actor=world.staff, now=session.starts_at)
    services.check_out(signup, actor=world.staff, now=session.ends_at)
    services.set_leaderboard(residents["甲"], True)
    db.session.commit()
    login(client, world.staff)
    community = client.get(f"/volunteering/communities/{world.community.id}").get_data(as_text=True)
    assert "按月份和类别统计的服务时长" in community and "2026-12" in community and "治安巡逻" in community
    login(client, residents["乙"])
    community = client.get(f"/volunteering/communities/{world.community.id}").get_data(as_text=True)
    assert "按月份和类别" not in community and "甲" in community  # on the leaderboard
    login(client, None)
    assert "服务时长榜" not in client.get(f"/volunteering/communities/{world.community.id}").get_data(
        as_text=True
    )


def test_list_pages_do_not_grow_with_activities(client, db, world, residents, new_activity):
    counts = []
    for rows in (1, 6):
        for n in range(rows):
            session = new_activity(capacity=2, sessions=2, title=f"活动{rows}-{n}").sessions[0]
            services.sign_up(session, residents["甲"], now=NOW)
        new_activity(compound=None, title=f"社区活动{rows}")
        db.session.commit()
        login(client, world.staff)
        with time_machine.travel(NOW, tick=False):
            found = []
            for url in (
                "/volunteering/",
                f"/volunteering/communities/{world.community.id}",
                f"/places/compounds/{world.compound_a.id}",
            ):
                with count_queries(_db.engine) as counted:
                    assert client.get(url).status_code == 200
                found.append(counted())
            login(client, residents["甲"])
            with count_queries(_db.engine) as counted:
                assert client.get("/volunteering/me").status_code == 200
            found.append(counted())
        counts.append(found)
    assert counts[0] == counts[1], counts


def test_the_activity_page_comes_in_a_fixed_number_of_statements(client, db, world, residents, new_activity):
    """The activity comes with its compound, community and sessions (Activity.loaded_with):
    seven statements for a resident, however many sessions it has."""
    counts = []
    login(client, residents["甲"])
    with time_machine.travel(NOW, tick=False):
        for sessions in (1, 4):
            url = f"/volunteering/activities/{new_activity(sessions=sessions).id}"
            client.get("/volunteering/me")  # the session's first request notes it was seen
            with count_queries(_db.engine) as counted:
                assert client.get(url).status_code == 200
            counts.append(counted())
    assert counts[0] == counts[1] and counts[0] <= 7, counts

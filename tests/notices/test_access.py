"""Every page of the notice board × every role → the expected status; and which notices each
role finds on the board (publish and expiry dates, owners only, withdrawn)."""

import pytest

from tests.access import (
    LOGIN,
    OK,
    PUBLIC,
    REDIRECT,
    ROLES,
    base_ids,
    expect,
    page_access_test,
    user_for,
)
from tests.conftest import login
from tests.notices.conftest import board_of

PUBLISHERS = {"committee": OK, "staff": OK, "admin": OK}
#: Those who may read owners-only notices of compound A.
OWNERS_READERS = expect(404, anonymous=LOGIN, owner=OK, **PUBLISHERS)
MANAGERS = expect(404, anonymous=LOGIN, **PUBLISHERS)
MANAGED = expect(404, anonymous=LOGIN, committee=REDIRECT, staff=REDIRECT, admin=REDIRECT)
NOTICE = {"title": "停水通知", "category": "news", "body": "明天停水。"}

ROUTES = [
    ("GET", "/notices/compounds/{a}", PUBLIC, None),
    ("GET", "/notices/compounds/{a}/archive", PUBLIC, None),
    ("GET", "/notices/compounds/{a}/feed.atom", PUBLIC, None),
    ("GET", "/notices/compounds/{a}/new", expect(403, anonymous=LOGIN, **PUBLISHERS), None),
    (
        "POST",
        "/notices/compounds/{a}/new",
        expect(403, anonymous=LOGIN, committee=REDIRECT, staff=REDIRECT, admin=REDIRECT),
        NOTICE,
    ),
    ("GET", "/notices/{public}", PUBLIC, None),
    ("GET", "/notices/{owners}", OWNERS_READERS, None),
    ("GET", "/notices/{b_owners}", expect(404, anonymous=LOGIN, fred=OK, admin=OK), None),
    ("GET", "/notices/{scheduled}", MANAGERS, None),
    ("GET", "/notices/{expired}", PUBLIC, None),
    ("GET", "/notices/{withdrawn}", PUBLIC, None),
    ("GET", "/notices/{public}/print", PUBLIC, None),
    ("GET", "/notices/{owners}/print", OWNERS_READERS, None),
    ("GET", "/notices/{scheduled}/edit", MANAGERS, None),
    ("POST", "/notices/{scheduled}/edit", MANAGED, NOTICE),
    ("POST", "/notices/{public}/amend", MANAGED, {"text": "时间更正为上午九点。"}),
    ("POST", "/notices/{public}/withdraw", MANAGED, {"reason": "重复发布"}),
    ("POST", "/notices/{public}/pin", MANAGED, {"pinned": "1"}),
    ("GET", "/notices/attachments/{public_doc}", PUBLIC, None),
    ("GET", "/notices/attachments/{owners_doc}", OWNERS_READERS, None),
    ("GET", "/notices/attachments/{scheduled_doc}", MANAGERS, None),
]


@pytest.fixture
def ids(world, db):
    notices = board_of(world, db)
    documents = {f"{name}_doc": _document(notices[name], world) for name in ("public", "owners", "scheduled")}
    db.session.commit()
    return {**base_ids(world, db), **{name: notice.id for name, notice in notices.items()}, **documents}


def _document(notice, world) -> int:
    import io

    from werkzeug.datastructures import FileStorage

    from portal.extensions import db
    from portal.notices.models import NoticeAttachment
    from portal.uploads import store
    from tests.images import PDF

    attachment = NoticeAttachment(
        upload=store(FileStorage(io.BytesIO(PDF), "说明.pdf"), uploaded_by=world.committee)
    )
    notice.attachments.append(attachment)
    db.session.flush()
    return attachment.id


test_access = page_access_test(ROUTES)


#: Titles each role finds on compound A's board: never the scheduled, expired or withdrawn
#: notice (those two are in the archive); the owners-only one for owners and publishers.
ON_BOARD = {role: {"公开公告"} for role in ROLES} | {
    role: {"公开公告", "业主公告"} for role in ("owner", "committee", "staff", "admin")
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_its_board(client, world, db, ids, role):
    login(client, user_for(role, world, db, ids))
    page = client.get(f"/notices/compounds/{ids['a']}").get_data(as_text=True)
    titles = {"公开公告", "业主公告", "定时公告", "过期公告", "撤回公告", "三国苑业主公告"}
    listed = {t for t in titles if f">{t}</a></h2>" in page}  # the cards
    assert listed == ON_BOARD[role]
    scheduled_shown = "定时公告" in page  # publishers see it in their own "scheduled" list
    assert scheduled_shown == (role in ("committee", "staff", "admin"))
    archive = client.get(f"/notices/compounds/{ids['a']}/archive").get_data(as_text=True)
    assert "过期公告" in archive and "撤回公告" in archive and "公开公告" not in archive

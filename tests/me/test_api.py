"""`GET /api/v1/me/todo`: the person's to-do as JSON, in the client's language."""

from datetime import timedelta

import time_machine

from portal.assembly.services import publish
from tests.assembly.conftest import NOW


def test_an_owner_gets_the_vote_with_its_deadline(app, client, db, world, owners, new_meeting, bearer):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    headers = bearer(owners["A1"])
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        body = client.get("/api/v1/me/todo", headers=headers).json
        english = client.get("/api/v1/me/todo", headers={**headers, "Accept-Language": "en"}).json
    assert body == {
        "items": [
            {
                "kind": "vote",
                "title": "对《2026年第一次业主大会》投票",
                "url": f"/assembly/meetings/{meeting.id}/vote",
                "due_at": "2026-12-31T02:00:00+00:00",
            }
        ]
    }
    assert english["items"][0]["title"] == "Vote on “2026年第一次业主大会”"


def test_nothing_to_do_is_an_empty_list(client, world, bearer):
    assert client.get("/api/v1/me/todo", headers=bearer(world.admin)).json == {"items": []}

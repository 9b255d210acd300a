"""Every page of management and fees × every role: reading is public; the committee, the
community's staff and admins record fees, contracts and mode changes."""

from tests.access import LOGIN, OK, PUBLIC, REDIRECT, expect, page_access_test

MANAGERS = expect(403, anonymous=LOGIN, committee=OK, staff=OK, admin=OK)
MANAGERS_ACT = expect(403, anonymous=LOGIN, committee=REDIRECT, staff=REDIRECT, admin=REDIRECT)
FEES = {
    "effective_from": "2021-06-01",
    "property_fee": "50",
    "basis": "household",
    "parking_fee": "30",
    "decided_by": "业主大会 第3项",
}
CONTRACT = {"provider": "汉都物业", "starts_on": "2021-09-01"}
MODE = {"mode": "professional", "provider": "汉都物业", "started_on": "2021-09-01"}

ROUTES = [
    ("GET", "/management/compounds/{a}", PUBLIC, None),
    ("GET", "/management/compounds/{a}/fees/new", MANAGERS, None),
    ("POST", "/management/compounds/{a}/fees/new", MANAGERS_ACT, FEES),
    ("GET", "/management/compounds/{a}/contracts/new", MANAGERS, None),
    ("POST", "/management/compounds/{a}/contracts/new", MANAGERS_ACT, CONTRACT),
    ("GET", "/management/compounds/{a}/mode", MANAGERS, None),
    ("POST", "/management/compounds/{a}/mode", MANAGERS_ACT, MODE),
    ("GET", "/management/overview", expect(403, anonymous=LOGIN, staff=OK, admin=OK), None),
    ("GET", "/management/overview.csv", expect(403, anonymous=LOGIN, staff=OK, admin=OK), None),
    ("GET", "/management/compounds/{b}/fees/new", expect(403, anonymous=LOGIN, fred=OK, admin=OK), None),
]

test_access = page_access_test(ROUTES)

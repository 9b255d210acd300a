"""Demo data drawn from the Xuchang 2021 reply (DESIGN §6): `flask demo`, idempotent.

The places and their modes follow the reply; buildings, units, owners and accounts are invented.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import click
from sqlalchemy import func, select

from portal.auth.models import Role, User
from portal.auth.services import grant_role, register_user
from portal.extensions import db
from portal.places.models import Compound, Courtyard, ManagementMode, ManagementPeriod
from portal.places.roster import HEADER, import_roster
from portal.places.services import ensure_compound, find_compound
from portal.registration.models import ClaimStatus, UnitClaim
from portal.registration.services import claim_unit, verify_claim

DEMO_PASSWORD = "Demo2026pass"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = [
    "秀兰",
    "建国",
    "桂英",
    "志强",
    "淑珍",
    "国庆",
    "玉梅",
    "红军",
    "丽华",
    "卫东",
    "凤英",
    "建华",
    "海燕",
    "文杰",
    "春梅",
    "德明",
    "小军",
    "晓燕",
    "明亮",
    "金凤",
]


@dataclass(frozen=True)
class DemoCompound:
    name: str
    community: str
    street: str
    district: str
    address: str
    description: str
    courtyards: tuple[str, ...]
    periods: tuple[tuple[ManagementMode, str, date, date | None], ...]
    buildings: int
    units_per_building: int
    unsold: int = 0


COMPOUNDS = (
    DemoCompound(
        "文宴雅居",
        "南关社区",
        "南关街道办事处",
        "魏都区",
        "魏都区南关大街",
        "由南关三组家属院和南关村小学家属院连片改造而成，业主自治管理。",
        ("南关三组家属院", "南关村小学家属院"),
        ((ManagementMode.SELF_GOVERNED, "文宴雅居业主委员会", date(2021, 6, 1), None),),
        4,
        18,
    ),
    DemoCompound(
        "三国苑",
        "西大街社区",
        "南关街道办事处",
        "魏都区",
        "魏都区西大街",
        "两个相邻小区统一委托专业物业服务企业管理。",
        ("三国苑东院", "三国苑西院"),
        ((ManagementMode.PROFESSIONAL, "许昌汉都物业服务有限公司", date(2021, 9, 1), None),),
        5,
        20,
        3,
    ),
    DemoCompound(
        "延中小区",
        "南关社区",
        "南关街道办事处",
        "魏都区",
        "魏都区延安路",
        "停车位租金预收两年约 20 万元，用于小区改造，之后用于日常维护，收支向业主公开。",
        ("延中小区",),
        (
            (ManagementMode.BASIC, "南关社区物业服务中心", date(2020, 3, 1), date(2021, 5, 31)),
            (ManagementMode.SELF_GOVERNED, "延中小区业主自管小组", date(2021, 6, 1), None),
        ),
        3,
        16,
    ),
    DemoCompound(
        "胥中街片区",
        "胥中街社区",
        "长兴路街道办事处",
        "长葛市",
        "长葛市胥中街",
        "造纸厂、绿化站、农科所、电厂四个原无人管理的家属院，统一签订一份专业物业合同。",
        ("造纸厂家属院", "绿化站家属院", "农科所家属院", "电厂家属院"),
        ((ManagementMode.PROFESSIONAL, "长葛市安居物业服务有限公司", date(2021, 10, 1), None),),
        4,
        12,
    ),
)

ACCOUNTS = (
    # phone, name, role, place kind, place name
    ("13900000001", "王明", Role.ADMIN, None, None),
    ("13900000002", "李秀兰", Role.COMMITTEE, "compound", "文宴雅居"),
    ("13900000003", "张建国", Role.COMMUNITY_STAFF, "community", "南关社区"),
    ("13900000004", "赵志强", Role.MEDIATOR, "street_office", "南关街道办事处"),
    ("13900000005", "陈桂芳", None, None, None),
    ("13900000006", "刘洋", None, None, None),
    ("13900000007", "周卫东", Role.COMMITTEE, "compound", "文宴雅居"),
)


#: The units the demo accounts claim (see load_demo), owned in the roster by those accounts.
DEMO_OWNERS = {
    ("文宴雅居", "1号楼", "1单元102"): ("李秀兰", "13900000002"),
    ("文宴雅居", "1号楼", "1单元101"): ("陈桂芳", "13900000005"),
    ("文宴雅居", "2号楼", "1单元201"): ("刘洋", "13900000006"),
    ("延中小区", "1号楼", "1单元101"): ("刘洋", "13900000006"),
}


def roster_csv(spec: DemoCompound, seed: int) -> bytes:
    """An invented but plausible roster: a few owners hold two units, some units are unsold."""
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    owner_no, names, owner_phones = 0, {}, {}
    for b in range(1, spec.buildings + 1):
        for n in range(spec.units_per_building):
            unit = f"{n // 6 + 1}单元{(n % 6) // 2 + 1}0{n % 2 + 1}"
            area = f"{rng.randint(5500, 12800) / 100:.2f}"
            source = rng.choice(["registered"] * 8 + ["surveyed", "contract"])
            if b == spec.buildings and n >= spec.units_per_building - spec.unsold:
                writer.writerow([f"{b}号楼", unit, area, source, "", "", "", "unsold"])
                continue
            if not (n % 7 == 3 and owner_no):  # every seventh unit belongs to the previous owner
                owner_no += 1
            key = f"O{seed:02d}{owner_no:04d}"
            name = names.setdefault(key, rng.choice(SURNAMES) + rng.choice(GIVEN))
            phone = f"139{seed:02d}{owner_no:06d}"
            if (spec.name, f"{b}号楼", unit) in DEMO_OWNERS:  # a demo account's unit: their name
                name, phone = DEMO_OWNERS[(spec.name, f"{b}号楼", unit)]
                names[key] = name
            elif key in owner_phones:
                name, phone = names[key], owner_phones[key]
            owner_phones.setdefault(key, phone)
            writer.writerow([f"{b}号楼", unit, area, source, key, name, phone, "delivered"])
    return out.getvalue().encode("utf-8")


def _load_compound(spec: DemoCompound, seed: int) -> Compound:
    compound = ensure_compound(spec.name, spec.community, spec.street)
    compound.community.street_office.district = spec.district
    compound.address, compound.description = spec.address, spec.description
    if not compound.courtyards:
        compound.courtyards = [Courtyard(name=name) for name in spec.courtyards]
    if not compound.management_periods:
        compound.management_periods = [
            ManagementPeriod(mode=mode, provider=provider, started_on=start, ended_on=end)
            for mode, provider, start, end in spec.periods
        ]
    import_roster(compound, roster_csv(spec, seed))
    return compound


def _account(phone: str, name: str) -> User:
    user = db.session.scalar(select(User).where(User.phone == phone))
    return user or register_user(phone, name, DEMO_PASSWORD)


def _scope(kind, name):
    from portal.places.services import find_community, find_street_office

    return {"compound": find_compound, "community": find_community, "street_office": find_street_office}[
        kind
    ](name)


def _demo_claim(user: User, compound: Compound, building: str, unit_name: str, reviewer: User | None):
    unit = next(u for b in compound.buildings if b.name == building for u in b.units if u.name == unit_name)
    claim = db.session.scalar(
        select(UnitClaim).where(UnitClaim.user_id == user.id, UnitClaim.unit_id == unit.id)
    )
    if claim is None:
        claim = claim_unit(user, unit, f"豫(2021)许昌市不动产权第{unit.id:07d}号")
    if reviewer and claim.status == ClaimStatus.PENDING:
        verify_claim(claim, reviewer)


@dataclass
class DemoWorld:
    """What the base demo made, for the capabilities' demo steps: compounds by name and
    accounts by phone."""

    compounds: dict[str, Compound]
    users: dict[str, User]


_steps: list[tuple[int, Callable[[DemoWorld], None]]] = []


def demo_step(order: int) -> Callable:
    """Register a capability's part of the demo (in `portal/<capability>/demo.py`); steps run
    in `order` after the places, accounts and claims exist, and must be safe to run again."""

    def register(step: Callable[[DemoWorld], None]) -> Callable[[DemoWorld], None]:
        _steps.append((order, step))
        return step

    return register


def _import_capability_demos() -> None:
    from importlib import import_module
    from importlib.util import find_spec

    from portal import BLUEPRINTS

    for name in BLUEPRINTS:
        if find_spec(f"portal.{name}.demo"):
            import_module(f"portal.{name}.demo")


def load_demo() -> None:
    """Create or refresh the demo places, rosters, accounts, grants and claims."""
    compounds = {spec.name: _load_compound(spec, seed) for seed, spec in enumerate(COMPOUNDS, start=1)}
    users = {}
    for phone, name, role, kind, place in ACCOUNTS:
        users[phone] = _account(phone, name)
        if role:
            grant_role(users[phone], role, _scope(kind, place) if kind else None)
    wenyan = compounds["文宴雅居"]
    committee = users["13900000002"]
    _demo_claim(committee, wenyan, "1号楼", "1单元102", users["13900000007"])
    _demo_claim(users["13900000005"], wenyan, "1号楼", "1单元101", committee)
    _demo_claim(users["13900000006"], wenyan, "2号楼", "1单元201", None)
    _demo_claim(users["13900000006"], compounds["延中小区"], "1号楼", "1单元101", None)
    _import_capability_demos()
    world = DemoWorld(compounds, users)
    for _order, step in sorted(_steps, key=lambda entry: entry[0]):
        step(world)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only load when the database has no compound yet.")
def demo(if_empty: bool) -> None:
    """Load the demo data (safe to run again)."""
    if if_empty and db.session.scalar(select(func.count(Compound.id))):
        click.echo("The database already has data; demo data not loaded.")
    else:
        load_demo()
        db.session.commit()
        click.echo("Demo data loaded.")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for phone, name, role, _kind, place in ACCOUNTS:
        click.echo(f"  {phone}  {name}  {role.value if role else 'resident'}  {place or ''}")

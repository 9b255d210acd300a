"""Places in the demo: how owners of 文宴雅居 reach their committee (shown on its page)."""

from __future__ import annotations

from portal.demo import DemoWorld, demo_step


@demo_step(order=10)
def committee_contact(world: DemoWorld) -> None:
    """文宴雅居's committee receives owners on Saturday mornings (kept if already set)."""
    compound = world.compounds["文宴雅居"]
    if not compound.committee_hours and not compound.committee_phone:
        compound.committee_hours = "每周六 9:00–11:30，2号楼一层业委会办公室"
        compound.committee_phone = "0374-5612345"

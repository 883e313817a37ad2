"""Writing what the staff rules planned: the staff list import and the portfolio handover, each
all or nothing through `model.store.bulk.write_planned` (every file locked first, then written,
or nothing). The rules themselves (`staff_list.plan_staff`, `handover.plan_handover`) stay pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from model.exchange.csv_in import read_text
from model.institute import Institute
from model.staff.handover import Handover, _moved, plan_handover
from model.staff.policy import ADMINISTRATOR, require, setup_mode
from model.staff.staff_list import StaffPlan, plan_staff
from model.store import Store
from model.store.bulk import write_planned


def import_staff(store: Store, path: Path, actor: str) -> StaffPlan:
    """Read, check and write the staff list all or nothing (`model.store.bulk.write_planned`).
    In set-up mode anyone may; the first list naming an Administrator ends set-up mode."""
    text = read_text(path)  # an unreadable file fails before the store is read
    institute = store.load()
    require(actor, "staff", institute)
    plan = plan_staff(text, institute)
    if plan.advisors:
        write_planned(store, advisors=plan.advisors, what="Mitarbeiter-Import")
    messages = plan.messages
    if setup_mode(institute) and any(a.role == ADMINISTRATOR for a in plan.advisors):
        admins = ", ".join(a.code for a in plan.advisors if a.role == ADMINISTRATOR)
        messages += (
            f"Einrichtungsmodus beendet: Administrator {admins}. Ab jetzt prüft kontakt die Rollen "
            "(Mitarbeiter-Importe nur noch als Administrator).",
        )
    return StaffPlan(plan.rows, plan.created, plan.updated, plan.unchanged, messages)


def hand_over(
    store: Store, institute: Institute, actor: str, giver: str, taker: str, numbers: Sequence[str], on: date
) -> Handover:
    """Check the policy, plan and write the handover all or nothing; returns what moved."""
    require(actor, "handover", institute)
    plan = plan_handover(institute, giver, taker, numbers, on)
    ids = {g.id for g in plan.lead} | {g.id for g, _ in plan.co_care}
    write_planned(
        store,
        changes={gid: (lambda fresh: _moved(giver, taker, on, fresh)) for gid in ids},
        what="Übergabe",
    )
    return plan

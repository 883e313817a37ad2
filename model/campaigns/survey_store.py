"""Care calls and baseline surveys against the store (the glue, as `exchange.imports` is for
the other imports): log a dispatch, save surveys with their Care Call history entries, import
a survey file. The store is passed in; nothing here opens one.

Saving is two writes: first the surveys (`shared/care-call-surveys.json`, one atomic write
under its lock, replacing the same group's survey of the same week and campaign), then the
Care Call entries of every saved survey still missing from the history. Should the second
write fail (a lock held too long, the share gone), the surveys are kept and the next save or
import of the same answers adds the missing entries: their ids come from the surveys.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from model.campaigns.care_calls import COLLECTION, save_survey
from model.campaigns.dispatch import DISPATCHES, Recipient, dispatch_records, log_dispatch
from model.campaigns.survey_import import SurveyPlan, missing_contacts, plan_surveys
from model.exchange.csv_in import read_text
from model.institute import Institute

if TYPE_CHECKING:
    from model.store import Store


def log_dispatches(store: Store, rows: Sequence[Recipient], by: str, at: datetime) -> int:
    """Remember which groups were asked (for `care_call_repeat_weeks`); returns how many are new."""
    new = dispatch_records(rows, by, at)
    before = len(store.read_collection(DISPATCHES))
    after = store.update_collection(DISPATCHES, lambda records: log_dispatch(records, new))
    return len(after) - before


def save_surveys(store: Store, institute: Institute, surveys: Sequence[dict], also: Sequence[dict] = ()) -> int:
    """Save `surveys`, then add the Care Call entries missing for them and for `also` (surveys
    already stored unchanged, whose entry an interrupted earlier save may lack). Returns
    how many history entries were added."""

    def change(records: list[dict]) -> list[dict]:
        for survey in surveys:
            records = save_survey(records, survey)
        return records

    if surveys:
        store.update_collection(COLLECTION, change)
    contacts = missing_contacts([*surveys, *also], institute)
    return store.add_contacts(contacts) if contacts else 0


def import_surveys(
    store: Store, institute: Institute, path: Path, by: str, at: datetime, campaign: str = "", week: str = ""
) -> tuple[SurveyPlan, int]:
    """Read, check (all or nothing: ImportFailed), save. Returns the plan and the number of
    history entries added."""
    text = read_text(path)
    stored = store.read_collection(COLLECTION)
    plan = plan_surveys(text, institute, stored, by, at, campaign, week)
    changed = {s["id"] for s in plan.changed}
    mine = [s for s in stored if s.get("campaign", "") == campaign and s["id"] not in changed]
    added = save_surveys(store, institute, plan.changed, also=mine)
    return plan, added

"""The working day's picture without closed years (`load(since=…)`) on every backend: due and
inactive lists exactly as on the whole history, every open year's contact in it, and a
card's older history (`closed_history`) that together with the picture is the whole
history — also after a colleague logged a contact into a closed year and after a refresh."""

from __future__ import annotations

from datetime import date, timedelta

from model.entities import Contact
from model.store.archive import first_open_year
from model.store.interface import open_backend
from tests.unit.test_postgres_scoped import TODAY, _answers, _institute


def _ids(institute, group_id: str) -> set[str]:
    return {c.id for c in institute.contacts.get(group_id, ())}


def _stored_ids(institute, group) -> list[str]:
    """The group and the groups merged into it that are not live again: what a card asks for."""
    return [group.id, *(m.id for m in group.merged if m.id not in institute.groups)]


def _check_card_histories(view, picture, whole, since: int) -> None:
    start = date(since, 1, 1)
    for group in whole.groups.values():
        older = view.closed_history(_stored_ids(whole, group), since)
        assert all(c.date < start for c in older)
        assert {c.id for c in older} | _ids(picture, group.id) == _ids(whole, group.id), group.id
        full = {c.id: c for c in whole.contacts.get(group.id, ())}
        assert all(c == full[c.id] for c in older)  # whole contacts, notes and all


def test_the_working_days_picture_leaves_out_closed_years_and_answers_as_the_whole(backend, location):
    _institute(backend)
    whole = open_backend(location, "ADM").load()
    since = first_open_year(TODAY)
    assert since == 2025
    view = open_backend(location, "ADM")
    picture = view.load(since=since)
    assert picture.complete and picture.history_from == date(2025, 1, 1)
    assert picture.contact_count < whole.contact_count
    for group_id, items in whole.contacts.items():
        recent = {c.id for c in items if c.date.year >= since}
        assert recent <= _ids(picture, group_id)
    for as_of in (TODAY, TODAY + timedelta(days=200)):
        assert _answers(picture, as_of) == _answers(whole, as_of)
    _check_card_histories(view, picture, whole, since)
    assert open_backend(location, "ADM").load().history_from is None  # the whole picture says so too


def test_a_contact_logged_into_a_closed_year_shows_after_a_refresh(backend, location):
    _institute(backend)
    since = first_open_year(TODAY)
    view = open_backend(location, "ADM")
    before = view.load(since=since)
    _check_card_histories(view, before, open_backend(location, "ADM").load(), since)  # builds the archive
    # A group whose picture has no contact at all: a late entry from 2024 decides its activity.
    quiet = next((g for g in before.groups.values() if not before.contacts.get(g.id)), None)
    target = quiet or next(iter(before.groups.values()))
    colleague = open_backend(location, target.lead)
    colleague.log_contact(
        Contact(
            "late-1",
            target.id,
            date(2024, 6, 3),
            target.lead,
            "Gespräch geführt",
            "Telefon",
            "Service",
            logged_at="2026-11-27T09:00:00",
            note="nachgetragen",
        )  # fmt: skip
    )
    fresh = view.refresh()
    assert fresh is not None
    whole = open_backend(location, "ADM").load()
    assert _answers(fresh, TODAY) == _answers(whole, TODAY)
    older = view.closed_history([target.id], since)
    assert "late-1" in {c.id for c in older}
    assert next(c for c in older if c.id == "late-1").note == "nachgetragen"

"""Pilot tests of a whole call party (start, one key per outcome, a colleague's call arriving
through the shared store, end and summary) and of a care-call survey."""

from datetime import date

from textual.widgets import DataTable, SelectionList

from model.campaigns import call_party as cp
from model.campaigns import care_calls as cc
from model.entities import Contact
from model.store import Store
from screens.call_party import CallPartyScreen
from screens.care_calls import CareCallScreen
from screens.dialogs.date_prompt import DatePrompt
from screens.dialogs.survey import SurveyScreen
from tests.app.helpers import make_app, settle, text_of, type_text
from tests.conftest import AS_OF, make_group


def table_rows(app, selector) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def add_inactive_groups(store: Store) -> None:
    store.save_groups([
        make_group("g-6", "10006", "Druckerei Roth", "A"),
        make_group("g-7", "10007", "Gärtnerei Lind", "B", lead="TLE"),
        make_group("g-8", "10008", "Spedition Keller", "B"),
    ])  # fmt: skip


async def test_a_whole_call_party(small_store):
    add_inactive_groups(small_store)
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f10")
        await settle(app, pilot)
        assert isinstance(app.screen, CallPartyScreen) and app.screen.view == "setup"
        assert "Nächste: Dienstag, 08.12.2026 um 09:00 Uhr" in text_of(app, "#cp-next")
        assert sorted(app.screen.query_one("#cp-advisors", SelectionList).selected) == ["MKR", "TLE"]
        await pilot.press("s")
        await settle(app, pilot)
        assert app.screen.view == "work"
        (session,) = small_store.read_collection(cp.COLLECTION)
        assert session["queues"] == {"MKR": ["g-6", "g-8", "g-3"], "TLE": ["g-7"]}
        assert "Druckerei Roth" in text_of(app, "#cp-current")
        assert "noch 1:1" in text_of(app, "#cp-head")  # 75 minutes ticking down

        await pilot.press("1")  # Termin vereinbart: date, then time (10:00 pre-filled)
        await pilot.pause()
        assert isinstance(app.screen, DatePrompt)
        await type_text(pilot, "Di")
        await pilot.press("enter", "enter")
        await settle(app, pilot)
        assert "Spedition Keller" in text_of(app, "#cp-current")
        await pilot.press("2")  # Folgekontakt: the date only
        await type_text(pilot, "+2w")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("3")  # nicht erreicht: no question
        await settle(app, pilot)
        assert "abgearbeitet" in text_of(app, "#cp-current")

        # TLE records on another PC; this one sees it within the 2-second poll.
        small_store.update_collection(
            cp.COLLECTION, lambda r: cp.record_outcome(r, session["id"], "g-7", cp.NO_INTEREST, "TLE", cp.session_start(session))
        )  # fmt: skip
        await pilot.pause(2.5)
        await settle(app, pilot)
        assert "TLE 1/1" in text_of(app, "#cp-team")

        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen.view == "summary"
        assert table_rows(app, "#cp-summary-table") == [
            ["Martina Kraus (MKR)", "3", "3", "2", "1", "1"],
            ["Thomas Lenz (TLE)", "1", "1", "1", "0", "0"],
            ["Team", "4", "4", "3", "1", "1"],
        ]
        assert len(table_rows(app, "#cp-history-table")) == 1

    (stored,) = small_store.read_collection(cp.COLLECTION)
    assert stored["ended_by"] == "MKR"
    assert {g: o["outcome"] for g, o in stored["outcomes"].items()} == {
        "g-6": cp.APPOINTMENT, "g-8": cp.FOLLOW_UP, "g-3": cp.NOT_REACHED, "g-7": cp.NO_INTEREST,
    }  # fmt: skip
    assert stored["outcomes"]["g-6"]["date"] == "2026-12-01T10:00"
    assert stored["outcomes"]["g-8"]["date"] == "2026-12-11"
    institute = Store.open(small_store.root, "MKR").load()
    logged = {c.group: c for g in ("g-6", "g-8", "g-3") for c in institute.history(g) if c.date == AS_OF}
    assert {g: (c.outcome, c.format, c.follow_up) for g, c in logged.items()} == {
        "g-6": ("Termin vereinbart", "Active Call", date(2026, 12, 1)),
        "g-8": ("Gespräch geführt", "Active Call", date(2026, 12, 11)),
        "g-3": ("nicht erreicht", "Active Call", date(2026, 11, 30)),
    }
    assert logged["g-6"].meeting == "2026-12-01T10:00"


async def test_a_care_call_survey_and_the_results(small_store):
    # A reached Jahresgespräch on Wednesday of the previous week (2026-W47, 16.–22.11.2026).
    small_store.add_contacts([Contact("c-9", "g-1", date(2026, 11, 18), "MKR", "Gespräch geführt", "Besuch", "Jahresgespräch")])
    app = make_app(small_store, user="TLE")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f11")
        await settle(app, pilot)
        assert isinstance(app.screen, CareCallScreen)
        assert "KW 47/2026 (16.11.2026–22.11.2026) · Montagsliste" in text_of(app, "#cc-head")
        assert [r[:2] for r in table_rows(app, "#cc-table")] == [["10001 Bäckerei Huber GmbH", "A"]]
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SurveyScreen)
        await pilot.press("2", "4", "1", "4")  # quartalsweise, jährlich, in den letzten 3 Monaten, Score 4
        await type_text(pilot, "sehr nett")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CareCallScreen)
        assert table_rows(app, "#cc-table")[0][-1] == "✓ 4/5"
        await pilot.press("r")
        await settle(app, pilot)
        team = table_rows(app, "#cc-team-table")
        assert team == [["MKR", "1", "4,0", "1", "4,0", "4,0", "0 %"]]  # two of three answers differ from the log

    (survey,) = small_store.read_collection(cc.COLLECTION)
    assert (survey["group"], survey["advisor"], survey["week"], survey["score"], survey["comment"], survey["by"]) == (
        "g-1",
        "MKR",
        "2026-W47",
        4,
        "sehr nett",
        "TLE",
    )
    assert survey["answers"] == {
        "contact_frequency": "quartalsweise", "meeting_frequency": "jährlich", "last_goals_talk": "in den letzten 3 Monaten",
    }  # fmt: skip


async def test_own_trend_for_the_advisor(small_store):
    group = small_store.load().groups["g-1"]
    answers = {q.key: q.options[0] for q in cc.QUESTIONS}
    at = cp.datetime(2026, 11, 20, 9)
    for sid, week, score in (("s1", "2026-W46", 3), ("s2", "2026-W47", 5)):
        survey = cc.new_survey(sid, group, week, answers, score, "", "TLE", at)
        small_store.update_collection(cc.COLLECTION, lambda r, s=survey: cc.save_survey(r, s))
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f11")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        trend = table_rows(app, "#cc-trend-table")
        assert [(r[0][:10], r[1], r[2]) for r in trend] == [("KW 47/2026", "1", "5,0"), ("KW 46/2026", "1", "3,0")]
        assert not app.screen.query_one("#cc-team-table").display  # advisors see their own portfolio only

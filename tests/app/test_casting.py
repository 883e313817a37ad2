"""Pilot tests of Kunden-Casting: one group from its card (keystrokes counted), an override
that needs a reason, the review queue worked one group after another, assigning a colleague,
the portfolio casting table with filters and CSV export, and the scheme editor."""

from dataclasses import replace
from datetime import date

from textual.widgets import TextArea

from kontakt_tui.app import KontaktApp
from model.casting.scoring import cast
from model.contacts.due import due_list
from model.entities import Advisor
from model.store import Store
from screens.casting import CastingScreen
from screens.casting_table import CastingTableScreen
from screens.group_card import GroupCardScreen
from screens.schemes import SchemeEditorScreen
from tests.app.helpers import make_app, settle, text_of, type_text
from tests.conftest import AS_OF

FIRMEN_ANSWERS = ["2", "4", "1", "3", "2", "1"]  # hoch, ≥ 2.500 €, perspektivisch, über 15 T€, Barvermögen, konkret


def fresh(store: Store):
    return Store.open(store.root, "MKR").load()


async def test_cast_a_group_from_its_card_in_eight_keystrokes(small_store):
    app = make_app(small_store)
    keys = ["c", *FIRMEN_ANSWERS, "ctrl+s"]  # casting, six answers (each moves on), save
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter")  # Bäckerei Huber's card
        await pilot.press(keys[0])
        await pilot.pause()
        assert isinstance(app.screen, CastingScreen)
        await pilot.press(*keys[1:-1])
        result = text_of(app, "#cast-result")
        assert "13 Punkte → Klasse A" in result
        assert "Versicherung, Nachfolge, Private Banking" in result
        assert "Potenzial Gesamtverbund: –  → hoch" in text_of(app, "#cast-previous")
        await pilot.press(keys[-1])
        await settle(app, pilot)
        assert len(keys) == 8
        assert isinstance(app.screen, GroupCardScreen)
        casting = fresh(small_store).group("10001").casting
        assert (casting.score, casting.final_class, casting.by, casting.date) == (13, "A", "MKR", AS_OF)
        assert casting.answer("Unternehmensnachfolge") == "ist perspektivisch zu lösen"


async def test_override_needs_a_reason(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter", "c", "4", "1", "2", "1", "3", "3", "o", "B", "ctrl+s")
        await pilot.pause()
        assert "Begründung" in text_of(app, "#cast-problem")
        assert app.screen.focused.id == "override-reason"
        assert fresh(small_store).group("10001").casting.date != AS_OF
        await type_text(pilot, "Neubau geplant")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        casting = fresh(small_store).group("10001").casting
        assert (casting.computed_class, casting.final_class, casting.reason) == ("D", "B", "Neubau geplant")


async def test_review_queue_goes_from_group_to_group(small_store):
    app = KontaktApp(small_store, "MKR", as_of=date(2027, 2, 2), poll_seconds=0)  # castings of 01.02.2026 are due
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, CastingScreen)
        assert "Verbund 1 von 4" in text_of(app, "#cast-title")
        await pilot.press(*FIRMEN_ANSWERS, "ctrl+s")
        await settle(app, pilot)
        assert "Verbund 2 von 4" in text_of(app, "#cast-title")
        await pilot.press("n")  # skip one
        await pilot.pause()
        assert "Verbund 3 von 4" in text_of(app, "#cast-title")
        cast_today = [g for g in fresh(small_store).groups.values() if g.casting and g.casting.date == date(2027, 2, 2)]
        assert len(cast_today) == 1


async def test_assign_a_colleague_puts_the_group_on_their_due_list(small_store):
    institute = small_store.load()
    scheme = institute.config.scheme("Firmenkunden")
    casting = cast(scheme, {"Versicherungspotenzial p.a.": "≥ 2.500 €"}, on=date(2026, 11, 1), by="MKR")
    small_store.update_group("g-2", lambda g: replace(g, castings=(*g.castings, casting)))
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "down", "enter", "z")  # Autohaus Krämer's card → assign
        await pilot.pause()
        assert "10002 Autohaus Krämer KG" in text_of(app, "#assign-title")
        assert app.screen.query_one("#assign-department").value == "Versicherung"  # the casting's suggestion
        assert app.screen.query_one("#assign-colleague").value == "VKS"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen.query_one("#assignments").row_count == 1
    picture = fresh(small_store)
    (assignment,) = picture.group("10002").assignments
    assert (assignment.department, assignment.advisor, assignment.frequency, assignment.start) == (
        "Versicherung",
        "VKS",
        1.0,
        AS_OF,
    )
    items = due_list("VKS", picture.groups.values(), picture.contacts, picture.config, AS_OF)
    assert ("g-2", "Versicherung") in {(i.group.id, i.role) for i in items}


async def test_casting_table_filters_and_exports(small_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(small_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, CastingTableScreen)
        head = text_of(app, "#ct-head")
        assert "A 1 (25 %)" in head and "D 1 (25 %)" in head
        await pilot.press("k")  # class A only
        assert app.screen.query_one("#ct-table").row_count == 1
        await pilot.press("ctrl+e")
        await pilot.pause()
    (export,) = tmp_path.glob("casting-Firmenkunden-*.csv")
    assert export.read_bytes().startswith("\ufeffNr;Verbund".encode("utf-8"))


async def test_scheme_editor_saves_a_new_version(small_store):
    small_store.save_advisors([Advisor("ADM", "Anke Admin", role="Administrator")])
    app = make_app(small_store, user="ADM")
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, SchemeEditorScreen)
        area = app.screen.query_one("#scheme-text", TextArea)
        area.text = area.text.replace("Klasse A: ab 7", "Klasse A: ab 8").replace("  gering = 0\n", "  gering = x\n", 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Zeile" in text_of(app, "#scheme-problem")
        assert fresh(small_store).config.scheme("Firmenkunden").version == 1
        area.text = area.text.replace("  gering = x\n", "  gering = 0\n", 1)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "Version 2 gespeichert" in text_of(app, "#scheme-problem")
    scheme = fresh(small_store).config.scheme("Firmenkunden")
    assert (scheme.version, scheme.band("A").min_score) == (2, 8)


async def test_scheme_editor_is_for_administrators_only(small_store):
    from model.entities import Advisor

    # With an Administrator in the staff list set-up mode is over and the roles hold.
    small_store.save_advisors([Advisor("ADM", "Anke Dorn", role="Administrator")])
    app = make_app(small_store)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(app, pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert not isinstance(app.screen, SchemeEditorScreen)


async def test_casting_table_by_advisor(small_store):
    app = make_app(small_store)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        table = app.screen.query_one("#ct-table")
        assert table.row_count == 4 and "meine Verbünde" in text_of(app, "#ct-head")
        await pilot.press("b")  # everyone's
        assert table.row_count == 5 and "alle Betreuer" in text_of(app, "#ct-head")
        await pilot.press("b")  # the next FKB: TLE
        assert table.row_count == 1 and "TLE" in text_of(app, "#ct-head")

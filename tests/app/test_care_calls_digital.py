"""F11, the digital side: `x` writes the Monday dispatch (CSV and e-mail drafts) and notes it;
a survey typed in F11 leaves a Care Call entry in the history; `r` shows the perception
against the log and the largest gaps."""

import email
from datetime import date
from email import policy

from textual.widgets import DataTable

from model.campaigns import care_calls as cc
from model.campaigns import dispatch
from model.entities import Contact
from screens.care_calls import CareCallScreen
from tests.app.helpers import make_app, settle, text_of


def table_rows(app, selector) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_export_key_survey_and_results_view(small_store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # A Jahresgespräch with Anna Huber in 2026-W47 (16.–22.11.2026), the Monday list of 27.11.
    small_store.add_contacts([
        Contact("c-9", "g-1", date(2026, 11, 18), "MKR", "Gespräch geführt", "Besuch", "Jahresgespräch", person="p-1"),
    ])  # fmt: skip
    app = make_app(small_store, user="TLE")
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        await pilot.press("f11")
        await settle(app, pilot)
        assert isinstance(app.screen, CareCallScreen)
        assert "x: Versand" in text_of(app, "#cc-info")
        await pilot.press("x")
        await settle(app, pilot)

        csv_text = (tmp_path / "carecalls-2026-W47.csv").read_text(encoding="utf-8-sig")
        lines = csv_text.splitlines()
        assert lines[0].startswith("Kanal;Verbund-Nr;Verbund;Ansprechpartner;E-Mail")
        # Only the person spoken to is asked, in the lead advisor's name.
        assert lines[1:] == [
            "E-Mail;10001;Bäckerei Huber GmbH;Anna Huber;anna@huber.de;06195 123456;Martina Kraus;;18.11.2026;"
            "Jahresgespräch;2026-W47;Care Call;10001-2026-W47-p1"
        ]
        (eml,) = (tmp_path / "carecalls-2026-W47").iterdir()
        message = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
        assert message["X-Unsent"] == "1" and message["To"] == "Anna Huber <anna@huber.de>"
        assert "Wie oft meldet sich Ihr Kundenberater bei Ihnen?" in message.get_content()
        (logged,) = small_store.read_collection(dispatch.DISPATCHES)
        assert (logged["group"], logged["week"], logged["by"]) == ("g-1", "2026-W47", "TLE")

        await pilot.press("enter")
        await pilot.pause()
        # quartalsweise, jährlich, vor über einem Jahr; score 4; no comment
        await pilot.press("2", "4", "4", "4", "enter")
        await settle(app, pilot)
        assert table_rows(app, "#cc-table")[0][-1] == "✓ 4/5"
        await pilot.press("r")
        await settle(app, pilot)
        # The log: 2 counted entries in 12 months (halbjährlich), 2 visits, a Jahresgespräch on 18.11.
        (gap,) = table_rows(app, "#cc-gap-table")
        assert gap == [
            "10001 Bäckerei Huber GmbH", "MKR", "2026-W47", "5",
            "≠ quartalsweise · halbjährlich", "≠ jährlich · halbjährlich", "≠ vor über einem Jahr · in den letzten 3 Monaten",
        ]  # fmt: skip
        assert table_rows(app, "#cc-team-table")[0][-1] == "0 %"

    (survey,) = small_store.read_collection(cc.COLLECTION)
    assert survey["id"] == cc.stable_survey_id("g-1", "2026-W47") and survey["channel"] == "Telefon"
    care_call = [c for c in small_store.load().history("g-1") if c.format == "Care Call"]
    assert [(c.by, c.channel, c.outcome) for c in care_call] == [("TLE", "Telefon", "Gespräch geführt")]

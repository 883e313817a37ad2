"""Every headless command through `kontakt_tui.cli.parser`, good and bad input."""

import json
from datetime import date

import pytest

from kontakt_tui import cli, launch
from model.store import Store


def run(capsys, store, *args, user="MKR"):
    try:
        code = cli.main(["--store", str(store.root if isinstance(store, Store) else store), "--user", user, *args])
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_init_creates_and_refuses_existing(tmp_path, capsys):
    code, out, _ = run(capsys, tmp_path / "neu", "init")
    assert code == 0 and "Neuer Speicher angelegt" in out
    assert Store.open(tmp_path / "neu", "X").load().config.institute
    code, _, err = run(capsys, tmp_path / "neu", "init")
    assert code == 2 and "bereits einen kontakt-Speicher" in err


def test_init_and_demo_need_a_store(capsys, monkeypatch):
    monkeypatch.delenv("KONTAKT_STORE", raising=False)
    assert cli.main(["init"]) == 1
    assert "braucht --store" in capsys.readouterr().err


def test_demo_is_deterministic_and_refuses_a_used_folder(tmp_path, capsys):
    code, out, _ = run(capsys, tmp_path / "d1", "demo", "--groups", "40", "--as-of", "27.11.2026")
    assert code == 0 and "40 Verbünde" in out
    run(capsys, tmp_path / "d2", "demo", "--groups", "40", "--as-of", "2026-11-27")
    for a, b in zip(sorted((tmp_path / "d1" / "master").iterdir()), sorted((tmp_path / "d2" / "master").iterdir())):
        assert a.read_bytes() == b.read_bytes()
    assert run(capsys, tmp_path / "d1", "demo", "--groups", "40")[0] == 2
    assert run(capsys, tmp_path / "d3", "demo", "--groups", "0")[0] == 1


def test_due_json_order_and_keys(small_store, capsys):
    code, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--json")
    assert code == 0
    assert json.loads(out) == [
        {"group": "10003", "name": "Schreinerei Vogt", "class": "C", "role": "lead", "due": None, "overdue_days": None, "reason": "never", "meeting": None},
        {"group": "10001", "name": "Bäckerei Huber GmbH", "class": "A", "role": "lead", "due": "2026-09-01", "overdue_days": 87, "reason": "frequency", "meeting": None},
        {"group": "10002", "name": "Autohaus Krämer KG", "class": "B", "role": "lead", "due": "2026-12-05", "overdue_days": -8, "reason": "follow_up", "meeting": None},
    ]  # fmt: skip
    code, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--days", "0")
    assert "2 überfällig · 0 heute · 0 demnächst" in out and "nie kontaktiert" in out and "01.09.2026" in out


def test_due_for_a_colleague_shows_the_department_role(small_store, capsys):
    _, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--json", user="VKS")
    assert [(i["group"], i["role"], i["reason"]) for i in json.loads(out)] == [("10001", "Versicherung", "never")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["due", "--as-of", "31.02.2026"], '--as-of: "31.02.2026" ist kein gültiges Datum'),
        (["due", "--days", "-1"], "--days darf nicht negativ"),
        (["due", "--days", "x"], "keine ganze Zahl"),
        (["contacts", "99999"], "Verbund 99999 gibt es nicht"),
        (["log", "10001"], "diese Angaben fehlen: --outcome"),
        (["log", "10001", "--outcome", "super"], "--outcome: Ergebnis 'super' ist nicht vorgesehen. Möglich: Termin vereinbart"),
        (
            ["log", "10001", "--outcome", "Gespräch geführt", "--channel", "Brief"],
            "--channel: Kanal 'Brief' ist nicht vorgesehen",
        ),
        (["log", "10004", "--outcome", "Gespräch geführt", "--format", "Ratinggespräch"], "für Klasse D nicht vorgesehen"),
        (
            ["log", "10001", "--outcome", "Gespräch geführt", "--date", "10.11.2026", "--follow-up", "09.11.2026"],
            "--follow-up: Der Folgekontakt liegt in der Vergangenheit (09.11.2026)",
        ),
        (
            ["log", "10001", "--outcome", "Gespräch geführt", "--department", "Versicherung"],
            "MKR betreut 10001 nicht für Versicherung. Rolle(n) von MKR dort: FKB",
        ),
        (["log", "10001", "--outcome", "Termin vereinbart"], "--meeting: "),
        (["log", "10001", "--outcome", "Termin vereinbart", "--meeting", "03.12.2026"], '--meeting: "" ist keine Uhrzeit'),
        (
            ["log", "10001", "--outcome", "Gespräch geführt", "--meeting", "03.12.2026 10:00"],
            "--meeting gibt es nur mit --outcome „Termin vereinbart“",
        ),
        (["log", "10001", "--outcome", "Gespräch geführt", "--department", "Bäckerei"], "--department 'Bäckerei'"),
        (["log", "10001", "--outcome", "Gespräch geführt", "--person", "Fritz"], "Bekannt: Anna Huber, Klaus Berg"),
        (["log", "99999", "--outcome", "Gespräch geführt"], "Verbund 99999 gibt es nicht"),
    ],
)
def test_bad_input_exits_1_with_german_message_and_writes_nothing(small_store, capsys, args, message):
    before = small_store.load().contact_count
    code, _, err = run(capsys, small_store, *args)
    assert code == 1
    assert message in err
    assert Store.open(small_store.root, "X").load().contact_count == before


def test_unknown_user_and_missing_store(small_store, tmp_path, capsys):
    code, _, err = run(capsys, small_store, "due", user="NOBODY")
    assert code == 1 and "NOBODY ist im Speicher nicht als Betreuer angelegt" in err
    code, _, err = run(capsys, tmp_path / "leer", "due")
    assert code == 2 and "kontakt.json fehlt" in err


def test_log_then_due_and_contacts(small_store, capsys):
    code, out, _ = run(
        capsys, small_store, "log", "10003", "--outcome", "Gespräch geführt", "--date", "20.11.2026",
        "--channel", "Telefon", "--format", "Servicekontakt", "--follow-up", "15.01.2027",
        "--note", "Neue Halle geplant", "--person", "",
    )  # fmt: skip
    assert code == 0 and "Nächster Kontakt fällig: 15.01.2027 (Folgekontakt)" in out
    contacts = Store.open(small_store.root, "X").load()
    (logged,) = [c for c in contacts.history("g-3")]
    assert (logged.by, logged.date, logged.note, logged.logged_at != "") == (
        "MKR",
        date(2026, 11, 20),
        "Neue Halle geplant",
        True,
    )
    _, out, _ = run(capsys, small_store, "contacts", "10003", "--json")
    assert json.loads(out) == [
        {"group": "10003", "date": "2026-11-20", "by": "MKR", "department": None, "channel": "Telefon",
         "format": "Servicekontakt", "outcome": "Gespräch geführt", "follow_up": "2027-01-15", "note": "Neue Halle geplant",
         "meeting": None}
    ]  # fmt: skip
    _, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--json")
    assert "10003" not in {i["group"] for i in json.loads(out)}


def test_log_for_a_department_counts_only_there(small_store, capsys):
    code, out, _ = run(
        capsys,
        small_store,
        "log",
        "10001",
        "--outcome",
        "Gespräch geführt",
        "--department",
        "Versicherung",
        "--date",
        "20.11.2026",
        user="VKS",
    )
    # 20.11.2026 + 1 year is a Saturday: the follow-up the dialog would suggest moves to Monday
    assert code == 0 and "Folgekontakt: Montag, 22.11.2027 (vorgeschlagen: Samstag → verschoben auf Montag, 22.11.2027" in out
    assert "(Versicherung) gespeichert. Nächster Kontakt fällig: 22.11.2027 (Folgekontakt)" in out
    _, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--json")
    assert ("10001", "frequency") in {(i["group"], i["reason"]) for i in json.loads(out)}


def test_contacts_of_all_my_groups_newest_first(small_store, capsys):
    _, out, _ = run(capsys, small_store, "contacts")
    lines = out.splitlines()
    assert lines[0].startswith("Datum") and "01.06.2026" in lines[2] and "10.01.2026" in lines[-1]
    assert "Praxis Dr. Lang" not in out


def test_inactive_mine_and_all(small_store, capsys):
    _, out, _ = run(capsys, small_store, "inactive", "--as-of", "27.11.2026", "--json")
    assert json.loads(out) == [{"group": "10003", "name": "Schreinerei Vogt", "class": "C", "lead": "MKR", "last_contact": None}]
    _, out, _ = run(capsys, small_store, "inactive", "--as-of", "01.02.2027", "--all")
    assert "Inaktive Verbünde am 01.02.2027: 2" in out
    _, out, _ = run(capsys, small_store, "inactive", "--as-of", "02.06.2027", "--all", "--json")
    assert [i["group"] for i in json.loads(out)] == ["10001", "10002", "10003", "10004"]


def test_report_by_hand(small_store, capsys):
    _, out, _ = run(capsys, small_store, "report", "--as-of", "27.11.2026", "--json")
    report = json.loads(out)
    assert report["period"] == {"first": "2025-11-28", "last": "2026-11-27"}
    assert report["classes"] == [
        {"class": "A", "groups": 1, "soll": 4.0, "ist": 1, "under_served": 1, "over_served": 0},
        {"class": "B", "groups": 1, "soll": 2.0, "ist": 1, "under_served": 1, "over_served": 0},
        {"class": "C", "groups": 1, "soll": 1.0, "ist": 0, "under_served": 1, "over_served": 0},
        {"class": "D", "groups": 1, "soll": 0.5, "ist": 1, "under_served": 0, "over_served": 1},
    ]
    assert report["total"] == {"class": "gesamt", "groups": 4, "soll": 7.5, "ist": 3, "under_served": 3, "over_served": 1}
    _, out, _ = run(capsys, small_store, "report", "--as-of", "27.11.2026", "--all")
    total = next(line for line in out.splitlines() if line.startswith("gesamt"))
    assert "11,5" in total and "alle Betreuer" in out


def test_import_command_success_and_failure(small_store, tmp_path, capsys):
    good = tmp_path / "p.csv"
    good.write_bytes(
        "Verbund-Nr;Name;Funktion;Telefon;E-Mail\r\n10002;Jörg Krämer;Inhaber;0611 445566;jk@kraemer.de\r\n".encode("cp1252")
    )
    code, out, _ = run(capsys, small_store, "import", "persons", str(good))
    assert code == 0 and "1 Ansprechpartner neu" in out
    assert [p.name for p in small_store.load().group("10002").persons] == ["Jörg Krämer"]
    bad = tmp_path / "c.csv"
    bad.write_text(
        "Verbund-Nr;Datum;Betreuer;Fachbereich;Kanal;Anlass;Ergebnis;Folgekontakt;Notiz\n10001;32.01.2026;MKR;;;;Gespräch geführt;;\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, small_store, "import", "contacts", str(bad))
    assert code == 1 and "nichts wurde gespeichert" in err and 'Zeile 2, Spalte "Datum"' in err


def test_no_command_opens_the_app(monkeypatch, tmp_path):
    opened = []
    monkeypatch.setattr(launch, "open_app", lambda settings: opened.append(settings) or 0)
    assert cli.main(["--store", str(tmp_path), "--user", "mkr"]) == 0
    assert opened[0].store == tmp_path and opened[0].user == "MKR"


def test_help_is_german(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("Aufruf: kontakt") and "Optionen:" in out and "Kontakt-Reminder" in out


def test_log_records_the_contact_person_spoken_to(small_store, capsys):
    code, _, _ = run(
        capsys,
        small_store,
        "log",
        "10001",
        "--outcome",
        "Termin vereinbart",
        "--person",
        "anna huber",
        "--date",
        "26.11.2026",
        "--meeting",
        "03.12.2026 10:00",
    )
    assert code == 0
    (logged,) = [c for c in small_store.load().history("g-1") if c.date == date(2026, 11, 26)]
    assert logged.person == "p-1"  # the person's id: stays right when the name is corrected later


def test_log_records_a_deal_amount(small_store, capsys):
    code, _, _ = run(
        capsys, small_store, "log", "10002", "--outcome", "Gespräch geführt", "--deal", "5.000", "--date", "26.11.2026"
    )
    assert code == 0
    (logged,) = [c for c in small_store.load().history("g-2") if c.date == date(2026, 11, 26)]
    assert logged.deal == 5000.0
    code, _, err = run(capsys, small_store, "log", "10002", "--outcome", "Gespräch geführt", "--deal", "viel")
    assert code == 1 and '--deal: "viel" ist kein Betrag' in err


def _logged(store, group_id, on):
    return [c for c in Store.open(store.root, "X").load().history(group_id) if c.date == on]


def test_log_moves_a_sunday_follow_up_to_monday_and_says_so(small_store, capsys):
    code, out, _ = run(
        capsys, small_store, "log", "10003", "--outcome", "Gespräch geführt", "--date", "27.11.2026", "--follow-up", "29.11.2026"
    )
    assert code == 0 and "Folgekontakt: Sonntag → verschoben auf Montag, 30.11.2026" in out
    (logged,) = _logged(small_store, "g-3", date(2026, 11, 27))
    assert logged.follow_up == date(2026, 11, 30)


@pytest.mark.parametrize(
    ("group", "outcome", "expected"),
    [
        ("10003", "Gespräch geführt", date(2027, 11, 29)),  # class C: 12 months → Saturday → Monday
        ("10003", "nicht erreicht", date(2026, 11, 30)),  # Friday → next working day
        ("10002", "Gespräch geführt", date(2027, 5, 28)),  # class B: six months → Fronleichnam (HE) → Friday
    ],
)
def test_log_without_follow_up_books_the_dialogs_pre_fill(small_store, capsys, group, outcome, expected):
    code, out, _ = run(capsys, small_store, "log", group, "--outcome", outcome, "--date", "27.11.2026")
    assert code == 0 and f"{expected:%d.%m.%Y} (vorgeschlagen" in out
    (logged,) = _logged(small_store, f"g-{group[-1]}", date(2026, 11, 27))
    assert logged.follow_up == expected


def test_log_names_a_holiday_it_moves_the_follow_up_off(small_store, capsys):
    _, out, _ = run(capsys, small_store, "log", "10002", "--outcome", "Gespräch geführt", "--date", "27.11.2026")
    assert "Fronleichnam (Feiertag) → verschoben auf Freitag, 28.05.2027" in out


def test_log_of_a_booked_meeting_takes_its_day_and_time(small_store, capsys):
    code, out, _ = run(
        capsys,
        small_store,
        "log",
        "10001",
        "--outcome",
        "Termin vereinbart",
        "--date",
        "27.11.2026",
        "--meeting",
        "03.12.2026 14:30",
    )
    assert code == 0 and "Folgekontakt: Donnerstag, 03.12.2026 (vorgeschlagen" in out
    (logged,) = _logged(small_store, "g-1", date(2026, 11, 27))
    assert (logged.meeting, logged.follow_up) == ("2026-12-03T14:30", date(2026, 12, 3))


def test_a_co_carer_logs_in_their_own_role_by_default(small_store, capsys):
    code, out, _ = run(capsys, small_store, "log", "10001", "--outcome", "Gespräch geführt", "--date", "27.11.2026", user="VKS")
    assert code == 0 and "(Versicherung) gespeichert" in out
    (logged,) = _logged(small_store, "g-1", date(2026, 11, 27))
    assert logged.department == "Versicherung"
    _, out, _ = run(capsys, small_store, "due", "--as-of", "27.11.2026", "--json")  # MKR's lead role: still overdue
    assert ("10001", "lead", "frequency") in {(i["group"], i["role"], i["reason"]) for i in json.loads(out)}


def test_log_that_saved_says_so_even_when_the_due_date_cannot_be_read(small_store, capsys, monkeypatch):
    from model.store import StoreError
    from model.store.lean import LeanLoadMixin

    def broken(self, groups):
        raise StoreError("Statusverzeichnis gesperrt")

    monkeypatch.setattr(LeanLoadMixin, "status_of", broken)
    code, out, _ = run(capsys, small_store, "log", "10003", "--outcome", "Gespräch geführt", "--date", "20.11.2026")
    assert code == 0  # the contact is stored: exit 2 would make a script log it twice
    assert "gespeichert. Nächster Kontakt fällig: nicht ermittelt (Statusverzeichnis gesperrt)." in out
    assert [c.date for c in Store.open(small_store.root, "X").load().history("g-3")] == [date(2026, 11, 20)]

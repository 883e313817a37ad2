"""A real institute from CSV files and commands alone (issue 12): staff list, groups, persons,
contacts, settings, co-care with a department colleague's own due list; the role policy
refusing every protected command; handover end to end; every setting with its audit entry;
login → Kürzel and the --user rules."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from kontakt_tui import cli
from model.store import Store
from model.store import audit as audit_mod

TODAY = date.today()
DAY = f"{TODAY:%d.%m.%Y}"
LOGIN = "BANK\\adorn"

STAFF = (
    "Kürzel;Name;Fachbereich;Rolle;Nettomarktzeit;Login\r\n"
    "ADM;Anke Dorn;;Administrator;200;BANK\\adorn\r\n"
    "MKR;Martina Kraus;;Teamleiter;630;BANK\\mkraus\r\n"
    "SKL;Stefan Klein;;Berater;630;BANK\\sklein\r\n"
    "TBE;Tina Berg;;Berater;472,5;BANK\\tberg\r\n"
    "VHO;Vera Hofmann;Versicherung;Berater;472,5;BANK\\vhofmann\r\n"
)
GROUPS = (
    "Verbund-Nr;Verbund;Segment;Betreuer;Kunden-Nr;Kunde\n"
    "10001;Müller Gruppe;Firmenkunden;SKL;1;Müller GmbH\n"
    "10002;Schmidt;Firmenkunden;SKL;2;Schmidt KG\n"
    "10003;Bauer;Gewerbekunden;TBE;3;Bauer e. K.\n"
)
PERSONS = "Verbund-Nr;Name;Funktion;Telefon;E-Mail\n10001;Hans Müller;Geschäftsführer;069 1234;hm@example.de\n"
FOLLOW = TODAY + timedelta(days=3)
CONTACTS = (
    "Verbund-Nr;Datum;Betreuer;Fachbereich;Kanal;Anlass;Ergebnis;Folgekontakt;Notiz\n"
    f"10001;{TODAY - timedelta(days=30):%d.%m.%Y};SKL;;Telefon;Jahresgespräch;Gespräch geführt;{FOLLOW:%d.%m.%Y};\n"
    f"10002;{TODAY - timedelta(days=60):%d.%m.%Y};VHO;Versicherung;Telefon;Servicekontakt;Gespräch geführt;;\n"
)


def run(capsys, store: Path, *args, user: str | None = None, login: str = LOGIN, monkeypatch=None):
    """One `kontakt` call as `login` (the OS login), optionally with --user."""
    monkeypatch.setattr("kontakt_tui.settings.os_login", lambda environ=None: login)
    monkeypatch.setattr("model.store.audit.os_login", lambda: login)
    capsys.readouterr()
    argv = ["--store", str(store), *(["--user", user] if user else []), *args]
    try:
        code = cli.main(argv)
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def k(capsys, monkeypatch, tmp_path):
    monkeypatch.delenv("KONTAKT_USER", raising=False)

    def call(*args, user=None, login=LOGIN):
        return run(capsys, tmp_path / "store", *args, user=user, login=login, monkeypatch=monkeypatch)

    return call


def _file(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


@pytest.fixture
def institute(k, tmp_path):
    """Set up from files and commands alone; returns the store folder."""
    assert k("init", "--name", "Sparkasse Musterstadt", "--bundesland", "BY")[0] == 0
    code, out, _ = k("doctor", login="someone")
    assert "Einrichtungsmodus" in out
    code, out, err = k("import", "groups", _file(tmp_path, "g.csv", GROUPS), login="someone")
    assert code == 0, err
    assert "Neue Betreuer angelegt: SKL, TBE" in out
    code, out, err = k("import", "advisors", _file(tmp_path, "s.csv", STAFF, "cp1252"), login="someone")
    assert code == 0, err
    assert "Mitarbeiter: 5 Zeilen, 3 neu, 2 geändert" in out and "Einrichtungsmodus beendet: Administrator ADM" in out
    assert k("import", "persons", _file(tmp_path, "p.csv", PERSONS))[0] == 0
    code, out, err = k("import", "contacts", _file(tmp_path, "c.csv", CONTACTS))
    assert code == 0, err
    assert k("config", "set", "federal_state", "NW")[0] == 0
    return tmp_path / "store"


def test_a_new_institute_from_files_and_commands(institute, k):
    store = Store.open(institute, "ADM").load()
    assert store.config.institute == "Sparkasse Musterstadt" and store.config.federal_state == "NW"
    assert store.advisors["VHO"].department == "Versicherung" and store.advisors["VHO"].net_market_hours == 472.5
    assert store.advisors["SKL"].name == "Stefan Klein"  # completed by the staff list
    # the FKB assigns his department colleague; her own due list shows the group
    code, out, err = k("assign", "10001", "--department", "Versicherung", "--advisor", "VHO", login="BANK\\sklein")
    assert code == 0, err
    code, out, err = k("due", "--json", "--days", "400", login="BANK\\vhofmann")
    assert code == 0, err
    assert [(i["group"], i["role"]) for i in json.loads(out)] == [("10001", "Versicherung")]
    # and she logs for it as herself (the login maps to VHO)
    code, out, err = k("log", "10001", "--outcome", "Gespräch geführt", login="BANK\\vhofmann")
    assert code == 0, err
    last = [e for e in audit_mod.entries(institute) if e["kind"] == "contact"][-1]
    assert (last["user"], last["login"]) == ("VHO", "BANK\\vhofmann") and last["host"]
    # doctor no longer reports set-up mode
    assert "Einrichtungsmodus" not in k("doctor")[1]


def test_the_staff_list_is_all_or_nothing_with_line_and_column(institute, k, tmp_path):
    bad = "Kürzel;Name;Fachbereich;Rolle;Nettomarktzeit\nX Y;;Vertrieb;Chef;viel\nNEU;Neu;;Berater;630\n"
    code, _, err = k("import", "advisors", _file(tmp_path, "bad.csv", bad))
    assert code == 1
    for expected in ('Zeile 2, Spalte "Kürzel"', 'Zeile 2, Spalte "Name": Wert fehlt', 'Zeile 2, Spalte "Fachbereich"',
                     'Zeile 2, Spalte "Rolle": „Chef“ ist keine Rolle (erlaubt: Berater, Teamleiter, Administrator)',
                     'Zeile 2, Spalte "Nettomarktzeit"'):  # fmt: skip
        assert expected in err
    assert "NEU" not in Store.open(institute, "ADM").load().advisors
    # the same list again changes nothing; a Berater may not import it
    code, out, _ = k("import", "advisors", _file(tmp_path, "s2.csv", STAFF))
    assert code == 0 and "0 neu, 0 geändert, 5 unverändert" in out
    code, _, err = k("import", "advisors", _file(tmp_path, "s3.csv", STAFF), login="BANK\\sklein")
    assert code == 1 and "braucht die Rolle Administrator" in err


PROTECTED = [
    (["import", "groups", "GROUPS"], "Administrator"),
    (["import", "advisors", "STAFF"], "Administrator"),
    (["staff", "add", "NEU", "--name", "Neu"], "Administrator"),
    (["staff", "set", "TBE", "--rolle", "Administrator"], "Administrator"),
    (["staff", "leave", "TBE"], "Administrator"),
    (["handover", "TBE", "SKL"], "Administrator"),
    (["config", "set", "federal_state", "BY"], "Administrator"),
    (["config", "add", "channels", "Chat"], "Administrator"),
    (["config", "remove", "channels", "Video"], "Administrator"),
    (["restore", "master/config.json"], "Administrator"),
    (["accept", "master/config.json"], "Administrator"),
    (["erase", "10001", "--yes"], "Administrator"),
    (["merge-groups", "10001", "10002", "--yes"], "Administrator"),
    (["export-person", "10001", "--yes"], "Administrator"),
    (["doctor", "--aufraeumen"], "Administrator"),
    (["capacity", "--set-net-market-time", "SKL", "600"], "Teamleiter"),
    (["cast", "10003", "Bonität=gut"], "Teamleiter"),
    (["assign", "10003", "--department", "Versicherung", "--advisor", "VHO"], "Teamleiter"),
    (["log", "10003", "--outcome", "Gespräch geführt"], "Teamleiter"),
    (["survey", "start", "Basis", "--all"], "Administrator"),
    (["import", "surveys", "GROUPS"], "Teamleiter"),
    (["carecalls", "--export", "versand.csv"], "Teamleiter"),
]


@pytest.mark.parametrize(("args", "role"), PROTECTED, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_a_berater_is_refused_naming_the_role_and_nothing_is_written(args, role, institute, k, tmp_path):
    args = [{"GROUPS": _file(tmp_path, "g2.csv", GROUPS), "STAFF": _file(tmp_path, "s2.csv", STAFF)}.get(a, a) for a in args]
    # Lock markers and the advisors' digests (a read cache any load renews) are not data.
    data = lambda: {p: p.read_bytes() for p in sorted(institute.rglob("*.json")) if not {"locks", "digests"} & set(p.parts)}  # noqa: E731
    before = data()
    code, _, err = k(*args, login="BANK\\sklein")
    assert code == 1, err
    assert "Keine Berechtigung" in err and f"Rolle {role}" in err
    assert data() == before


def test_handover_moves_lead_co_care_and_open_follow_ups(institute, k):
    assert k("assign", "10003", "--department", "Versicherung", "--advisor", "VHO")[0] == 0
    code, out, err = k("handover", "SKL", "TBE")
    assert code == 0, err
    assert "FKB-Rolle in 2 Verbünden" in out and "1 offener Folgekontakt geht mit" in out
    code, out, _ = k("due", "--json", "--days", "10", login="BANK\\tberg")
    due = {i["group"]: i for i in json.loads(out)}
    # SKL's agreed follow-up for 10001 is now TBE's, with the same date
    assert due["10001"]["due"] == FOLLOW.isoformat() and due["10001"]["reason"] == "follow_up"
    assert json.loads(k("due", "--json", login="BANK\\sklein")[1]) == []
    # co-care: VHO → SKL for 10003 from today, the old assignment kept with its end
    code, out, err = k("handover", "VHO", "SKL", "10003")
    assert code == 0, err
    group = Store.open(institute, "ADM").load().group("10003")
    ends = sorted((a.advisor, a.end) for a in group.assignments)
    assert ends == [("SKL", None), ("VHO", TODAY)] or ends == [("SKL", None)]
    audit = [e for e in audit_mod.entries(institute) if e["kind"] == "group" and e["action"] == "update"]
    assert audit and audit[-1]["login"] == LOGIN
    # someone who left can neither be given groups, nor log, nor be assigned
    assert k("staff", "leave", "VHO")[0] == 0
    code, _, err = k("handover", "SKL", "VHO", "10003")
    assert code == 1 and "ausgeschieden" in err
    code, _, err = k("log", "10002", "--outcome", "Gespräch geführt", login="BANK\\vhofmann")
    assert code == 1 and "ausgeschieden" in err
    code, _, err = k("assign", "10002", "--department", "Versicherung", "--advisor", "VHO")
    assert code == 1 and "ausgeschieden" in err
    code, out, _ = k("staff", "list", "--json")
    assert "VHO" not in [a["code"] for a in json.loads(out)["advisors"]]
    assert "VHO" in [a["code"] for a in json.loads(k("staff", "list", "--all", "--json")[1])["advisors"]]


SETTINGS = [
    ("institute", "Sparkasse Nord", "Sparkasse Nord"),
    ("federal_state", "by", "BY"),
    ("due_horizon_days", "21", 21),
    ("inactive_months", "18", 18),
    ("casting_review_months", "24", 24),
    ("unclassified_as", "d", "D"),
    ("test_store", "ja", True),
    ("call_party.rrule", "FREQ=WEEKLY;BYDAY=WE;BYHOUR=10;BYMINUTE=0;BYSECOND=0", "FREQ=WEEKLY;BYDAY=WE;BYHOUR=10;BYMINUTE=0;BYSECOND=0"),
    ("call_party.dtstart", "07.01.2026 10:00", "2026-01-07T10:00:00"),
    ("call_party.minutes", "90", 90),
    ("call_party.groups_per_advisor", "7", 7),
    ("channels", "Telefon,Besuch,Video", ["Telefon", "Besuch", "Video"]),
    ("formats", "Jahresgespräch,Strategiegespräch,Ratinggespräch,Beratungsgespräch,Servicekontakt,Active Call,Care Call,Messe",
     ["Jahresgespräch", "Strategiegespräch", "Ratinggespräch", "Beratungsgespräch", "Servicekontakt", "Active Call", "Care Call", "Messe"]),
    ("consultation_formats", "Jahresgespräch,Strategiegespräch", ["Jahresgespräch", "Strategiegespräch"]),
    ("outcomes", "Termin vereinbart,Gespräch geführt,kein Interesse,nicht erreicht,Rückruf",
     ["Termin vereinbart", "Gespräch geführt", "kein Interesse", "nicht erreicht", "Rückruf"]),
    ("uncounted_outcomes", "nicht erreicht,Rückruf", ["nicht erreicht", "Rückruf"]),
    ("departments", "Private Banking,Versicherung,Nachfolge,Leasing,Auslandsgeschäft,Immobilien,Verbundpartner,Factoring",
     ["Private Banking", "Versicherung", "Nachfolge", "Leasing", "Auslandsgeschäft", "Immobilien", "Verbundpartner", "Factoring"]),
    ("segments.Firmenkunden.A.frequency", "5,5", 5.5),
    ("segments.Firmenkunden.A.planning_minutes", "75", 75),
    ("segments.Firmenkunden.A.formats", "Jahresgespräch,Strategiegespräch", ["Jahresgespräch", "Strategiegespräch"]),
    ("segments.Gewerbekunden.B.min_score", "5", 5),
]  # fmt: skip


@pytest.mark.slow
def test_every_setting_is_set_by_command_with_backup_and_audit(institute, k):
    from model.staff import setting_keys, value_of

    config = Store.open(institute, "ADM").load().config
    covered = {key.rsplit(".", 1)[-1] if key.startswith("segments.") else key for key, _, _ in SETTINGS}
    every = {key.rsplit(".", 1)[-1] if key.startswith("segments.") else key for key in setting_keys(config)}
    assert every == covered  # a new key needs a row here
    seen = len([e for e in audit_mod.entries(institute) if e["kind"] == "config"])
    for key, typed, stored in SETTINGS:
        code, out, err = k("config", "set", key, typed)
        assert code == 0, (key, err)
        config = Store.open(institute, "ADM").load().config
        assert value_of(config, key) == stored, key
        entries = [e for e in audit_mod.entries(institute) if e["kind"] == "config"]
        assert len(entries) == seen + 1, key
        seen, last = len(entries), entries[-1]
        assert (last["user"], last["login"], last["after"] != last["before"]) == ("ADM", LOGIN, True), key
        show = json.loads(k("config", "show", key, "--json")[1])
        assert show[0]["value"] == stored
    assert list((institute / "backups").glob("config*/*")), "config writes are backed up"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("federal_state", "XX", "federal_state: „XX“ ist kein Bundesland-Kürzel (erlaubt: BB, BE"),
        ("due_horizon_days", "-1", "due_horizon_days: -1 liegt außerhalb von 0 bis 365"),
        ("segments.Firmenkunden.A.frequency", "0", "segments.Firmenkunden.A.frequency: 0 ist nicht möglich"),
        ("segments.Firmenkunden.Z.frequency", "1", "Klasse „Z“ gibt es nicht (erlaubt: A, B, C, D)"),
        ("segments.Wald.A.frequency", "1", "Segment „Wald“ gibt es nicht (erlaubt: Firmenkunden"),
        ("call_party.rrule", "jeden Dienstag", "call_party.rrule: „jeden Dienstag“ ist keine gültige Wiederholungsregel"),
        ("consultation_formats", "Messe", "consultation_formats nennt Messe, das in formats nicht"),
        ("test_store", "vielleicht", "test_store: „vielleicht“ ist weder ja noch nein"),
        ("bogus", "1", "bogus: diesen Schlüssel gibt es nicht"),
    ],
)
def test_a_bad_setting_names_the_key_and_the_allowed_values(key, value, expected, institute, k):
    before = (institute / "master" / "config.json").read_bytes()
    code, _, err = k("config", "set", key, value)
    assert code == 1 and expected in err and "Nichts gespeichert" in err
    assert (institute / "master" / "config.json").read_bytes() == before


def test_who_is_working_and_the_user_option(institute, k):
    from model.staff import code_for_login

    picture = Store.open(institute, "ADM").load()
    assert code_for_login(picture, "BANK\\mkraus") == "MKR"
    assert code_for_login(picture, "mkraus") == "MKR"  # without the domain
    assert code_for_login(picture, "OTHER\\fremd") == "FREMD"  # no mapping: upper-cased as before
    # a Berater may not act as someone else …
    code, _, err = k("due", user="MKR", login="BANK\\sklein")
    assert code == 1 and "Als MKR arbeiten (--user/KONTAKT_USER) darf nur ein Administrator" in err
    # … an Administrator may
    assert k("due", user="SKL")[0] == 0
    # in a store marked as test store anyone may
    assert k("config", "set", "test_store", "ja")[0] == 0
    assert k("due", user="MKR", login="BANK\\sklein")[0] == 0


def test_set_up_mode_allows_acting_as_anyone(k, tmp_path):
    assert k("init")[0] == 0
    assert k("import", "groups", _file(tmp_path, "g.csv", GROUPS), login="nobody")[0] == 0
    assert k("log", "10001", "--outcome", "Gespräch geführt", user="SKL", login="nobody")[0] == 0


def test_the_demo_is_a_test_store(k, capsys):
    assert k("demo", "--groups", "5")[0] == 0
    assert k("due", user="SKL", login="someone")[0] == 0


def test_init_refuses_a_bad_federal_state(k, tmp_path):
    code, _, err = k("init", "--bundesland", "XY")
    assert code == 1 and "--bundesland" in err and "erlaubt: BB" in err
    assert not (tmp_path / "store").exists()

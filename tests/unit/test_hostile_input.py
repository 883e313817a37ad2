"""Hostile input (issue 11, item 8): escape sequences and control characters, CSV formulas,
mixed encodings, absurd dates and amounts — each refused or made harmless, with a German
message naming the field."""

from datetime import date

import pytest

from model.config import default_config
from model.contacts.guided_call import CallInput, build_call, follow_up_from_text
from model.exchange.csv_in import ImportFailed, MixedEncoding, decode, read_text
from model.exchange.csv_out import cell, to_csv_text
from model.german.dates import check_follow_up, parse_date_de
from model.german.numbers import parse_amount
from model.german.workdays import describe_follow_up, parse_relative_date
from model.store import Store
from model.text_safety import clean_text, csv_safe, has_control
from tests.conftest import AS_OF
from tests.unit.test_cli import run

OSC52 = "\x1b]52;c;SGFsbG8gV2VsdA==\x07"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (f"Firma {OSC52}GmbH", "Firma GmbH"),  # clipboard write: the whole sequence goes
        ("Firma \x1b]52;c;SGFsbG8=", "Firma "),  # unterminated: a terminal would swallow the rest too
        ("\x1b]0;Titel\x1b\\Name", "Name"),  # OSC ended by ST
        ("\x1b[2J\x1b[31mrot\x1b[0m", "rot"),  # CSI: clear screen, colours
        ("\x9b2Jname", "name"),  # 8-bit CSI
        ("\x1bcReset", "Reset"),  # two-character escape
        ("gut\rböse", "gutböse"),  # a lone CR would overwrite the line
        ("a\x00b\x07c\x08d\x7fe\x85f", "abcdef"),  # C0, DEL, C1
        ("\u202eevil", "evil"),  # bidi override
        ("Zeile 1\r\nZeile 2\tTab", "Zeile 1\nZeile 2\tTab"),  # notes keep lines and tabs
        ("Bäckerei [/] Albrecht", "Bäckerei [/] Albrecht"),  # markup is not our business here
    ],
)
def test_clean_text_removes_sequences_and_controls(raw, shown):
    assert clean_text(raw) == shown
    assert has_control(raw) == (raw.replace("\r\n", "\n") != shown)


def test_clean_text_single_line_and_plain_text_untouched():
    assert clean_text("a\nb\tc", single_line=True) == "a b c"
    plain = "Müller & Söhne GmbH [i. L.]"
    assert clean_text(plain) is plain


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+49 69 1234", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_formula_starts_are_neutralised(value):
    assert csv_safe(value) == "'" + value
    written = cell(value)  # control characters go first: a CR is dropped, a tab is quoted
    assert written.startswith("'") or not written.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell("\r=1+1") == "'=1+1"


def test_csv_numbers_stay_numbers_and_plain_text_stays():
    assert cell(-3) == "-3" and cell(-1.5) == "-1,50" and cell(0.0) == "0"
    assert cell("Bäckerei Huber") == "Bäckerei Huber" and cell("–") == "–"
    text = to_csv_text(["Nr", "=Kriterium"], [["10001", f"=1+1{OSC52}"], ["-5", -5]])
    assert text.splitlines() == ["Nr;'=Kriterium", "10001;'=1+1", "'-5;-5"]


def test_mixed_encodings_are_refused_with_the_line(tmp_path):
    data = "Verbund-Nr;Verbund\r\n10001;Bäckerei Müller\r\n".encode() + "10002;Schreinerei Höß\r\n".encode("cp1252")
    with pytest.raises(MixedEncoding) as caught:
        decode(data)
    assert caught.value.line == 3 and caught.value.utf8_line == 2
    path = tmp_path / "gemischt.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFailed) as failed:
        read_text(path)
    assert "gemischt.csv: Zeile 3 ist nicht UTF-8" in str(failed.value) and "CSV UTF-8" in str(failed.value)


def test_pure_cp1252_and_utf8_with_bom_still_read():
    assert decode("a;Höß\n".encode("cp1252")) == "a;Höß\n"
    assert decode("\ufeffa;Höß\n".encode("utf-8")) == "a;Höß\n"
    with pytest.raises(MixedEncoding):  # a BOM promises UTF-8: a cp1252 line breaks it
        decode(b"\xef\xbb\xbfa;b\n" + "c;Höß\n".encode("cp1252"))


@pytest.mark.parametrize("typed", ["31.12.9999", "01.01.1899", "0001-01-01", "01.01.2101"])
def test_dates_outside_1900_to_2100_are_refused(typed):
    with pytest.raises(ValueError, match="liegt nicht zwischen 1900 und 2100"):
        parse_date_de(typed)


def test_dates_at_the_bounds_are_accepted():
    assert parse_date_de("01.01.1900") == date(1900, 1, 1)
    assert parse_date_de("2100-12-31") == date(2100, 12, 31)


def test_follow_up_at_most_ten_years_ahead():
    check_follow_up(date(2036, 11, 27), AS_OF)
    with pytest.raises(ValueError, match="mehr als 10 Jahre nach dem 27.11.2026"):
        check_follow_up(date(2036, 11, 28), AS_OF)
    check_follow_up(date(2034, 2, 28), date(2024, 2, 29))  # leap day: the limit is 28.02.
    with pytest.raises(ValueError, match="mehr als 10 Jahre"):
        follow_up_from_text("+200m", default_config(), AS_OF)
    shift, message = describe_follow_up("31.12.2099", AS_OF, "HE")
    assert shift is None and "mehr als 10 Jahre" in message
    with pytest.raises(ValueError, match="kein gültiges Datum"):
        parse_relative_date("+99999999", AS_OF)  # overflow: the usual message, no traceback


def test_amounts_are_bounded():
    assert parse_amount("1.000.000.000.000") == 10**12
    with pytest.raises(ValueError, match="zu groß"):
        parse_amount("1.000.000.000.001")
    with pytest.raises(ValueError, match="kein Betrag"):
        parse_amount("1e400")


def test_guided_call_names_the_absurd_fields(small_store):
    institute = small_store.load()
    group = institute.group("10001")
    entry = CallInput("Termin vereinbart", "Telefon", "Servicekontakt", "", "", "31.12.2099",
                      meeting_day="31.12.2099", meeting_time="10:00", deal="5.000.000.000.000")  # fmt: skip
    contact, problems = build_call(entry, group, "lead", "MKR", institute.config, AS_OF)
    assert contact is None
    assert set(problems) == {"follow_up", "meeting", "deal"}
    assert "zu groß" in problems["deal"] and "mehr als 10 Jahre" in problems["follow_up"]


def test_cli_log_refuses_year_9999_before_writing(small_store, capsys):
    before = len(Store.open(small_store.root, "MKR").load().contacts)
    code, out, err = run(capsys, small_store, "log", "10001", "--outcome", "Gespräch geführt", "--date", "31.12.9999")
    assert code == 1 and out == "" and '--date: "31.12.9999" liegt nicht zwischen 1900 und 2100' in err
    code, _, err = run(capsys, small_store, "log", "10001", "--outcome", "Gespräch geführt", "--date", "27.11.2026",
                       "--follow-up", "01.01.2040")  # fmt: skip
    assert code == 1 and "--follow-up: 01.01.2040 liegt mehr als 10 Jahre" in err
    code, _, err = run(capsys, small_store, "log", "10001", "--outcome", "Gespräch geführt", "--deal", "9e13")
    assert code == 1 and "--deal:" in err
    assert len(Store.open(small_store.root, "MKR").load().contacts) == before


def test_cli_output_never_carries_escape_sequences(small_store, capsys):
    """`kontakt due` / `contacts` print names and notes; JSON keeps them as \\u escapes."""
    import json
    from dataclasses import replace

    from model.entities import Contact

    store = Store.open(small_store.root, "MKR")
    evil = store.load().groups["g-3"]
    store.save_groups([replace(evil, name=f"Schreinerei{OSC52} [/] Vogt\x1b[2J")])
    store.add_contacts([Contact("c-9", "g-3", date(2026, 11, 2), "MKR", "Gespräch geführt", "Telefon",
                                follow_up=date(2026, 11, 20), note=f"Notiz{OSC52}\rfertig")])  # fmt: skip
    code, out, err = run(capsys, small_store, "due", "--as-of", "27.11.2026")
    assert code == 0 and "Schreinerei [/] Vogt" in out
    assert "\x1b" not in out and "\x07" not in out and "SGFsbG8" not in out
    code, out, _ = run(capsys, small_store, "contacts", "10003")
    assert code == 0 and "Notizfertig" in out and "\x1b" not in out and "\r" not in out
    code, out, _ = run(capsys, small_store, "contacts", "10003", "--json")
    assert json.loads(out)[0]["note"] == f"Notiz{OSC52}\rfertig"  # data intact, escaped in JSON
    assert "\x1b" not in out
    code, _, err = run(capsys, small_store, "log", f"99{OSC52}", "--outcome", "Gespräch geführt")
    assert code == 1 and "\x1b" not in err and "Verbund 99 gibt es nicht" in err

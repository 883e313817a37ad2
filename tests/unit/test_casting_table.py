"""The portfolio casting table: rows, option/class/advisor filters, class distribution and
the CSV export's header and rows."""

from datetime import date

import pytest

from model.casting.scoring import CastingError, cast
from model.casting.table import (
    casting_rows,
    distribution,
    filter_rows,
    parse_option_filter,
    table_for_export,
)
from model.config import default_config
from model.entities import Group
from model.exchange.csv_out import to_csv_text

CONFIG = default_config()
SCHEME = CONFIG.scheme("Firmenkunden")
OPEN = "ist perspektivisch zu lösen"
SETTLED = "ist geregelt / steht nicht an"


def answers(
    potenzial="hoch", versicherung="< 150 €", nachfolge=SETTLED, anlage="unter 5 T€", privat="unauffällig", bedarf="keiner"
):
    return {
        "Potenzial Gesamtverbund": potenzial,
        "Versicherungspotenzial p.a.": versicherung,
        "Unternehmensnachfolge": nachfolge,
        "Anlagepotenzial": anlage,
        "Privatvermögen Inhaber": privat,
        "Finanzierungsbedarf": bedarf,
    }


def group(number, name, chosen=None, lead="MKR", segment="Firmenkunden", on=date(2026, 3, 1), **override):
    castings = (cast(SCHEME, chosen, on=on, by=lead, **override),) if chosen else ()
    return Group(f"g-{number}", number, name, segment, lead, castings=castings)


GROUPS = [
    group("3", "Cäsar", answers("außerordentlich", "≥ 2.500 €", OPEN, "über 15 T€")),  # 3+3+2+2 = 10 → A
    group("1", "Anton", answers(nachfolge=OPEN, bedarf="konkret")),  # 2+2+2 = 6 → B
    group("2", "Berta", answers(), lead="TLE", override_class="A", reason="Neuer Großauftrag"),  # 2 → D, A
    group("4", "Dora"),
    group("5", "Emil", answers(), segment="Gewerbekunden"),
]


def test_rows_of_one_segment_by_number_with_the_latest_casting():
    rows = casting_rows(GROUPS, CONFIG, "Firmenkunden")
    assert [(r.group.number, r.score, r.cls) for r in rows] == [("1", 6, "B"), ("2", 2, "A"), ("3", 10, "A"), ("4", None, None)]
    assert rows[0].answers["Unternehmensnachfolge"] == OPEN and rows[3].answers == {}
    assert [r.group.number for r in casting_rows(GROUPS, CONFIG, "Firmenkunden", advisor="TLE")] == ["2"]
    newer = cast(SCHEME, answers("gering"), on=date(2026, 9, 1), by="MKR")
    regrouped = [
        g if g.number != "1" else Group(g.id, "1", g.name, g.segment, g.lead, castings=(*g.castings, newer)) for g in GROUPS
    ]
    assert casting_rows(regrouped, CONFIG, "Firmenkunden")[0].answers["Potenzial Gesamtverbund"] == "gering"


def test_option_filter_accepts_both_spellings_and_any_case():
    assert parse_option_filter("Unternehmensnachfolge=ist perspektivisch zu lösen", SCHEME) == ("Unternehmensnachfolge", OPEN)
    assert parse_option_filter("Unternehmensnachfolge: ist perspektivisch zu lösen", SCHEME) == ("Unternehmensnachfolge", OPEN)
    assert parse_option_filter(" finanzierungsbedarf = KONKRET ", SCHEME) == ("Finanzierungsbedarf", "konkret")


def test_option_filter_refuses_with_the_valid_lists():
    with pytest.raises(
        CastingError, match="Unbekanntes Kriterium „Nachfolge“ im Schema Firmenkunden. Gültig: Potenzial Gesamtverbund, "
    ):
        parse_option_filter("Nachfolge=offen", SCHEME)
    with pytest.raises(CastingError) as exc:
        parse_option_filter("Unternehmensnachfolge=offen", SCHEME)
    assert str(exc.value) == f"Unbekannte Option „offen“ für „Unternehmensnachfolge“. Gültig: {OPEN}, {SETTLED}"
    with pytest.raises(CastingError, match="erwartet KRITERIUM=OPTION"):
        parse_option_filter("Unternehmensnachfolge", SCHEME)


def test_filters_combine_options_classes_and_advisor():
    rows = casting_rows(GROUPS, CONFIG, "Firmenkunden")
    succession = [("Unternehmensnachfolge", OPEN)]
    assert [r.group.number for r in filter_rows(rows, succession)] == ["1", "3"]
    assert [r.group.number for r in filter_rows(rows, succession, classes={"A"})] == ["3"]
    assert [r.group.number for r in filter_rows(rows, classes={"A"})] == ["2", "3"]
    assert [r.group.number for r in filter_rows(rows, classes={"–"})] == ["4"]
    assert [r.group.number for r in filter_rows(rows, advisor="TLE")] == ["2"]
    either = [("Potenzial Gesamtverbund", "hoch"), ("Potenzial Gesamtverbund", "außerordentlich")]
    assert [r.group.number for r in filter_rows(rows, either)] == ["1", "2", "3"]
    both = [*either, ("Finanzierungsbedarf", "konkret")]
    assert [r.group.number for r in filter_rows(rows, both)] == ["1"]
    assert filter_rows(rows) == rows


def test_distribution_counts_and_shares():
    rows = casting_rows(GROUPS, CONFIG, "Firmenkunden")
    assert distribution(rows) == [("A", 2, 0.5), ("B", 1, 0.25), ("C", 0, 0.0), ("D", 0, 0.0), ("–", 1, 0.25)]
    cast_only = [r for r in rows if r.casting]
    assert distribution(cast_only)[-1] == ("D", 0, 0.0) and len(distribution(cast_only)) == 4
    assert distribution([]) == [("A", 0, 0.0), ("B", 0, 0.0), ("C", 0, 0.0), ("D", 0, 0.0)]


def test_export_header_and_rows():
    rows = casting_rows(GROUPS, CONFIG, "Firmenkunden")
    header, table = table_for_export(rows, SCHEME)
    assert header == [
        "Nr", "Verbund", "FKB", "Potenzial Gesamtverbund", "Versicherungspotenzial p.a.", "Unternehmensnachfolge",
        "Anlagepotenzial", "Privatvermögen Inhaber", "Finanzierungsbedarf", "Punkte", "Klasse", "abweichend",
        "Begründung", "gecastet am",
    ]  # fmt: skip
    assert table[1] == [
        "2",
        "Berta",
        "TLE",
        "hoch",
        "< 150 €",
        SETTLED,
        "unter 5 T€",
        "unauffällig",
        "keiner",
        2,
        "A",
        True,
        "Neuer Großauftrag",
        date(2026, 3, 1),
    ]
    assert table[3] == ["4", "Dora", "MKR", "", "", "", "", "", "", None, "–", None, "", None]
    lines = to_csv_text(header, table).splitlines()
    assert (
        lines[2]
        == "2;Berta;TLE;hoch;< 150 €;ist geregelt / steht nicht an;unter 5 T€;unauffällig;keiner;2;A;ja;Neuer Großauftrag;01.03.2026"
    )
    assert lines[1].endswith(";6;B;nein;;01.03.2026")
    assert lines[4] == "4;Dora;MKR;;;;;;;;–;;;"

"""Headless: the Monday export of KW 53/2026 → answers typed into the file in German Excel
(Windows-1252, CRLF) → `kontakt import surveys` → results; the repeat rule; the baseline
survey with its own name; a wrong file stops with line and column and saves nothing."""

import json
from datetime import date

from kontakt_tui import cli
from model.campaigns import care_calls as cc
from model.campaigns import dispatch
from model.entities import Contact

ANSWERS = ";Kontakthäufigkeit;Treffen;Letztes Zielgespräch;Zufriedenheit;Kommentar"


def run(capsys, store, *args):
    capsys.readouterr()
    code = cli.main(["--store", str(store.root), "--user", "TLE", *args])
    out, err = capsys.readouterr()
    return code, out, err


def excel_file(path, export, answers):
    """The export with the answer columns added, saved as German Excel saves CSV."""
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    rows = [lines[0] + ANSWERS] + [line + ";" + a for line, a in zip(lines[1:], answers, strict=True)]
    path.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    return path


def test_export_import_round_trip_across_the_year_boundary(small_store, tmp_path, capsys):
    small_store.add_contacts([
        Contact("k-1", "g-1", date(2027, 1, 3), "MKR", "Gespräch geführt", "Besuch", "Jahresgespräch", person="p-2"),
        Contact("k-2", "g-3", date(2026, 12, 28), "MKR", "Gespräch geführt", "Besuch", "Strategiegespräch"),
    ])  # fmt: skip
    export, drafts = tmp_path / "kw53.csv", tmp_path / "entwuerfe"
    code, out, err = run(capsys, small_store, "carecalls", "--as-of", "04.01.2027", "--export", str(export), "--eml", str(drafts))
    assert code == 0, err
    assert "KW 53/2026 (28.12.2026–03.01.2027): 2 Verbünde mit Beratungsgespräch, 0 in den letzten 12 Wochen" in out
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[0:4] + line.split(";")[-3:] for line in lines[1:]] == [
        ["E-Mail", "10001", "Bäckerei Huber GmbH", "Klaus Berg", "2026-W53", "Care Call", "10001-2026-W53-p2"],
        ["Telefon", "10003", "Schreinerei Vogt", "", "2026-W53", "Care Call", "10003-2026-W53-0"],
    ]
    assert [p.name for p in drafts.iterdir()] == ["10001-2026-W53-p2.eml"]

    answers = excel_file(tmp_path / "antworten.csv", export, ["quartalsweise;jährlich;vor über einem Jahr;4;nett", "1;1;1;5;"])
    code, out, err = run(capsys, small_store, "import", "surveys", str(answers))
    assert (code, out) == (
        0,
        "Care Calls: 2 Antworten gespeichert, 0 unverändert.\n2 Care-Call-Einträge in den Kontakthistorien ergänzt.\n",
    ), err
    code, out, _ = run(capsys, small_store, "import", "surveys", str(answers))
    assert out.startswith("Care Calls: 0 Antworten gespeichert, 2 unverändert.\n0 Care-Call-Einträge")
    surveys = small_store.read_collection(cc.COLLECTION)
    assert sorted((s["group"], s["week"], s["score"], s["comment"]) for s in surveys) == [
        ("g-1", "2026-W53", 4, "nett"), ("g-3", "2026-W53", 5, ""),
    ]  # fmt: skip
    history = small_store.load().history("g-1")
    assert [(c.format, c.note) for c in history if c.format == "Care Call"] == [
        ("Care Call", "Care Call KW 53/2026 (28.12.2026–03.01.2027): beantwortet, Zufriedenheit 4/5")
    ]

    code, out, _ = run(capsys, small_store, "carecalls", "--results", "--advisor", "MKR", "--json")
    data = json.loads(out)
    assert [(w["week"], w["surveys"], w["average_score"]) for w in data["weeks"]] == [("2026-W53", 2, 4.5)]
    assert [g["group"] for g in data["gaps"]] == ["10003", "10001"]  # "monatlich" against 1 contact first

    # The same week again: the same list, logged once. A week later both groups are left out.
    assert run(capsys, small_store, "carecalls", "--week", "2026-W53", "--export", str(tmp_path / "b.csv"))[0] == 0
    assert (tmp_path / "b.csv").read_bytes() == export.read_bytes()
    assert len(small_store.read_collection(dispatch.DISPATCHES)) == 2
    small_store.add_contacts([Contact("k-3", "g-1", date(2027, 1, 5), "MKR", "Gespräch geführt", "Besuch", "Ratinggespräch")])
    code, out, _ = run(capsys, small_store, "carecalls", "--week", "2027-W01", "--export", str(tmp_path / "c.csv"))
    assert "1 Verbund mit Beratungsgespräch, 1 in den letzten 12 Wochen schon gefragt" in out
    assert len((tmp_path / "c.csv").read_text(encoding="utf-8-sig").splitlines()) == 1


def test_a_wrong_file_names_line_and_column_and_saves_nothing(small_store, tmp_path, capsys):
    path = tmp_path / "falsch.csv"
    path.write_text("Verbund-Nr;KW;Kontakthäufigkeit;Treffen;Letztes Zielgespräch;Zufriedenheit;Kommentar\n"
                    "10001;2026-W53;1;1;1;5;\n10002;2026-W53;1;1;1;0;\n", encoding="utf-8")  # fmt: skip
    code, _, err = run(capsys, small_store, "import", "surveys", str(path))
    assert code == 1
    assert 'Zeile 3, Spalte "Zufriedenheit": "0" ist keine Zufriedenheit 1–5' in err and "nichts wurde gespeichert" in err
    assert small_store.read_collection(cc.COLLECTION) == []


def test_the_baseline_survey_for_one_portfolio(small_store, tmp_path, capsys):
    code, out, err = run(capsys, small_store, "survey", "start", "Basis 2027", "--advisor", "MKR", "--from", "11.01.2027",
                         "--as-of", "04.01.2027")  # fmt: skip
    assert code == 0, err
    assert 'Befragung "Basis 2027" angelegt: Portfolio MKR, 4 Verbünde, 11.01.2027–07.02.2027 (KW 2/2027' in out
    assert (
        run(capsys, small_store, "survey", "start", "basis 2027", "--all")[2]
        == 'Fehler: Eine Befragung "basis 2027" gibt es schon.\n'
    )
    export = tmp_path / "basis.csv"
    code, out, err = run(capsys, small_store, "survey", "export", "Basis 2027", str(export))
    assert code == 0, err
    lines = export.read_text(encoding="utf-8-sig").splitlines()
    # Every group, its first contact person with an e-mail address; groups without one are phoned.
    assert [line.split(";")[:2] + line.split(";")[-3:] for line in lines[1:]] == [
        ["E-Mail", "10001", "2027-W02", "Basis 2027", "10001-2027-W02-p1"],
        ["Telefon", "10002", "2027-W02", "Basis 2027", "10002-2027-W02-0"],
        ["Telefon", "10003", "2027-W02", "Basis 2027", "10003-2027-W02-0"],
        ["Telefon", "10004", "2027-W02", "Basis 2027", "10004-2027-W02-0"],
    ]
    answers = excel_file(tmp_path / "a.csv", export, ["2;2;2;4;", "5;5;5;2;", "3;3;3;3;", "4;4;4;1;"])
    code, out, err = run(capsys, small_store, "import", "surveys", str(answers), "--campaign", "Basis 2027")
    assert code == 0 and out.startswith("Befragung Basis 2027: 4 Antworten gespeichert"), err
    code, _, err = run(capsys, small_store, "import", "surveys", str(answers))  # without the campaign: KW 2 weekly ones
    assert code == 0, err
    code, out, _ = run(capsys, small_store, "survey", "results", "Basis 2027", "--json")
    data = json.loads(out)
    assert data["campaign"] == "Basis 2027"
    assert [(a["advisor"], a["surveys"], a["average_score"]) for a in data["advisors"]] == [("MKR", 4, 2.5)]

"""CSV for German Excel."""

from datetime import date

from model.exchange.csv_out import cell, to_csv_text, write_csv


def test_cells():
    assert [cell(v) for v in (None, True, 3, 4.0, 1234.5, 0.256, date(2026, 1, 2), "Müller; Söhne")] == [
        "",
        "ja",
        "3",
        "4",
        "1234,50",
        "0,26",
        "02.01.2026",
        "Müller; Söhne",
    ]


def test_file_has_bom_semicolons_crlf_and_quotes(tmp_path):
    path = tmp_path / "x.csv"
    write_csv(path, ["Verbund", "Soll"], [["Müller; Söhne", 7.5]])
    assert path.read_bytes() == '\ufeffVerbund;Soll\r\n"Müller; Söhne";7,50\r\n'.encode("utf-8")
    assert to_csv_text(["a"], []) == "a\r\n"

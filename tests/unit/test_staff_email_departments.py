"""Advisors' e-mail (staff list column, `staff add/set --email`) and a department that cannot
be taken off the list while advisors or co-care assignments still name it; `unlock` needs the
Administrator role (issue 12)."""

from __future__ import annotations

from model.store import Store
from tests.unit.test_institute_setup import _file, institute, k  # noqa: F401  (fixtures)

WITH_MAIL = (
    "Kürzel;Name;Fachbereich;Rolle;Nettomarktzeit;E-Mail\n"
    "SKL;Stefan Klein;;Berater;630;s.klein@sparkasse.de\n"
    "TBE;Tina Berg;;Berater;472,5;\n"
)


def test_the_staff_list_reads_an_optional_e_mail_column(institute, k, tmp_path):
    code, out, err = k("import", "advisors", _file(tmp_path, "mail.csv", WITH_MAIL))
    assert code == 0, err
    advisors = Store.open(institute, "ADM").load().advisors
    assert advisors["SKL"].email == "s.klein@sparkasse.de" and advisors["TBE"].email == ""
    assert advisors["SKL"].login == "BANK\\sklein"  # a column left out keeps what is stored
    bad = WITH_MAIL.replace("s.klein@sparkasse.de", "s.klein(at)sparkasse")
    code, _, err = k("import", "advisors", _file(tmp_path, "bad.csv", bad))
    assert code == 1 and 'Zeile 2, Spalte "E-Mail"' in err and "keine gültige E-Mail-Adresse" in err


def test_staff_add_and_set_take_an_e_mail(institute, k):
    code, out, err = k("staff", "add", "NEU", "--name", "Nina Neu", "--email", "n.neu@sparkasse.de")
    assert code == 0, err
    assert "n.neu@sparkasse.de" in out
    code, _, err = k("staff", "set", "NEU", "--email", "kaputt")
    assert code == 1 and "E-Mail" in err and "Nichts gespeichert" in err
    assert k("staff", "set", "NEU", "--email", "")[0] == 0  # cleared
    assert Store.open(institute, "ADM").load().advisors["NEU"].email == ""
    code, out, _ = k("staff", "list", "--json")
    assert code == 0 and '"email"' in out


def test_a_department_still_named_cannot_be_removed(institute, k):
    # Auslandsgeschäft: no casting scheme calls it in, so only people and co-care name it
    assert k("staff", "set", "VHO", "--fachbereich", "Auslandsgeschäft")[0] == 0
    code, _, err = k("config", "remove", "departments", "Auslandsgeschäft")
    assert code == 1, err
    assert "„Auslandsgeschäft“ wird noch genannt – Mitarbeiter VHO" in err and "Nichts gespeichert" in err
    assert "Auslandsgeschäft" in Store.open(institute, "ADM").load().config.departments
    # a co-care assignment names it too: after the person moved on, the group is still named
    code, _, err = k("assign", "10001", "--department", "Auslandsgeschäft", "--advisor", "VHO", login="BANK\\sklein")
    assert code == 0, err
    assert k("staff", "set", "VHO", "--fachbereich", "Versicherung")[0] == 0
    code, _, err = k("config", "remove", "departments", "Auslandsgeschäft")
    assert code == 1 and "wird noch genannt – Co-Betreuung in Verbund 10001." in err
    # unused: removed
    assert k("config", "remove", "departments", "Verbundpartner")[0] == 0


def test_unlock_needs_the_administrator(institute, k):
    code, _, err = k("unlock", "--all-stale", login="BANK\\sklein")
    assert code == 1 and "Sperren aufheben braucht die Rolle Administrator" in err
    assert k("unlock", "--all-stale")[0] == 0

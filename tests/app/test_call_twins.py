"""One rule in one place: the same contact logged through the guided-call dialog and through
`kontakt log` on a twin store gives the same stored record (all fields but id and timestamp)
— the role, the follow-up pre-fill with its working-day shift and the booked meeting."""

import shutil

import pytest

from kontakt_tui import cli
from model.store import Store
from tests.app.helpers import make_app, settle, type_text
from tests.conftest import AS_OF

CONTACT_DAY = f"{AS_OF:%d.%m.%Y}"
SAME = ("--date", CONTACT_DAY, "--channel", "Telefon", "--format", "Servicekontakt")  # the dialog's pre-fills


def stored(root, group_id) -> dict:
    (contact,) = [c for c in Store.open(root, "X").load().history(group_id) if c.date == AS_OF]
    return {k: v for k, v in contact._asdict().items() if k not in ("id", "logged_at")}


@pytest.mark.parametrize(
    ("user", "keys", "typed", "group_id", "cli_args"),
    [
        # The lead books a meeting: day and time taken over, the follow-up is the meeting's day.
        ("MKR", ["down", "a", "1", "enter"], ["Do", "enter", "14:30", "enter"], "g-1",
         ["10001", "--outcome", "Termin vereinbart", "--meeting", "Do 14:30", "--person", "Anna Huber"]),
        # Nobody answered: the next working day (Friday → Monday).
        ("MKR", ["a", "4", "enter"], [], "g-3", ["10003", "--outcome", "nicht erreicht"]),
        # Class C, 12 months → a Saturday → Monday.
        ("MKR", ["a", "2", "enter"], [], "g-3", ["10003", "--outcome", "Gespräch geführt"]),
        # A co-carer, without naming a department: their own role, not the FKB's.
        ("VKS", ["a", "2", "enter"], [], "g-1", ["10001", "--outcome", "Gespräch geführt", "--person", "Anna Huber"]),
    ],
)  # fmt: skip
async def test_the_dialog_and_kontakt_log_store_the_same_contact(
    small_store, tmp_path, capsys, user, keys, typed, group_id, cli_args
):
    twin = tmp_path / "twin"
    shutil.copytree(small_store.root, twin)

    app = make_app(small_store, user=user)
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*keys)
        for part in typed:
            await (pilot.press(part) if part == "enter" else type_text(pilot, part))
        await pilot.press("enter")  # accept the follow-up pre-fill: saves
        await settle(app, pilot)

    code = cli.main(["--store", str(twin), "--user", user, "log", *cli_args, *SAME])
    assert code == 0, capsys.readouterr().err

    from_dialog, from_cli = stored(small_store.root, group_id), stored(twin, group_id)
    assert from_dialog == from_cli
    assert from_cli["follow_up"] is not None and from_cli["by"] == user

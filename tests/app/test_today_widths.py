"""The due list fits 80 columns without sideways scrolling and gives group names the free
width at 120 and 200 columns."""

import pytest
from textual.widgets import DataTable

from screens.today import short_role
from tests.app.helpers import make_app, settle


@pytest.mark.parametrize("width,height", [(80, 24), (100, 30), (120, 40), (200, 50)])
async def test_due_list_fits_and_uses_the_room(small_store, width, height):
    app = make_app(small_store)
    async with app.run_test(size=(width, height)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#due-table", DataTable)
        assert table.row_count
        assert table.virtual_size.width <= table.scrollable_content_region.width
        labels = [str(c.label) for c in table.columns.values()]
        name_width = list(table.columns.values())[0].width
        if width < 90:
            assert "zuletzt" not in labels
        else:
            assert "zuletzt" in labels and name_width >= min(width - 90, 30)
            last = labels.index("zuletzt")
            assert all(str(table.get_row_at(i)[last]) not in ("", "…") for i in range(table.row_count))


def test_roles_are_abbreviated():
    assert [short_role(r) for r in ("lead", "Versicherung", "Private Banking", "Leasing")] == ["FKB", "Vers.", "PB", "Leas."]

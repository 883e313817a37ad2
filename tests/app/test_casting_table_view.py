"""F8 at 80×24: number, name, class and points stay in view while the criteria scroll, a class
set by hand is marked, and the filter picker narrows as the user types."""

from dataclasses import replace
from datetime import date

from textual.widgets import DataTable, OptionList

from model.entities import Casting
from screens.casting_table import CastingTableScreen, OptionPicker
from tests.app.helpers import make_app, settle, type_text


def override_for_huber(store) -> None:
    group = store.load().groups["g-1"]
    casting = Casting(
        "cast-over", date(2026, 11, 2), "Firmenkunden", 1, (), 0, "D", "MKR", override_class="B", reason="Nachfolge"
    )
    store.save_group(replace(group, castings=(*group.castings, casting)))


async def test_casting_table_keeps_the_key_columns_and_marks_overrides(small_store):
    override_for_huber(small_store)
    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("f8")
        await settle(app, pilot)
        assert isinstance(app.screen, CastingTableScreen)
        table = app.screen.query_one("#ct-table", DataTable)
        assert table.fixed_columns == 4
        labels = [str(c.label) for c in table.columns.values()][:4]
        assert labels == ["Nr", "Verbund", "Kl.", "Pkt."]
        fixed = sum(c.get_render_width(table) for c in list(table.columns.values())[:4])
        assert fixed <= 80 - 2
        huber = [str(x) for x in table.get_row("g-1")]
        assert huber[:3] == ["10001", "Bäckerei Huber GmbH", "B*"]
        assert "* Klasse von Hand gesetzt" in str(app.screen.query_one("#ct-filters").render())

        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, OptionPicker)
        everything = app.screen.query_one(OptionList).option_count
        await type_text(pilot, "nachf")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        assert 0 < options.option_count < everything
        assert all("nachf" in str(options.get_option_at_index(i).prompt).casefold() for i in range(options.option_count))
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CastingTableScreen) and len(app.screen.options) == 1


async def test_casting_at_80x24_scrolls_to_every_criterion(small_store):
    from screens.casting import CastingScreen

    app = make_app(small_store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("down", "enter", "c")
        await settle(app, pilot)
        assert isinstance(app.screen, CastingScreen)
        form = app.screen.query_one("#cast-form")
        scroll = app.screen.query_one("#cast-form-scroll")
        criteria = form.scheme.criteria
        lines = [line.plain for line in form.render().wrap(app.console, form.content_size.width)]
        assert len(lines) > scroll.scrollable_content_region.height  # too long for 24 lines
        for index, criterion in enumerate(criteria):
            assert form.current == index
            lines = [line.plain for line in form.render().wrap(app.console, form.content_size.width)]
            at = lines.index(f"▶ {criterion.name}")
            top, height = scroll.scroll_offset.y, scroll.scrollable_content_region.height
            assert top <= at < top + height, (criterion.name, top, at)
            await pilot.press("down")
            await pilot.pause()

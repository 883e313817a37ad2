"""No English on any screen: every main screen (navigation.DESTINATIONS), the group card, the
call dialog, "Verbund finden" and "Meine Verbünde" — each as it is, with the command palette
open and with the `?` key list open — is rendered and searched for Textual's English."""

import html
import re
from dataclasses import replace

import pytest
from textual.command import CommandPalette

from kontakt_tui.navigation import DESTINATIONS
from screens.dialogs.call import CallScreen
from screens.find import FindScreen
from screens.group_card import GroupCardScreen
from screens.widgets.keys_help import KeysHelp
from tests.app.helpers import make_app, settle

ENGLISH = ("palette", "Search for commands", "Cursor", "Copy", "Quit", "Toggle", "Scroll", "Focus", "Press", "Keys",
           "theme", "Screenshot", "Maximize", "Minimize", "Show", "Hide", "No matches")  # fmt: skip
_WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.I)


def screen_text(app) -> str:
    svg = app.export_screenshot()
    return "".join(html.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)).replace("\xa0", " ")


async def english_on(app, pilot, where: str) -> list[str]:
    """The English words on the screen as it is, with the palette and with the key list."""
    found = [f"{where}: {w}" for w in _WORDS.findall(screen_text(app))]
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    assert isinstance(app.screen, CommandPalette), where
    found += [f"{where} + Befehle: {w}" for w in _WORDS.findall(screen_text(app))]
    await pilot.press("escape")
    await pilot.pause()
    await app.run_action("toggle_help")
    await pilot.pause(0.2)
    assert app.screen.query(KeysHelp), where
    found += [f"{where} + Tasten: {w}" for w in _WORDS.findall(screen_text(app))]
    await app.run_action("toggle_help")
    await pilot.pause()
    return found


@pytest.mark.slow
async def test_no_english_word_on_any_screen_its_palette_or_its_key_list(small_store):
    small_store.save_advisors(
        [replace(a, role="Administrator") if a.code == "MKR" else a for a in small_store.load().advisors.values()]
    )
    app = make_app(small_store)
    found = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for destination in DESTINATIONS:
            await app.run_action(f"goto('{destination.name}')")
            await settle(app, pilot)
            found += await english_on(app, pilot, destination.title)
        await app.run_action("goto('today')")
        await settle(app, pilot)
        await pilot.press("ctrl+f", *"10001")
        await settle(app, pilot)
        assert isinstance(app.screen, FindScreen)
        found += await english_on(app, pilot, "Verbund finden")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GroupCardScreen)
        found += await english_on(app, pilot, "Verbundkarte")
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, CallScreen)
        found += await english_on(app, pilot, "Gespräch")
    assert found == []


async def test_the_walk_would_see_english(small_store):
    """The check itself: Textual's own palette and key list are caught."""
    from textual.widgets import HelpPanel

    app = make_app(small_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.mount(HelpPanel())
        await pilot.pause(0.2)
        assert {"Cursor", "Scroll"} & {w for w in _WORDS.findall(screen_text(app))}
        app.screen.query(HelpPanel).remove()
        app.push_screen(CommandPalette())
        await pilot.pause(0.3)
        assert "Search for commands" in screen_text(app)

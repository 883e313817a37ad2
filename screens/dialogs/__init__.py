"""Modal dialogs that return a typed result."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

FLOW = "flow"
"""Worker group of the flows that wait for the user's answer in a dialog (the guided call, the
person edit); they run on the App, so closing the screen that started them does not end them."""


def pushed(app: App, screen: Screen) -> tuple[Screen, asyncio.Future[Any]]:
    """Push `screen` now, in the handler of the key that asked for it, and return it with the
    future of its answer for a flow to await. Pushed later from a worker, the keys typed right
    after would still find the screen below."""
    answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    app.push_screen(screen, callback=lambda value: answer.done() or answer.set_result(value))
    return screen, answer

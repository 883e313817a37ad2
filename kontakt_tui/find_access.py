"""Finding groups from anywhere in the app: ctrl+f ("Verbund finden"), the palette's group
hits and the card they open. Mixed into the App like StoreAccess.

The search index (model.contacts.SearchIndex) is built once per picture of the store — about
0.8 s for 20,000 groups, so in a thread — and reused for every keystroke; a new picture (a
colleague's change, an own save) makes the next search build a new one."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from textual.screen import ModalScreen

from model.contacts import FIND_LIMIT, Match, SearchIndex

if TYPE_CHECKING:
    from model.institute import Institute


class FindAccess:
    """Expects `institute` and `push_screen` (the App)."""

    institute: Institute | None
    _find_lock = threading.Lock()
    _find_index: tuple[object, SearchIndex] | None = None

    def search_index(self) -> SearchIndex:
        """The index of the groups on screen now; safe to call from a worker thread."""
        institute = self.institute
        with self._find_lock:
            known = self._find_index
            if known is None or known[0] is not institute:
                groups = institute.groups.values() if institute is not None else ()
                known = self._find_index = (institute, SearchIndex(groups))
            return known[1]

    def find_groups(self, text: str, limit: int = FIND_LIMIT) -> list[Match]:
        return self.search_index().find(text, limit)

    async def run_in_thread_find(self, text: str, limit: int = FIND_LIMIT) -> list[Match]:
        """The same, off the UI thread (the palette searches while the user types)."""
        return await asyncio.to_thread(self.find_groups, text, limit)

    def can_find(self) -> bool:
        """From every main screen and the card; not over a dialog, whose typing it would eat."""
        from screens.find import FindScreen

        return not isinstance(self.screen, ModalScreen) or isinstance(self.screen, FindScreen)

    def action_find(self, text: str = "") -> None:
        from screens.find import FindScreen

        if isinstance(self.screen, FindScreen):
            return
        self.push_screen(FindScreen(text), self._found)

    def _found(self, group_id: str | None) -> None:
        if group_id:
            self.open_card(group_id)

    def open_card(self, group_id: str) -> None:
        from screens.group_card import GroupCardScreen

        if self.institute is not None and group_id in self.institute.groups:
            self.push_screen(GroupCardScreen(group_id))

"""Finding groups from anywhere in the app: ctrl+f ("Verbund finden"), the palette's group
hits and the card they open. Mixed into the App like StoreAccess.

The search index (model.contacts.SearchIndex) is built once per picture of the store — about
0.55 s for 20,000 groups, so in a thread — and reused for every keystroke; a new picture (a
colleague's change, an own save) makes the next search renew it, preparing only the groups
that changed. A picture of the user's own groups (a database's app) searches the store's
directory of every group instead, and a card of a group outside the picture reads that
group and its history first (`add_groups`)."""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING

from textual import work
from textual.screen import ModalScreen, Screen

from model.contacts import FIND_LIMIT, Match, SearchIndex
from model.contacts.find import slim_entry
from model.store import StoreError

if TYPE_CHECKING:
    from model.institute import Institute


class FindAccess:
    """Expects `institute`, `store`, `_store_lock`, `_loaded`, `when_loaded` and `push_screen`
    (the App)."""

    institute: Institute | None
    _find_lock = threading.Lock()
    _intent: object = None
    """What the user asked to see last (a card, a screen): an answer read for an older wish
    is not shown over a newer one."""
    _find_index: tuple[object, SearchIndex, str] | None = None
    """(what it was built from: the picture or the directory's token, the index, which)."""
    _directory_failed = False
    _picture_index: tuple[Institute, SearchIndex] | None = None

    def search_index(self, wait: bool = True) -> SearchIndex:
        """The index of every group; safe to call from a worker thread. `wait` False (the
        UI thread): the index of the directory as last read, without waiting for the store
        (a long read may hold it)."""
        if not wait:  # not even for the lock: a search in a worker may hold it, waiting for the store
            institute, known = self.institute, self._find_index
            if institute is not None and not institute.complete:
                if known is not None and known[2] == "directory":
                    return known[1]
                return self._picture_groups_index(institute)  # the own groups, until the directory is read
        with self._find_lock:
            institute = self.institute
            known = self._find_index
            if institute is not None and not institute.complete:
                try:
                    return self._directory_index(known)
                except StoreError:
                    pass  # a store that cannot be read now: the picture's groups are searched
            if known is None or known[0] is not institute:
                groups = institute.groups.values() if institute is not None else ()
                base = known[1] if known is not None and known[2] == "picture" else None
                known = self._find_index = (institute, base.renewed(groups) if base else SearchIndex(groups), "picture")
            return known[1]

    def _picture_groups_index(self, institute: Institute) -> SearchIndex:
        """The index of the picture's groups alone, kept for the next keystroke (13,546
        groups of a co-carer's picture take a third of a second to prepare, the thread
        holding the interpreter meanwhile) and renewed by a new picture's changed groups.
        Two threads may build it at once; the last one kept wins, both are right."""
        known = self._picture_index
        if known is None or known[0] is not institute:
            groups = institute.groups.values()
            known = self._picture_index = (institute, known[1].renewed(groups) if known else SearchIndex(groups))
        return known[1]

    def search_is_partial(self) -> bool:
        """Whether the search can answer only from the picture's groups now, because every
        group is still being read: the directory (a picture of the own groups, `prepare_search`)
        or the whole picture (the folder store's start). The search shows that answer and
        asks again when the rest is there (`_search_ready`, a new picture) instead of waiting
        in a thread: waiting searches would take the threads every worker shares."""
        institute, known = self.institute, self._find_index
        if institute is None or institute.complete or self._directory_failed:
            return False
        return known is None or known[2] != "directory"

    def _directory_index(self, known: tuple | None) -> SearchIndex:
        """The index of the store's directory (a picture of the own groups lacks the others),
        renewed by the groups changed since the last search; the index keeps of each only
        what a hit shows."""
        since = known[0] if known is not None and known[2] == "directory" else None
        if since is None:
            self._store_lock.acquire()
        elif not self._store_lock.acquire(blocking=False):
            # The store is busy (every group being read for a screen, a save): the directory
            # as last read answers now, and the next search renews it.
            return known[1]
        try:
            directory = self.store.group_directory(since, keep=slim_entry)
        finally:
            self._store_lock.release()
        if directory.whole or since is None:
            index = SearchIndex.of_entries(directory.groups)
        else:
            index = known[1].with_entries(directory.groups) if directory.groups else known[1]
        self._find_index = (directory.token, index, "directory")
        return index

    @work(thread=True, exclusive=True, group="find-prepare", description="Suche vorbereiten")
    def prepare_search(self) -> None:
        """Read the directory and build the index in the background, so that the first
        ctrl+f answers at once (a picture of the own groups: the directory is not in it)."""
        institute = self.institute
        if institute is not None:
            self._picture_groups_index(institute)  # what a search answers until the directory is read
        try:
            self.search_index()
        except StoreError:
            self._directory_failed = True  # each search tries the store itself, and says so
        self.call_from_thread(self._search_ready)

    def _search_ready(self) -> None:
        from screens.find import FindScreen

        if isinstance(self.screen, FindScreen):
            self.screen.search_again()

    def find_groups(self, text: str, limit: int = FIND_LIMIT, wait: bool = True) -> list[Match]:
        return self.search_index(wait).find(text, limit)

    async def run_in_thread_find(self, text: str, limit: int = FIND_LIMIT) -> list[Match]:
        """The same, off the UI thread (the palette searches while the user types); while
        every group is still being read, from the picture's groups without waiting (as the
        search dialog: a waiting thread per keystroke would take the threads workers share)."""
        return await asyncio.to_thread(self.find_groups, text, limit, not self.search_is_partial())

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
        """The group's card; a group outside the picture is read first (with its history)."""
        from screens.group_card import GroupCardScreen

        institute = self.institute
        if institute is None:
            return
        self._waiting = None  # a screen asked for before is not opened over the card
        self._intent = intent = object()  # this card is what the user asked for last
        if group_id in institute.groups:
            self.push_screen(GroupCardScreen(group_id))
        elif not institute.complete:
            reading = self._read_group(group_id, self.screen, intent)
            # Said only when the read takes a noticeable moment (a slow server, a busy one).
            self.set_timer(0.3, lambda: None if reading.is_finished else self.notify("Der Verbund wird gelesen …", timeout=3))

    @work(thread=True, group="store-read", description="Verbund lesen")
    def _read_group(self, group_id: str, screen: Screen, intent: object) -> None:
        try:
            with self._store_lock:
                fresh = self.store.add_groups([group_id])
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), title="Speicher", severity="error", timeout=10)
            return
        self.call_from_thread(self._group_read, fresh, group_id, screen, intent)

    def _group_read(self, fresh: Institute | None, group_id: str, screen: Screen, intent: object) -> None:
        if fresh is not None:
            self._loaded(fresh)
        if self._intent is not intent or self.screen is not screen:
            return  # the user has asked for something else meanwhile
        if self.institute is not None and group_id in self.institute.groups:
            self.open_card(group_id)
        else:
            # Not in this picture (the status picture at start, or every group being read
            # meanwhile, which left this narrower answer unused): the next picture has it.
            self.when_loaded(lambda institute: group_id in institute.groups, lambda: self.open_card(group_id), screen)

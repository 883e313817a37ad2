"""Keys typed in a burst reach the place they were meant for.

Textual routes a key the moment it arrives: to the widget focused *then*. A fast typist or a
key macro sends `a 2 Enter Enter` before the dialog that `a` opens exists, so the later keys
went to the list below and opened the group card instead. The gate hands the App one key at a
time: after a key it sends a probe along the same route (focused widget → screen → App).
Messages are handled in order in every queue, so when the probe is back, everything the key
set off on that route (an action, a pushed dialog, a focus change posted on the way) has
happened. The first probe overtakes what the key's action posts once the key is back at the
App, so a second probe always follows; it probes again until screen and focus stay the same
and the screen is mounted, and only then routes the next key. A probe whose widget is removed
on the way (a screen recomposed or closed under it) is sent again at once (checked every
WATCH_SECONDS); any other lost probe is replaced by a timer, so a key is delayed at worst,
never dropped.
"""

from __future__ import annotations

from collections import deque

from textual import events
from textual.message import Message

MIN_PROBES = 2
MAX_PROBES = 8
"""A screen that keeps moving the focus does not hold keys back for ever."""

LOST_PROBE_SECONDS = 0.5
WATCH_SECONDS = 0.02


class KeySettled(Message):
    """The probe sent after a key; back at the App it means the key's effects have happened."""

    def __init__(self, probe: int) -> None:
        super().__init__()
        self.probe = probe


class KeyGate:
    """Mixed into the App before `App`; call `_init_key_gate()` in `__init__`."""

    def _init_key_gate(self) -> None:
        self._held_keys: deque[events.Key] = deque()
        self._key_busy = False
        self._probe_no = 0
        self._probes_sent = 0
        self._probe_state: tuple = ()
        self._probe_timer = None
        self._probe_target = None
        self._probe_watch = None

    @property
    def keys_waiting(self) -> int:
        """Keys typed but not yet routed (tests and the tmux check read it)."""
        return len(self._held_keys) + (1 if self._key_busy else 0)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._key_busy or self._held_keys:
                self._held_keys.append(event)
                return
            await self._route_key(event)
            return
        await super().on_event(event)  # type: ignore[misc]

    async def _route_key(self, event: events.Key) -> None:
        self._key_busy = True
        self._probes_sent = 0
        await super().on_event(event)  # type: ignore[misc]  # Textual routes the key
        self._probe()

    def _probe(self) -> None:
        self._probe_no += 1
        self._probes_sent += 1
        self._probe_state = (self.screen, self.focused)  # type: ignore[attr-defined]
        target = self.focused or self.screen  # type: ignore[attr-defined]
        target.post_message(KeySettled(self._probe_no))
        self._probe_target = target
        if self._probe_timer is not None:
            self._probe_timer.stop()
        self._probe_timer = self.set_timer(LOST_PROBE_SECONDS, self._release)  # type: ignore[attr-defined]
        if self._probe_watch is None:
            self._probe_watch = self.set_interval(WATCH_SECONDS, self._watch_probe)  # type: ignore[attr-defined]

    def _watch_probe(self) -> None:
        """The probe's widget was removed before the probe came back: it never will."""
        target = self._probe_target
        if self._key_busy and target is not None and not target.is_attached:
            self._probe()

    async def on_key_settled(self, message: KeySettled) -> None:
        message.stop()
        if message.probe != self._probe_no or not self._key_busy:
            return  # an older probe, overtaken by a newer one
        screen = self.screen  # type: ignore[attr-defined]
        settled = (
            self._probes_sent >= MIN_PROBES
            and self._probe_state == (screen, self.focused)  # type: ignore[attr-defined]
            and screen.is_mounted
        )
        if settled or self._probes_sent >= MAX_PROBES:
            await self._release()
        else:
            self._probe()

    async def _release(self) -> None:
        if self._probe_timer is not None:
            self._probe_timer.stop()
            self._probe_timer = None
        if self._probe_watch is not None:
            self._probe_watch.stop()
            self._probe_watch = None
        self._key_busy = False
        if self._held_keys:
            await self._route_key(self._held_keys.popleft())

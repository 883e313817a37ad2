"""The app's main screens and the function keys that reach them from anywhere. A screen is
named by module and class so that the app imports it only when it is first opened."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Destination:
    name: str
    key: str
    title: str
    target: str
    """"module:Class" of a Screen that takes no arguments."""

    def make(self):
        module, _, cls = self.target.partition(":")
        return getattr(importlib.import_module(module), cls)()


DESTINATIONS: tuple[Destination, ...] = (
    Destination("today", "f2", "Heute", "screens.today:TodayScreen"),
)

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
    """"module:name" of a Screen class taking no arguments, or of a function that takes the
    app and returns a Screen (or None when there is nothing to show)."""

    roles: tuple[str, ...] = ()
    """Advisor roles that may open it; empty for everyone."""

    own: bool = False
    """It shows the user's own groups only: it opens on a picture of them (a database's app
    holds no other groups until a screen over the institute is opened)."""

    def make(self, app):
        module, _, name = self.target.partition(":")
        target = getattr(importlib.import_module(module), name)
        return target() if isinstance(target, type) else target(app)


DESTINATIONS: tuple[Destination, ...] = (
    Destination("today", "f2", "Heute", "screens.today:TodayScreen", own=True),
    Destination("planning", "f7", "Erfolgsplanung", "screens.planning:PlanningScreen"),
    Destination("casting", "f3", "Casting", "screens.casting:review_queue_screen", own=True),  # the own lead groups
    Destination("casting_table", "f8", "Casting-Tabelle", "screens.casting_table:CastingTableScreen"),
    Destination("schemes", "f9", "Schemata", "screens.schemes:SchemeEditorScreen", roles=("Administrator",)),
    Destination("portfolio", "f4", "Portfolio", "screens.portfolio:PortfolioScreen"),
    Destination("capacity", "f6", "Kapazität", "screens.capacity:CapacityScreen"),
    Destination("callparty", "f10", "Call Party", "screens.call_party:CallPartyScreen"),
    Destination("carecalls", "f11", "Care Calls", "screens.care_calls:CareCallScreen"),
    # Everything the user answers for, due or not (issue 13).
    Destination("mine", "f12", "Meine Verbünde", "screens.my_groups:MyGroupsScreen", own=True),
    # Staff, settings and handover (issue 12). No F-key is free: F1 and F5 are taken by
    # terminals and the reload; `g v` and the palette reach it.
    Destination("administration", "", "Verwaltung", "screens.administration:AdministrationScreen", roles=("Administrator",)),
)

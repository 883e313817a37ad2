"""Who is working: the operating-system login mapped to a Kürzel, and when someone may act
as somebody else (`--user` / `KONTAKT_USER`).

The staff list's `Login` column maps a login to a Kürzel; a login matches with or without its
Windows domain ("BANK\\mkraus" and "mkraus"), ignoring case. Without a mapping the Kürzel is
the login upper-cased (as before staff lists existed). Acting as someone else is allowed only
to an Administrator (by login), in set-up mode, and in a demo or test store.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.institute import Institute
from model.staff.policy import ADMINISTRATOR, setup_mode


@dataclass(frozen=True, slots=True)
class Identity:
    code: str
    """The Kürzel worked as."""
    login: str
    own_code: str
    """The Kürzel the login itself maps to."""
    refused: str = ""
    """German: why acting as `code` is refused; "" when allowed."""


def _bare(login: str) -> str:
    return login.rsplit("\\", 1)[-1].casefold()


def code_for_login(institute: Institute, login: str) -> str:
    """The Kürzel the staff list maps `login` to, else the login upper-cased (domain dropped)."""
    login = login.strip()
    exact = [a.code for a in institute.advisors.values() if a.login and a.login.casefold() == login.casefold()]
    if exact:
        return exact[0]
    bare = [a.code for a in institute.advisors.values() if a.login and _bare(a.login) == _bare(login)]
    if bare:
        return bare[0]
    return login.rsplit("\\", 1)[-1].upper() or "BERATER"


def resolve_identity(institute: Institute, login: str, requested: str | None) -> Identity:
    """The Kürzel to work as: the login's own, or `requested` (from --user/KONTAKT_USER) when
    the rules allow it; otherwise `refused` says why (German, naming who may)."""
    own = code_for_login(institute, login)
    if not requested or requested.upper() == own.upper():
        return Identity(own, login, own)
    requested = requested.strip().upper()
    me = institute.advisors.get(own)
    if setup_mode(institute) or institute.config.test_store:
        return Identity(requested, login, own)
    if me is not None and me.role == ADMINISTRATOR and me.left is None:
        return Identity(requested, login, own)
    return Identity(
        own,
        login,
        own,
        f"Als {requested} arbeiten (--user/KONTAKT_USER) darf nur ein Administrator; der Login {login or '?'} "
        f"ist {own}. Erlaubt außerdem im Einrichtungsmodus und in einem Demo- oder Testspeicher "
        "(kontakt config set test_store ja).",
    )

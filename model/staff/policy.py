"""Who may do what — the one place both the command line and the app ask (`may`).

Roles are ordered: an Administrator may everything a Teamleiter may, a Teamleiter everything
a Berater may. A Berater works the groups they hold a role in; the institute has one team,
so a Teamleiter works every group. A person who left may read, nothing else. A store
without an active Administrator is in set-up mode: everything is allowed (a fresh `kontakt
init`, or a store made before roles were enforced) until a staff list names one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from model.entities import Advisor, Group
from model.institute import Institute

BERATER, TEAMLEITER, ADMINISTRATOR = "Berater", "Teamleiter", "Administrator"
RANK = {BERATER: 0, TEAMLEITER: 1, ADMINISTRATOR: 2}

# action → (role needed for any group, what a Berater may do with their own groups, German verb)
# "own" is None (role needed always), "lead" (groups they lead) or "held" (lead or co-care).
ACTIONS: dict[str, tuple[str, str | None, str]] = {
    "read": (BERATER, None, "lesen"),
    "log": (TEAMLEITER, "held", "Kontakte erfassen"),
    "cast": (TEAMLEITER, "lead", "casten"),
    "assign": (TEAMLEITER, "lead", "Co-Betreuung zuordnen"),
    "edit_persons": (TEAMLEITER, "held", "Ansprechpartner bearbeiten"),
    "callparty": (TEAMLEITER, None, "Call Partys starten"),
    "capacity": (TEAMLEITER, None, "Kapazitäts-Planspiele speichern"),
    "dispatch": (TEAMLEITER, None, "den Care-Call-Versand schreiben"),
    "surveys": (TEAMLEITER, None, "Befragungsantworten importieren"),
    "campaign": (ADMINISTRATOR, None, "Befragungen starten"),
    "staff": (ADMINISTRATOR, None, "Mitarbeiter verwalten"),
    "handover": (ADMINISTRATOR, None, "Portfolios übergeben"),
    "config": (ADMINISTRATOR, None, "die Konfiguration ändern"),
    "schemes": (ADMINISTRATOR, None, "Casting-Schemata ändern"),
    "import": (ADMINISTRATOR, None, "Daten importieren"),
    "restore": (ADMINISTRATOR, None, "Sicherungen wiederherstellen"),
    "unlock": (ADMINISTRATOR, None, "Sperren aufheben"),
    "accept": (ADMINISTRATOR, None, "Dateien annehmen"),
    "erase": (ADMINISTRATOR, None, "Verbünde löschen (DSGVO)"),
    "merge_groups": (ADMINISTRATOR, None, "Verbünde zusammenführen"),
    "privacy_export": (ADMINISTRATOR, None, "DSGVO-Auskünfte erstellen"),
}
"""The default policy; README "Rollen und Rechte" shows it as a table."""


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    reason: str = ""
    """German: why not (naming the role needed), or why yes in set-up mode."""

    def __bool__(self) -> bool:
        return self.allowed


class NotAllowed(ValueError):
    """Refused by the policy; the message (German) names the role needed. Nothing was written."""


def require(
    advisor: Advisor | str | None,
    action: str,
    institute: Institute,
    group: Group | None = None,
    as_of: date | None = None,
) -> None:
    """`may`, raising NotAllowed with its reason when refused."""
    decision = may(advisor, action, institute, group, as_of)
    if not decision:
        raise NotAllowed(decision.reason)


def setup_mode(institute: Institute) -> bool:
    """True while no active advisor holds the Administrator role: everything is allowed."""
    return not any(a.role == ADMINISTRATOR and a.left is None for a in institute.advisors.values())


def holds_role(code: str, group: Group, as_of: date, lead_only: bool = False) -> bool:
    if group.lead == code:
        return True
    return not lead_only and any(a.advisor == code for a in group.active_assignments(as_of))


def may(
    advisor: Advisor | str | None,
    action: str,
    institute: Institute,
    group: Group | None = None,
    as_of: date | None = None,
) -> Decision:
    """Whether `advisor` (record, Kürzel or None for an unknown user) may do `action`
    (a key of ACTIONS), for `group` where the action concerns one."""
    needed, own, verb = ACTIONS[action]
    if isinstance(advisor, str):
        advisor = institute.advisors.get(advisor) or Advisor(advisor, advisor, role="")
    if setup_mode(institute):
        return Decision(True, "Einrichtungsmodus: noch kein Administrator angelegt, alles ist erlaubt.")
    if advisor is None or advisor.code not in institute.advisors:
        who = advisor.code if advisor else "?"
        return Decision(False, f"{who} ist im Speicher nicht als Mitarbeiter angelegt; {verb} braucht die Rolle {needed}.")
    if action == "read":
        return Decision(True)
    if advisor.left is not None:
        return Decision(False, f"{advisor.code} ist ausgeschieden (seit {advisor.left:%d.%m.%Y}) und darf nicht mehr {verb}.")
    rank = RANK.get(advisor.role, -1)
    if rank >= RANK[needed]:
        return Decision(True)
    if own is not None and group is not None and rank >= RANK[BERATER]:
        if holds_role(advisor.code, group, as_of or date.today(), lead_only=own == "lead"):
            return Decision(True)
        whose = "FKB" if own == "lead" else "FKB oder Co-Betreuer"
        return Decision(
            False,
            f"{advisor.code} ({advisor.role}) darf für {group.number} nicht {verb}: "
            f"das darf der {whose} des Verbunds (FKB: {group.lead}) oder die Rolle {needed}.",
        )
    return Decision(False, f"{advisor.code} ({advisor.role or 'ohne Rolle'}): {verb} braucht die Rolle {needed}.")


def policy_table() -> list[tuple[str, str, str]]:
    """(action, verb, who) rows for the README and `kontakt staff rights`."""
    rows = []
    for action, (needed, own, verb) in ACTIONS.items():
        if own == "lead":
            who = f"Berater für Verbünde, die sie führen (FKB); {needed} und höher für alle"
        elif own == "held":
            who = f"Berater für Verbünde, in denen sie eine Rolle haben; {needed} und höher für alle"
        else:
            who = f"{needed} und höher"
        rows.append((action, verb, who))
    return rows

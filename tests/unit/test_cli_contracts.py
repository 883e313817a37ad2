"""The JSON contract of every headless command: keys and types, run on the demo institute
(40 groups, as of 27.11.2026) in a temporary store. A script reading `kontakt … --json` relies
on these; a new command with `--json` fails `test_every_json_command_has_a_contract` until it
has an entry here."""

import json
import shutil

import pytest

from kontakt_tui import cli
from kontakt_tui.cli.parser import build_parser
from tests.unit.test_cli_help_and_errors import commands

AS_OF = "27.11.2026"
USER = "SKL"  # leads the most groups in the demo
NUM = (int, float)
OPT_STR = (str, type(None))
OPT_NUM = (int, float, type(None))
OPT_INT = (int, type(None))
PERIOD = {"first": str, "last": str}
SUMMARY = {"class": str, "groups": int, "soll": float, "ist": int, "under_served": int, "over_served": int}
SERVED = {"group": str, "name": str, "class": OPT_STR, "advisor": str, "role": str, "soll": NUM, "ist": int, "gap": NUM}
INACTIVE = [{"group": str, "name": str, "class": OPT_STR, "lead": str, "last_contact": OPT_STR}]
NUMBERS = "numbers"  # a dict of str → number


def conforms(value, schema, where="$") -> list[str]:
    """Where `value` differs from `schema`: dict = exactly these keys, [item] = list of item,
    a type or tuple of types = isinstance (bool is not a number here)."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            return [f"{where}: kein Objekt"]
        problems = [f"{where}: Schlüssel {sorted(set(value) ^ set(schema))}"] if set(value) != set(schema) else []
        for key in set(value) & set(schema):
            problems += conforms(value[key], schema[key], f"{where}.{key}")
        return problems
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{where}: keine Liste"]
        return [p for i, item in enumerate(value) for p in conforms(item, schema[0], f"{where}[{i}]")]
    if schema == NUMBERS:
        ok = isinstance(value, dict) and all(isinstance(v, NUM) and not isinstance(v, bool) for v in value.values())
        return [] if ok else [f"{where}: keine Zahlen"]
    types = schema if isinstance(schema, tuple) else (schema,)
    if isinstance(value, bool) and bool not in types:
        return [f"{where}: {value!r} ist ein Wahrheitswert"]
    return [] if isinstance(value, types) else [f"{where}: {value!r} ist nicht {types}"]


PLAN = {
    "inputs": dict.fromkeys(
        ["advisors", "working_days", "calls_per_day", "immediate_rate", "follow_up_rate", "follow_up_delay_months",
         "follow_up_meeting_rate", "contribution", "lead_time_months"], NUM,
    ) | {"conversion_months": [int], "conversion_cumulative": [NUM]},
    "figures": dict.fromkeys(
        ["calls", "immediate_meetings", "follow_up_calls", "call_success_rate", "follow_up_meetings", "meetings",
         "calls_per_advisor", "immediate_meetings_per_advisor", "follow_up_calls_per_advisor",
         "follow_up_meetings_per_advisor", "meetings_per_day_and_advisor", "meetings_per_week_and_advisor",
         "overall_rate", "first_year", "following_year", "steady_state", "steady_state_conversions"], NUM,
    ),
    "years": [dict.fromkeys(["year", "calls", "follow_up_calls", "meetings", "conversions", "amount"], NUM)],
    "months": [dict.fromkeys(["month", "year", "calls", "follow_up_calls", "immediate_meetings", "follow_up_meetings",
                              "meetings", "conversions", "amount"], NUM)],
}  # fmt: skip
ACTUALS = dict.fromkeys(
    ["advisors", "working_days", "calls", "first_calls", "follow_up_calls", "immediate_meetings", "follow_ups_agreed",
     "follow_up_meetings", "conversions", "contribution"], NUM,
) | dict.fromkeys(
    ["calls_per_day", "immediate_rate", "follow_up_rate", "follow_up_meeting_rate", "meetings_per_day",
     "contribution_per_conversion"], OPT_NUM,
) | {"advisor": OPT_STR, "period": PERIOD, "counted": [{"code": str, "name": str}]}  # fmt: skip

SURVEY_ROW = {"surveys": int, "average_score": OPT_NUM, "matching": int, "share_matching": OPT_NUM, "average_gap": OPT_NUM}
SURVEY_RESULTS = {
    "advisor": OPT_STR, "campaign": OPT_STR,
    "weeks": [{"week": str} | SURVEY_ROW], "advisors": [{"advisor": str} | SURVEY_ROW],
    "gaps": [{"group": str, "name": str, "advisor": str, "week": str, "score": int, "gap": int,
              "questions": [{"question": str, "answer": str, "logged": str, "evidence": str, "steps": int}]}],
}  # fmt: skip

CONTRACTS = {
    ("due",): (["--as-of", AS_OF], [
        {"group": str, "name": str, "class": OPT_STR, "role": str, "due": OPT_STR, "overdue_days": OPT_INT, "reason": str,
         "meeting": OPT_STR}
    ]),
    ("inactive",): (["--as-of", AS_OF, "--all"], INACTIVE),
    ("contacts",): ([], [
        {"group": str, "date": str, "by": str, "department": OPT_STR, "channel": str, "format": str, "outcome": str,
         "follow_up": OPT_STR, "note": str, "meeting": OPT_STR}
    ]),
    ("report",): (["--as-of", AS_OF, "--groups"], {
        "advisor": OPT_STR, "period": PERIOD, "classes": [SUMMARY], "total": SUMMARY,
        "c_d_share": {"contacts": OPT_NUM, "planning_minutes": OPT_NUM},
        "under_served": [SERVED], "over_served": [SERVED],
    }),
    ("capacity",): (["--as-of", AS_OF], {
        "as_of": str,
        "advisors": [{"code": str, "name": str, "span": int, "co_care_roles": int, "required_hours": NUM,
                      "available_hours": NUM, "utilisation": OPT_NUM, "over": bool}],
    }),
    ("departments",): (["--as-of", AS_OF], {
        "period": PERIOD,
        "departments": [{"department": str, "advisor": OPT_STR, "groups": int, "soll": float, "ist": int,
                         "coverage": OPT_NUM, "overdue": OPT_INT, "under_served": int, "over_served": int}],
    }),
    ("casting",): ([], {
        "segment": str,
        "distribution": [{"class": str, "count": int, "share": NUM}],
        "groups": [{"group": str, "name": str, "lead": str, "answers": dict, "score": OPT_INT, "class": OPT_STR,
                    "override": OPT_STR, "reason": str, "date": OPT_STR}],
    }),
    ("review",): (["--as-of", AS_OF], [{"group": str, "name": str, "class": OPT_STR, "date": OPT_STR, "reason": str}]),
    ("callparty", "next"): (["--as-of", AS_OF], {"next": OPT_STR, "minutes": int, "rule": str, "federal_state": str}),
    ("callparty", "queue"): (["--as-of", AS_OF], INACTIVE),
    ("carecalls",): (["--as-of", AS_OF], {
        "week": str, "from": str, "to": str,
        "groups": [{"group": str, "name": str, "class": OPT_STR, "lead": str, "date": str, "format": str, "by": str,
                    "surveyed": bool, "score": OPT_INT}],
    }),
    ("survey", "results"): (["Basis"], SURVEY_RESULTS),
    ("plan",): (["--actual", "--as-of", AS_OF], PLAN | {"actual": ACTUALS}),
    ("staff", "list"): (["--all"], {"setup_mode": bool, "advisors": [{
        "code": str, "name": str, "department": OPT_STR, "role": str, "net_market_hours": NUM, "login": str,
        "email": str, "left": OPT_STR,
    }]}),
    ("config", "show"): ([], [{"key": str, "value": (str, int, float, bool, list), "description": str}]),
    ("find",): (["GmbH"], [{"group": str, "name": str, "lead": str, "class": OPT_STR, "matched": [str]}]),
    ("audit",): (["10001"], [{
        "at": str, "user": str, "login": str, "host": str, "kind": str, "action": str, "id": str, "group": OPT_STR, "file": str,
        "before": (dict, type(None)), "after": (dict, type(None)), "server_at": OPT_STR,
    }]),
}  # fmt: skip
"""Command → (arguments besides --json, schema)."""

MORE = {
    "report --all without --groups": (["report", "--all", "--as-of", AS_OF], {
        "advisor": OPT_STR, "period": PERIOD, "classes": [SUMMARY], "total": SUMMARY,
        "c_d_share": {"contacts": OPT_NUM, "planning_minutes": OPT_NUM},
    }),
    "capacity --propose": (["capacity", "--propose", USER, "--as-of", AS_OF], {
        "as_of": str, "advisor": str, "factor": OPT_NUM, "frequencies": NUMBERS, "required_hours": NUM,
        "available_hours": NUM,
    }),
    "plan without the store": (["plan"], PLAN),
    "carecalls --results": (["carecalls", "--results", "--advisor", USER], SURVEY_RESULTS),
}  # fmt: skip


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    root = tmp_path_factory.mktemp("contracts") / "demo"
    assert cli.main(["--store", str(root), "demo", "--groups", "40", "--as-of", AS_OF]) == 0
    assert cli.main(["--store", str(root), "--user", "ADM", "survey", "start", "Basis", "--all", "--as-of", AS_OF]) == 0
    return root


def run_json(capsys, store, args, user=USER):
    capsys.readouterr()
    code = cli.main(["--store", str(store), "--user", user, *args, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def test_every_json_command_has_a_contract():
    with_json = {path for path, parser in commands(build_parser()) if "--json" in parser._option_string_actions}
    assert with_json == set(CONTRACTS)


@pytest.mark.parametrize("path", list(CONTRACTS), ids=" ".join)
def test_json_contract(path, demo_store, capsys):
    args, schema = CONTRACTS[path]
    data = run_json(capsys, demo_store, [*path, *args])
    assert conforms(data, schema) == []
    assert data, "the demo institute should fill every answer"


@pytest.mark.parametrize("name", list(MORE))
def test_json_contract_variants(name, demo_store, capsys):
    args, schema = MORE[name]
    assert conforms(run_json(capsys, demo_store, args), schema) == []


def test_setting_the_net_market_time_answers_and_saves(demo_store, tmp_path, capsys):
    store = tmp_path / "copy"
    shutil.copytree(demo_store, store)
    # Saving net market time is a Teamleiter's (MKR in the demo); SKL is refused, nothing written.
    assert cli.main(["--store", str(store), "--user", USER, "capacity", "--set-net-market-time", USER, "1"]) == 1
    data = run_json(capsys, store, ["capacity", "--set-net-market-time", USER, "612,5"], user="MKR")
    assert conforms(data, {"advisor": str, "net_market_hours": NUM}) == [] and data["net_market_hours"] == 612.5


def test_the_data_protection_export_is_json_with_indent_2(demo_store, capsys):
    capsys.readouterr()
    assert cli.main(["--store", str(demo_store), "--user", "ADM", "export-person", "10001", "--yes"]) == 0
    out = capsys.readouterr().out
    assert isinstance(json.loads(out), dict) and out.startswith('{\n  "')


def test_the_checker_finds_a_wrong_type_and_a_missing_key():
    assert conforms({"a": 1}, {"a": str, "b": int}) == ["$: Schlüssel ['b']", "$.a: 1 ist nicht (<class 'str'>,)"]
    assert conforms([{"x": True}], [{"x": NUM}]) == ["$[0].x: True ist ein Wahrheitswert"]

"""Import contracts between the layers, checked on the sources and on real imports:

- the headless commands never load textual or rich (they must run on a server without a terminal
  library and start fast);
- the rules never import the store (they take plain records; only the store touches files);
- screens use the model's public names (`from model.contacts import due_list`), never a feature
  package's inner modules, and never the store's inner modules;
- `model`, `screens` and `data` are this project's packages, not same-named ones from elsewhere.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ("german", "contacts", "casting", "monitoring", "planning", "campaigns", "exchange")


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports at run time (imports for type checkers only are left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def run_python(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout.strip()


# Modules that carry out a use case against the store (read a file, plan with the rules, write):
# they are the glue between rules and store, not rules.
STORE_GLUE = {"model/exchange/imports.py", "model/staff/saving.py"}


def test_rule_modules_never_import_the_store():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "model").rglob("*.py"))
        if "store" not in path.relative_to(ROOT).parts[1:2] and path.relative_to(ROOT).as_posix() not in STORE_GLUE
        for line, name in imports_of(path)
        if name == "model.store" or name.startswith("model.store.")
    ]
    assert offenders == []


def test_screens_import_only_public_model_names():
    offenders = []
    for path in sorted((ROOT / "screens").rglob("*.py")):
        for line, name in imports_of(path):
            parts = name.split(".")
            inner_feature = parts[0] == "model" and len(parts) > 2 and parts[1] in FEATURES
            inner_store = parts[:2] == ["model", "store"] and len(parts) > 2
            if inner_feature or inner_store:
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert offenders == []


def test_every_public_name_of_a_feature_package_resolves():
    code = (
        "import importlib\n"
        f"for f in {FEATURES!r}:\n"
        "    pkg = importlib.import_module('model.' + f)\n"
        "    assert pkg.__all__, f\n"
        "    for n in pkg.__all__: getattr(pkg, n)\n"
        "print('ok')"
    )
    assert run_python(code) == "ok"


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["due", "--help"], ["report", "--help"], ["doctor", "--help"], ["plan", "--help"]],
)
def test_headless_commands_load_neither_textual_nor_rich(argv):
    code = (
        "import sys, contextlib, io\n"
        "from kontakt_tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        main({argv!r})\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))"
    )
    assert run_python(code) == "[]"


def test_headless_command_modules_import_neither_textual_nor_rich():
    offenders = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "kontakt_tui" / "cli").rglob("*.py"))
        for line, name in imports_of(path)
        if name.split(".")[0] in ("textual", "rich", "screens")
    ]
    assert offenders == []


def test_top_level_packages_are_this_projects():
    code = "import model, screens, data, kontakt_tui\nprint('|'.join(m.__file__ for m in (model, screens, data, kontakt_tui)))"
    for file in run_python(code).split("|"):
        assert Path(file).resolve().is_relative_to(ROOT), file


def test_a_local_data_module_does_not_shadow_the_package(tmp_path):
    # The `kontakt` command started in a folder holding a `data.py` must still find the shipped
    # default configuration (it is read from the package `data`).
    kontakt = Path(sys.executable).parent / ("kontakt.exe" if sys.platform == "win32" else "kontakt")
    if not kontakt.exists():
        pytest.skip("the kontakt command is not installed in this environment")
    (tmp_path / "data.py").write_text("raise SystemExit('falsches data-Modul')\n", encoding="utf-8")
    result = subprocess.run(
        [str(kontakt), "--store", str(tmp_path / "speicher"), "init"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "speicher" / "master" / "config.json").exists()

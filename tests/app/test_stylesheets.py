"""Every screen and dialog brings its own stylesheet, nested under its own type, so that an id
styles only the screen it belongs to; `app.tcss` keeps what is app-wide."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.screen import Screen

import screens

ROOT = Path(__file__).resolve().parents[2]
APP_CSS = ROOT / "kontakt_tui" / "app.tcss"


def screen_classes() -> list[type[Screen]]:
    found = []
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def top_level_selectors(css: str) -> list[str]:
    """The selectors of the outermost rules, comments removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    selectors, depth, start = [], 0, 0
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                selectors.append(css[start:at].strip())
            depth += 1
        elif char == "}":
            depth -= 1
            start = at + 1
    return selectors


def sheets() -> list[Path]:
    return sorted((ROOT / "screens").rglob("*.tcss")) + [APP_CSS]


SCREENS = screen_classes()


def test_the_screens_are_found():
    assert len(SCREENS) >= 18


@pytest.mark.parametrize("cls", SCREENS, ids=lambda c: c.__name__)
def test_each_screen_loads_a_stylesheet_beside_its_module(cls):
    assert cls.CSS_PATH, f"{cls.__name__} has no CSS_PATH"
    path = Path(inspect.getfile(cls)).parent / cls.CSS_PATH
    assert path.is_file(), path
    assert cls.__name__ in top_level_selectors(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sheets(), ids=lambda p: p.name)
def test_each_stylesheet_parses(path):
    stylesheet = Stylesheet(variables=App().get_css_variables())
    stylesheet.read(path)
    stylesheet.parse()  # raises StylesheetParseError on a mistake


@pytest.mark.parametrize("path", sorted((ROOT / "screens").rglob("*.tcss")), ids=lambda p: p.name)
def test_screen_stylesheets_nest_every_rule_under_a_screen_type_of_their_module(path):
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    own = {name for name, cls in inspect.getmembers(module, inspect.isclass) if issubclass(cls, Screen)}
    for selector in top_level_selectors(path.read_text(encoding="utf-8")):
        assert selector in own, f"{path.name}: top-level rule {selector!r} is not a screen of {module.__name__}"


def test_the_app_stylesheet_holds_no_ids_and_no_screen_rules():
    selectors = top_level_selectors(APP_CSS.read_text(encoding="utf-8"))
    assert selectors and all(s.startswith(".") for s in selectors), selectors


@pytest.mark.parametrize("path", sheets(), ids=lambda p: p.name)
def test_no_selector_is_defined_twice_in_a_stylesheet(path):
    css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    selectors = [s.strip() for s in re.findall(r"([^{};]+)\{", css)]
    parts = [p.strip() for s in selectors for p in s.split(",")]
    assert len(parts) == len(set(parts)), sorted({p for p in parts if parts.count(p) > 1})

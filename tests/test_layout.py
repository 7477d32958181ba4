"""How the code is laid out: screens, widgets and commands are given what they need."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reader"
# Made by the app and handed their state: none may import the app (an import cycle).
GIVEN_THEIR_STATE = [
    *sorted((PACKAGE / "screens").glob("*.py")),
    *sorted((PACKAGE / "widgets").glob("*.py")),
    PACKAGE / "commands.py",
    PACKAGE / "app_state.py",
]


def imported_modules(module: Path) -> set[str]:
    """Every module ``module`` imports, at its top or inside a function or TYPE_CHECKING."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            names.add(base)
            # "from reader import app" imports the module reader.app.
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("module", GIVEN_THEIR_STATE, ids=lambda path: path.name)
def test_screens_widgets_and_commands_never_import_the_app(module: Path) -> None:
    assert "reader.app" not in imported_modules(module)


def test_the_import_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    for source in [
        "import reader.app",
        "from reader.app import ReaderApp",
        "from reader import app",
        "if TYPE_CHECKING:\n    from reader.app import ReaderApp",
        "def f():\n    from reader.app import ReaderApp",
    ]:
        module.write_text(source, encoding="utf-8")
        assert "reader.app" in imported_modules(module), source


def test_every_package_is_installed() -> None:
    """``pip install .`` (README's first command) installs only the packages listed."""
    pyproject = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(pyproject["tool"]["setuptools"]["packages"])
    packages = {
        ".".join(init.parent.relative_to(PACKAGE.parent).parts)
        for init in PACKAGE.rglob("__init__.py")
    }
    assert packages <= listed


def private_textual_reads(source: str) -> list[str]:
    """Where ``source`` reads a screen's private ``_compositor``."""
    return [
        node.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Attribute) and node.attr == "_compositor"
    ]


def test_tests_read_the_screen_through_public_apis() -> None:
    """No test reads Textual's private compositor, so that Textual can be upgraded."""
    tests = sorted(Path(__file__).parent.glob("*.py"))
    assert {
        test.name: found
        for test in tests
        if (found := private_textual_reads(test.read_text(encoding="utf-8")))
    } == {}
    assert private_textual_reads("app.screen._compositor.render_strips()") == ["_compositor"]

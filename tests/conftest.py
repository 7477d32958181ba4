"""Shared fixtures: post files written in a temporary folder, and the ../shared corpus."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from rich.console import Console

from reader.model import yaml_front_matter
from reader.model.post import Post
from reader.model.post_loader import load_post
from reader.render.layout import DocumentLayout

# Hypothesis's per-example deadline is a wall-clock limit: on a busy machine it fails tests
# that are correct. Time is the benchmarks' business (benchmarks/), never the tests'.
settings.register_profile("reader", deadline=None)
settings.load_profile("reader")

REPO_ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the repository root: the corpus and the seed (absent on most machines).
SHARED = REPO_ROOT.parent / "shared"
SHARED_REASON = "../shared is absent: corpus and seed tests need it"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason=SHARED_REASON)

# What must never reach the terminal from a post: C0 except tab and newline, DEL, C1.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESC = "\x1b"


def problem_messages(post: Post) -> list[str]:
    """The messages of a post's findings, in order (for tests written against them)."""
    return [finding.message for finding in post.problems]


def strings_in(value: object) -> Iterator[str]:
    """Every string in a value made of dicts (keys too), lists and scalars."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(key)
            yield from strings_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from strings_in(item)


class PostFiles:
    """Writes post files under one folder and loads them with the model."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def write(self, content: str | bytes, name: str = "post.md") -> Path:
        """Write ``content`` (UTF-8 text, or bytes as they are) to ``name``; return its path."""
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    def load(self, content: str | bytes, name: str = "post.md") -> Post:
        """Write ``content`` to ``name`` and load it (the folder is the library root)."""
        return load_post(self.write(content, name), self.folder)


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Cache, state and config folders of this test's own, never the user's."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        monkeypatch.setenv(variable, str(home / folder))
    return home


@pytest.fixture
def posts(tmp_path: Path) -> PostFiles:
    """A writer and loader of post files in this test's temporary folder."""
    return PostFiles(tmp_path)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder beside the repository; the test skips when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(SHARED_REASON)
    return SHARED


def rendered(markdown: str, width: int = 80) -> list[str]:
    """A body as plain lines, everything laid out, the way ``reader show`` prints it."""
    console = Console(file=io.StringIO(), width=width, color_system=None)
    layout = DocumentLayout(markdown, console)
    layout.set_width(width)
    layout.lay_out_lines(0, 10**9)
    lines = (layout.line(index) for index in range(layout.height))
    return ["".join(segment.text for segment in line).rstrip() for line in lines]


def run_without_textual(code: str) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` in a new process; it fails if Textual was imported meanwhile."""
    check = (
        "\nimport sys\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'textual')\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code + check],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result


def yaml_shortcut(text: str) -> Any:
    """The plain-YAML shortcut's reading of ``text``, or None when it leaves it to PyYAML."""
    return yaml_front_matter._plain_yaml(text)


def pyyaml_reading(text: str) -> Any:
    """What PyYAML itself reads in ``text`` (no front matter at all is an empty mapping)."""
    return yaml.load(text, Loader=yaml_front_matter._LOADER) or {}

"""Snapshots of the library and the post view on the sample posts (pytest-textual-snapshot).

Update after a deliberate change of the look with ``pytest tests/test_snapshots.py
--snapshot-update`` and review the SVGs under ``tests/__snapshots__/``.

The sidebar shows each post's file path. To keep the snapshots the same on every machine
(CI checks out elsewhere), the app is given the samples by a *relative* path from their
parent folder, so the paths it shows are ``sample_posts/...`` wherever the checkout is.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from app_helpers import SAMPLES, library_order, sample, screen_text
from textual.pilot import Pilot

from reader.app import ReaderApp
from reader.model.config import Settings
from reader.screens.library import PREVIEW_SECONDS, LibraryScreen
from reader.screens.post import PostScreen
from reader.widgets.post_list import PostList

SnapCompare = Callable[..., bool]

ENGLISH = "2023-06-18-structured-logging-in-python.md"
JAPANESE = "2023-04-02-miso-soup-every-morning.md"


@pytest.fixture
def relative_samples(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the samples' parent folder; return the samples' relative path."""
    monkeypatch.chdir(SAMPLES.parent)
    return Path(SAMPLES.name)


async def _library_loaded(pilot: Pilot[None]) -> None:
    for _ in range(500):
        screen = pilot.app.screen
        if isinstance(screen, LibraryScreen) and screen.query_one(PostList).row_count:
            break
        await pilot.pause(0.02)
    await pilot.pause(PREVIEW_SECONDS * 3)  # the sidebar reads the whole highlighted post


async def _post_shown(pilot: Pilot[None]) -> None:
    # The library is read in the background after the post is drawn; wait for it too,
    # so that nothing changes while the screenshot is taken.
    for _ in range(500):
        if isinstance(pilot.app.screen, PostScreen) and len(library_order(pilot.app)) == 14:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def test_library(snap_compare: SnapCompare, relative_samples: Path) -> None:
    app = ReaderApp([relative_samples])
    assert snap_compare(app, terminal_size=(120, 35), run_before=_library_loaded)


@pytest.mark.parametrize("size", [(120, 35), (80, 30)], ids=["120x35", "80x30"])
@pytest.mark.parametrize("name", [ENGLISH, JAPANESE], ids=["english", "japanese"])
def test_post_view(
    snap_compare: SnapCompare, relative_samples: Path, name: str, size: tuple[int, int]
) -> None:
    assert sample(name.removesuffix(".md")).name == name
    path = relative_samples / name
    app = ReaderApp([relative_samples], open_file=path)
    assert snap_compare(app, terminal_size=size, run_before=_post_shown)


def test_library_by_date_with_filter(snap_compare: SnapCompare, relative_samples: Path) -> None:
    app = ReaderApp([relative_samples])
    assert snap_compare(
        app,
        terminal_size=(120, 35),
        run_before=_library_loaded,
        press=["v", "slash", *"python", "enter"],
    )


# --- a post with every construct (tests/fixtures/every_construct.md) ------------------------

EVERY_CONSTRUCT = Path(__file__).parent / "fixtures" / "every_construct.md"
# Keys that scroll the post view until the table, the code and the Japanese are on screen.
TO_TABLE = {(80, 30): ["space", *["j"] * 14], (120, 35): ["space", *["j"] * 10]}


@pytest.fixture
def every_construct_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture alone in a folder named ``posts``, given by a relative path."""
    folder = tmp_path / "posts"
    folder.mkdir()
    shutil.copy(EVERY_CONSTRUCT, folder / EVERY_CONSTRUCT.name)
    monkeypatch.chdir(tmp_path)
    return Path("posts") / EVERY_CONSTRUCT.name


async def _single_post_shown(pilot: Pilot[None]) -> None:
    for _ in range(500):
        if isinstance(pilot.app.screen, PostScreen) and len(library_order(pilot.app)) == 1:
            break
        await pilot.pause(0.02)
    await pilot.pause()


@pytest.mark.parametrize("scrolled", [False, True], ids=["top", "table-code-japanese"])
@pytest.mark.parametrize("size", [(80, 30), (120, 35)], ids=["80x30", "120x35"])
def test_every_construct(
    snap_compare: SnapCompare,
    every_construct_post: Path,
    size: tuple[int, int],
    scrolled: bool,
) -> None:
    app = ReaderApp([every_construct_post.parent], open_file=every_construct_post)
    assert snap_compare(
        app,
        terminal_size=size,
        run_before=_single_post_shown,
        press=TO_TABLE[size] if scrolled else [],
    )


# --- what a new user meets, small and large: 80x24 and 160x50 ---------------------------------

NEW_USER_SIZES = [(80, 24), (160, 50)]
NEW_USER_IDS = ["80x24", "160x50"]


@pytest.mark.parametrize("size", NEW_USER_SIZES, ids=NEW_USER_IDS)
def test_empty_folder(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
) -> None:
    (tmp_path / "empty").mkdir()
    monkeypatch.chdir(tmp_path)

    async def told(pilot: Pilot[None]) -> None:
        for _ in range(500):
            screen = pilot.app.screen
            if isinstance(screen, LibraryScreen) and "Looked in" in screen_text(pilot.app):
                break
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(ReaderApp([Path("empty")]), terminal_size=size, run_before=told)


@pytest.mark.parametrize("size", NEW_USER_SIZES, ids=NEW_USER_IDS)
def test_help(snap_compare: SnapCompare, relative_samples: Path, size: tuple[int, int]) -> None:
    app = ReaderApp([relative_samples])
    assert snap_compare(app, terminal_size=size, run_before=_library_loaded, press=["?"])


@pytest.mark.parametrize("size", NEW_USER_SIZES, ids=NEW_USER_IDS)
@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"], ids=["dark", "light"])
def test_post_at_the_reading_width(
    snap_compare: SnapCompare, relative_samples: Path, theme: str, size: tuple[int, int]
) -> None:
    """At 160 columns the text keeps to the reading width (80), centred; light and dark."""
    app = ReaderApp(
        [relative_samples], open_file=relative_samples / ENGLISH, settings=Settings(theme=theme)
    )
    assert snap_compare(app, terminal_size=size, run_before=_post_shown)

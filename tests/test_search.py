"""Full-text search: English and Japanese, ranked, with snippets; in the model and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO_ROOT, PostFiles

from reader.cli import main
from reader.model.library import Library, load_library
from reader.model.search import build_fulltext, match_expression, search, snippet

FILLER = "Nothing to see in this sentence. " * 20


@pytest.fixture
def blog(posts: PostFiles) -> Path:
    """A small library with English and Japanese posts."""
    posts.write(
        "---\ntitle: Structured logging in Python\ntags: [python]\n---\n"
        f"{FILLER}\nLog lines as JSON.\n",
        "logging.md",
    )
    posts.write(
        "---\ntitle: Deploying a web app\ntags: [ops]\n---\n"
        f"{FILLER}\nWe keep the logging plain and ship it to a file.\n",
        "deploy.md",
    )
    posts.write(
        "---\ntitle: 毎朝の味噌汁\ncategories: [料理]\n---\n"
        "在宅勤務になってから、朝ごはんに味噌汁を作るようになった。だしは昆布でとる。\n",
        "miso.md",
    )
    posts.write(
        "---\ntitle: 東京の散歩\nauthor: 山田太郎\n---\n"
        "週末は東京の下町を歩いた。昼は蕎麦を食べた。\n",
        "tokyo.md",
    )
    return posts.folder


def _indexed(folder: Path) -> Library:
    library = load_library([folder], use_cache=True)
    assert build_fulltext(library) == []
    return library


def _titles(library: Library, query: str, use_index: bool = True) -> list[str]:
    return [hit.post.title for hit in search(library, query, use_index=use_index)]


def test_english_words_are_found_and_a_title_match_ranks_first(blog: Path) -> None:
    library = _indexed(blog)
    assert _titles(library, "logging") == ["Structured logging in Python", "Deploying a web app"]
    assert _titles(library, "LOGGING plain") == ["Deploying a web app"]  # every word, any case
    assert _titles(library, "kubernetes") == []


def test_japanese_is_found_without_spaces(blog: Path) -> None:
    library = _indexed(blog)
    assert _titles(library, "味噌汁を作る") == ["毎朝の味噌汁"]
    assert _titles(library, "下町を歩いた") == ["東京の散歩"]
    assert _titles(library, "山田太郎") == ["東京の散歩"]  # the author
    assert _titles(library, "料理") == ["毎朝の味噌汁"]  # a category, two letters: a scan


def test_short_queries_are_answered_by_a_scan(blog: Path) -> None:
    library = _indexed(blog)
    assert match_expression(["東京"]) is None
    assert _titles(library, "東京") == ["東京の散歩"]
    assert _titles(library, "蕎麦") == ["東京の散歩"]
    # And a scan finds the same as the index for longer words.
    assert _titles(library, "logging", use_index=False) == _titles(library, "logging")


def test_a_changed_post_is_found_by_its_new_words_only(blog: Path) -> None:
    library = _indexed(blog)
    changed = blog / "deploy.md"
    changed.write_text("---\ntitle: Deploying a web app\n---\nNow about containers.\n")
    os.utime(changed, ns=(1, 1_000_000_000))
    library = _indexed(blog)
    assert _titles(library, "logging") == ["Structured logging in Python"]
    assert _titles(library, "containers") == ["Deploying a web app"]


def test_snippets_show_the_text_around_the_first_match(blog: Path) -> None:
    library = _indexed(blog)
    (hit,) = search(library, "ship it")
    assert hit.snippet.startswith("…")
    assert "logging plain and ship it to a file." in hit.snippet
    assert len(hit.snippet) <= 170
    assert snippet("no match here", ["zebra"]) == ""
    assert snippet("A zebra!", ["ZEBRA"]) == "A zebra!"


def test_unindexed_posts_need_the_index_built(blog: Path) -> None:
    library = load_library([blog], use_cache=True)
    assert _titles(library, "logging") == []
    build_fulltext(library)
    assert len(_titles(library, "logging")) == 2


def test_search_on_the_command_line_as_json(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "味噌汁を", str(blog), "--json"]) == 0
    (found,) = json.loads(capsys.readouterr().out)
    assert found["title"] == "毎朝の味噌汁"
    assert found["path"] == str(blog / "miso.md")
    assert found["categories"] == ["料理"]
    assert "朝ごはんに味噌汁を作るようになった" in found["snippet"]
    assert main(["search", "logging", str(blog), "--json", "--limit", "1"]) == 0
    assert [hit["title"] for hit in json.loads(capsys.readouterr().out)] == [
        "Structured logging in Python"
    ]


def test_search_on_the_command_line_as_text_and_without_the_cache(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "ship it", str(blog), "--no-cache"]) == 0
    out = capsys.readouterr().out
    assert "Deploying a web app" in out and "ship it to a file" in out
    assert main(["search", "zebra", str(blog)]) == 1
    assert capsys.readouterr().err == "reader: error: no posts hold 'zebra'\n"


def test_list_and_search_never_import_textual(blog: Path) -> None:
    code = (
        "import contextlib, io, sys\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', {str(blog)!r}, '--json']) == 0\n"
        f"    assert main(['search', 'logging', {str(blog)!r}]) == 0\n"
        f"    assert main(['search', '東京', {str(blog)!r}, '--json']) == 0\n"
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'textual')\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr

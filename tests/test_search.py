"""Full-text search: English and Japanese, ranked, with snippets; in the model and the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import PostFiles, run_without_textual

from reader.cli import main
from reader.model.filters import PostFilter
from reader.model.index import index_file
from reader.model.library import Library, cached_posts, load_library
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
    marked = "# Zebras\n\n> A **striped** [zebra](https://example.com) and `snake_case` *here*"
    assert snippet(marked, ["zebra"]) == "Zebras A striped zebra and snake_case here"
    japanese = snippet("前置き" * 40 + "味噌汁を作る" + "後書き" * 80, ["味噌汁"])
    assert "味噌汁を作る" in japanese
    assert sum(2 if "\u3000" <= c <= "\u9fff" else 1 for c in japanese) <= 160  # columns


def test_posts_not_indexed_yet_are_found_by_reading_them(blog: Path) -> None:
    library = load_library([blog], use_cache=True)
    before = _titles(library, "logging")
    assert before == ["Structured logging in Python", "Deploying a web app"]
    build_fulltext(library)
    assert _titles(library, "logging") == before


def test_without_a_usable_cache_search_reads_the_files(
    blog: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    library = load_library([blog], use_cache=True)
    assert len(build_fulltext(library)) == 1  # the notice
    assert _titles(library, "ship it") == ["Deploying a web app"]


def test_the_limit_counts_only_posts_that_pass(posts: PostFiles) -> None:
    for number in range(30):
        draft = "true" if number % 10 == 0 else "false"
        posts.write(
            f"---\ntitle: Logging {number}\ndraft: {draft}\n---\nAbout logging, a lot.\n",
            f"p{number}.md",
        )
    library = _indexed(posts.folder)
    library.posts = PostFilter(drafts="only").apply(library.posts)
    assert sorted(hit.post.title for hit in search(library, "logging", limit=3)) == [
        "Logging 0",
        "Logging 10",
        "Logging 20",
    ]
    # A short word, checked after the index answered, does not eat into the limit either.
    library = load_library([posts.folder], use_cache=True)
    assert len(search(library, "logging a", limit=25)) == 25


def test_a_cache_damaged_inside_never_breaks_loading_or_search(posts: PostFiles) -> None:
    for number in range(300):
        posts.write(f"---\ntitle: Post {number}\n---\nSome words here.\n", f"p{number}.md")
    library = _indexed(posts.folder)
    cache = index_file(posts.folder)
    data = bytearray(cache.read_bytes())
    # Zeros over the head of every page but the first two: whatever the rows' layout (it
    # moves with the length of the temporary folder's path), reading them fails.
    for page in range(2 * 4096, len(data), 4096):
        data[page : page + 400] = bytes(400)
    cache.write_bytes(bytes(data))
    shown, _ = cached_posts([posts.folder], 1000)  # no exception, whatever it could read
    assert len(shown) <= 300
    library = load_library([posts.folder], use_cache=True)
    assert len(library.notices) == 1 and library.notices[0].startswith("index cache ")
    assert sorted(post.title for post in library.posts) == sorted(
        f"Post {number}" for number in range(300)
    )
    assert len(search(library, "words here", limit=500)) == 300
    again = load_library([posts.folder], use_cache=True)  # a new cache, built anew
    assert len(again.posts) == 300 and again.notices == []


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
    run_without_textual(
        "import contextlib, io\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', {str(blog)!r}, '--json']) == 0\n"
        f"    assert main(['search', 'logging', {str(blog)!r}]) == 0\n"
        f"    assert main(['search', '東京', {str(blog)!r}, '--json']) == 0\n"
    )

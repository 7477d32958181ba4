"""Full-text search: English and Japanese, ranked, with snippets; in the model and the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from conftest import PostFiles, run_without_textual

from reader.cli import main
from reader.model import search as search_module
from reader.model.discovery import find_post_files, stamped_post_files
from reader.model.filters import PostFilter
from reader.model.index import PostText, index_file
from reader.model.library import (
    Library,
    cached_posts,
    load_library,
)
from reader.model.post import PostSummary
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.search import SearchQuery, build_fulltext, search, search_folders, snippet

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
    library = load_library([folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert build_fulltext(library) == []
    return library


def _titles(library: Library, query: str, use_index: bool = True) -> list[str]:
    return [hit.post.title for hit in search(library, query, use_index=use_index).hits]


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
    assert SearchQuery.parse("東京").fulltext_expression() is None
    assert _titles(library, "東京") == ["東京の散歩"]
    assert _titles(library, "蕎麦") == ["東京の散歩"]
    # And a scan finds the same as the index for longer words.
    assert _titles(library, "logging", use_index=False) == _titles(library, "logging")


def test_short_queries_read_the_text_the_index_keeps_and_files_only_when_not_indexed(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parsing every post for a two-character word took 10 s at 3,000 posts."""
    library = _indexed(blog)
    read: list[str] = []
    real_read = search_module._read

    def counted_read(post: PostSummary) -> PostText | None:
        read.append(post.path.name)
        return real_read(post)

    monkeypatch.setattr(search_module, "_read", counted_read)
    assert _titles(library, "東京") == ["東京の散歩"]
    assert read == []
    (blog / "onsen.md").write_text("---\ntitle: 温泉の宿\n---\n東京から近い温泉。\n")
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)  # not indexed
    assert sorted(_titles(library, "東京")) == ["東京の散歩", "温泉の宿"]
    assert read == ["onsen.md"]


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
    (hit,) = search(library, "ship it").hits
    assert hit.snippet.startswith("…")
    assert "logging plain and ship it to a file." in hit.snippet
    assert hit.matched_text == "ship"  # the first of its words in the text
    assert len(hit.snippet) <= 170
    assert snippet("no match here", ["zebra"]) is None
    assert snippet("A zebra!", ["zebra"]) == ("A zebra!", 2, 7)
    japanese = snippet("前置き" * 40 + "味噌汁を作る" + "後書き" * 80, ["味噌汁"])
    assert japanese is not None
    assert japanese.text[japanese.start : japanese.end] == "味噌汁"
    assert sum(2 if "\u3000" <= c <= "\u9fff" else 1 for c in japanese.text) <= 160  # columns


def test_snippets_are_the_text_a_reader_sees(posts: PostFiles) -> None:
    posts.write(
        "---\ntitle: Marks\n---\n<!-- a comment about plugins -->\n\n"
        "- a **list** item on the プラグイン and ![a diagram](/images/x.png) here\n\n"
        "ターミナルの端末ウ\nィンドウを開く。\n",
        "marks.md",
    )
    library = _indexed(posts.folder)
    (hit,) = search(library, "プラグイン").hits
    assert hit.snippet == "a list item on the プラグイン and a diagram here"
    assert hit.matched_text == "プラグイン"
    (hit,) = search(library, "端末ウィンドウ").hits
    assert hit.snippet == "ターミナルの端末ウィンドウを開く。"


SPLIT_BY_MARKUP = {
    "bold.md": "スレッドを**ワー**カーと呼ぶ。\n",
    "link.md": "[ワー](https://example.com/w)カーを増やす。\n",
    "soft.md": "起動したワー\nカーの数。\n",
    "html.md": "A <em>work</em>er pool, <b>ten</b> workers.\n",
}


def test_words_split_by_markup_are_found_as_a_reader_sees_them(
    posts: PostFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, body in SPLIT_BY_MARKUP.items():
        posts.write(f"---\ntitle: {name}\n---\n{body}", name)
    posts.write("---\ntitle: raw\n---\nワ ーカー, w ork er\n", "apart.md")  # not split by markup
    expected = ["bold.md", "link.md", "soft.md"]
    library = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert sorted(_titles(library, "ワーカー", use_index=False)) == expected  # files read
    assert build_fulltext(library) == []
    assert sorted(_titles(library, "ワーカー")) == expected  # the index
    assert _titles(library, "worker") == ["html.md"]
    snippets = {hit.post.title: hit.snippet for hit in search(library, "ワーカー").hits}
    assert snippets == {
        "bold.md": "スレッドをワーカーと呼ぶ。",
        "link.md": "ワーカーを増やす。",
        "soft.md": "起動したワーカーの数。",
    }
    assert main(["search", "ワーカー", str(posts.folder), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert sorted(hit["title"] for hit in found) == expected
    assert main(["search", "ワーカー", str(posts.folder), "--json", "--no-cache"]) == 0
    assert sorted(hit["title"] for hit in json.loads(capsys.readouterr().out)) == expected


def test_a_long_post_is_indexed_in_a_worker_process_and_found(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its parse (some 25 times its size) never weighs on the app, which indexes in a thread."""
    import concurrent.futures

    long_post = blog / "long.md"
    long_post.write_text("---\ntitle: Long\n---\n" + FILLER * 3 + "\nA **quokka** here.\n")
    monkeypatch.setattr(search_module, "LONG_POST_BYTES", long_post.stat().st_size)
    pools: list[str] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def recording_pool(*args: Any, **kwargs: Any) -> Any:
        pools.append(kwargs["mp_context"].get_start_method())
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording_pool)
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # as in the app
        assert thread.submit(build_fulltext, library).result() == []
    assert pools == ["spawn"]
    assert _titles(library, "quokka") == ["Long"]
    assert _titles(library, "味噌汁") == ["毎朝の味噌汁"]  # the short posts too


def test_a_snippet_cut_to_80_columns_keeps_the_match_whole() -> None:
    text = "前置きの文章です。" * 30 + "プラグイン" + "後の文章です。" * 30
    for cells in (20, 40, 76):
        cut = snippet(text, ["プラグイン"], cells)
        assert cut is not None and cut.text[cut.start : cut.end] == "プラグイン"
        assert sum(2 if "\u3000" <= c <= "\u9fff" else 1 for c in cut.text) <= cells
    english = "word " * 50 + "needle in the haystack " + "more " * 50
    cut = snippet(english, ["needle"], 40)
    assert cut is not None and cut.text[cut.start : cut.end] == "needle"
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert all(
        part in ("word", "needle", "in", "the", "haystack", "more")
        for part in cut.text.strip("…").split()
    )


def test_description_and_other_front_matter_people_read_is_searched(posts: PostFiles) -> None:
    for key in ("description", "summary", "excerpt", "subtitle"):
        posts.write(f"---\ntitle: {key}\n{key}: About zeppelins\n---\nNothing else.\n", f"{key}.md")
    library = _indexed(posts.folder)
    result = search(library, "zeppelins")
    assert sorted(hit.post.title for hit in result.hits) == [
        "description",
        "excerpt",
        "subtitle",
        "summary",
    ]
    assert result.total == 4 and result.count_text == "4 posts"
    assert all(hit.matched_text == "zeppelins" for hit in result.hits)


def test_phrases_exclusions_filters_and_full_width_forms(posts: PostFiles) -> None:
    posts.write(
        "---\ntitle: A\ntags: [python]\ndate: 2024-01-02\n---\nStructured logging here.\n", "a.md"
    )
    posts.write("---\ntitle: B\ntags: [go]\ndate: 2023-01-02\n---\nLogging, structured.\n", "b.md")
    posts.write("---\ntitle: C\ntags: [python]\ndate: 2023-05-02\n---\nＡＩ and logging.\n", "c.md")
    library = _indexed(posts.folder)
    assert sorted(_titles(library, "logging")) == ["A", "B", "C"]
    assert _titles(library, '"structured logging"') == ["A"]
    assert sorted(_titles(library, "logging -structured")) == ["C"]
    assert sorted(_titles(library, "logging tag:python")) == ["A", "C"]
    assert _titles(library, "logging tag:python year:2023") == ["C"]
    assert _titles(library, "ai logging") == ["C"]  # ＡＩ is AI
    assert _titles(library, "logging -ai") != []  # two letters: read from the files
    assert sorted(_titles(library, "logging -ai")) == ["A", "B"]
    assert search(library, "logging", limit=1).total == 3


def test_posts_not_indexed_yet_are_found_by_reading_them(blog: Path) -> None:
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
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
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
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
    assert sorted(hit.post.title for hit in search(library, "logging", limit=3).hits) == [
        "Logging 0",
        "Logging 10",
        "Logging 20",
    ]
    # A short word, checked after the index answered, does not eat into the limit either.
    library = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert len(search(library, "logging a", limit=25).hits) == 25


def test_a_cache_damaged_inside_never_breaks_loading_or_search(posts: PostFiles) -> None:
    for number in range(300):
        posts.write(f"---\ntitle: Post {number}\n---\nSome words here.\n", f"p{number}.md")
    library = _indexed(posts.folder)
    cache = index_file(posts.folder, speeds=DEFAULT_SPEEDS)
    data = bytearray(cache.read_bytes())
    # Zeros over the head of every page but the first two: whatever the rows' layout (it
    # moves with the length of the temporary folder's path), reading them fails.
    for page in range(2 * 4096, len(data), 4096):
        data[page : page + 400] = bytes(400)
    cache.write_bytes(bytes(data))
    shown, _ = cached_posts(
        [posts.folder], 1000, speeds=DEFAULT_SPEEDS
    )  # no exception, whatever it could read
    assert len(shown) <= 300
    library = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert len(library.notices) == 1 and library.notices[0].startswith("index cache ")
    assert sorted(post.title for post in library.posts) == sorted(
        f"Post {number}" for number in range(300)
    )
    assert len(search(library, "words here", limit=500).hits) == 300
    again = load_library(
        [posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS
    )  # a new cache, built anew
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


@pytest.mark.parametrize("cache", [[], ["--no-cache"]])
def test_search_json_with_no_hit_prints_an_empty_list(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], cache: list[str]
) -> None:
    assert main(["search", "zebra", str(blog), "--json", *cache]) == 0
    assert capsys.readouterr().out == "[]\n"
    # A missing folder is still an error.
    assert main(["search", "zebra", str(tmp_path / "missing"), "--json", *cache]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("reader: error: no such file or folder")


def test_list_and_search_never_import_textual(blog: Path) -> None:
    run_without_textual(
        "import contextlib, io\n"
        "from reader.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', {str(blog)!r}, '--json']) == 0\n"
        f"    assert main(['search', 'logging', {str(blog)!r}]) == 0\n"
        f"    assert main(['search', '東京', {str(blog)!r}, '--json']) == 0\n"
    )


def test_the_command_line_notices_posts_added_changed_and_removed(blog: Path) -> None:
    result, notices = search_folders([blog], "logging", speeds=DEFAULT_SPEEDS)
    assert notices == [] and result.total == 2
    (blog / "logging.md").unlink()
    (blog / "new.md").write_text("---\ntitle: New\n---\nMore logging.\n", encoding="utf-8")
    changed = blog / "tokyo.md"
    changed.write_text("---\ntitle: 東京の散歩\n---\nlogging in Tokyo\n", encoding="utf-8")
    os.utime(changed, ns=(1, 1_000_000_000))
    result, _ = search_folders([blog], "logging", speeds=DEFAULT_SPEEDS)
    assert sorted(hit.post.title for hit in result.hits) == [
        "Deploying a web app",
        "New",
        "東京の散歩",
    ]


def test_while_no_folder_changed_the_command_line_stats_the_known_posts_only(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    search_folders([blog], "logging", DEFAULT_SPEEDS)  # walked: the folders' stamps are recorded
    edited = blog / "tokyo.md"
    edited.write_text("---\ntitle: 東京の散歩\n---\nlogging in Tokyo\n", encoding="utf-8")
    os.utime(edited, ns=(1, 1_000_000_000))  # edited in place: its folder's time stays

    def no_walk(root: Path) -> None:
        raise AssertionError(f"walked {root}")

    with monkeypatch.context() as patched:
        patched.setattr("reader.model.discovery.stamped_post_files", no_walk)
        result, _ = search_folders([blog], "logging", DEFAULT_SPEEDS)
    assert sorted(hit.post.title for hit in result.hits) == [
        "Deploying a web app",
        "Structured logging in Python",
        "東京の散歩",
    ]
    (blog / "new.md").write_text("---\ntitle: New\n---\nMore logging.\n", encoding="utf-8")
    result, _ = search_folders([blog], "logging", DEFAULT_SPEEDS)  # a folder changed: walked again
    assert result.total == 4


def test_a_site_configuration_changed_in_place_is_noticed(posts: PostFiles) -> None:
    site = posts.folder
    posts.write("---\ntitle: In content\n---\nwalrus\n", "content/a.md")
    posts.write("---\ntitle: In posts\n---\nwalrus\n", "posts/b.md")
    config = site / "hugo.toml"
    config.write_text('contentDir = "content"\n', encoding="utf-8")
    assert [hit.post.title for hit in search_folders([site], "walrus", DEFAULT_SPEEDS)[0].hits] == [
        "In content"
    ]
    folder_time = site.stat().st_mtime_ns
    config.write_text('contentDir = "posts"\n', encoding="utf-8")
    os.utime(config, ns=(1, 1_000_000_000))
    assert site.stat().st_mtime_ns == folder_time  # only the file's text changed
    assert [hit.post.title for hit in search_folders([site], "walrus", DEFAULT_SPEEDS)[0].hits] == [
        "In posts"
    ]


def test_the_command_line_says_how_many_posts_matched_on_a_terminal(
    blog: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["search", "logging", str(blog), "--json"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: nothing but the JSON
    monkeypatch.setattr("sys.stderr.isatty", lambda: True)
    assert main(["search", "logging", str(blog), "--json", "--limit", "1"]) == 0
    assert capsys.readouterr().err == "reader: 2 posts, the best 1 shown\n"


def test_the_stat_walk_finds_the_posts_the_library_lists(posts: PostFiles) -> None:
    site = posts.folder
    for name in ("_posts/a.md", "_posts/2024/b.markdown", "notes/_posts/c.md", "_drafts/d.md"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("---\ntitle: x\n---\nx\n", encoding="utf-8")
    for name in ("README.md", ".hidden/_posts/e.md", "vendor/_posts/f.md", "_posts/g.txt"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x\n", encoding="utf-8")
    stamped = stamped_post_files(site)
    assert set(stamped) == {str(file) for file, _ in find_post_files([site])}
    assert len(stamped) == 4
    a = (site / "_posts/a.md").stat()
    assert stamped[str(site / "_posts/a.md")] == (a.st_size, a.st_mtime_ns)


def test_many_matches_put_title_matches_first_without_ranking_all(
    blog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = _indexed(blog)
    monkeypatch.setattr("reader.model.index.RANKED_MATCHES", 1)
    result = search(library, "logging")
    assert [hit.post.title for hit in result.hits] == [
        "Structured logging in Python",
        "Deploying a web app",
    ]
    assert (result.total, result.more) == (1, True)  # past the cap, matches are not counted
    assert result.count_text == "more than 1 posts, the best 2 shown"
    assert [hit.post.title for hit in search(library, "logging -json").hits] == [
        "Deploying a web app"
    ]

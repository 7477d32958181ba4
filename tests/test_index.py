"""The index cache: warm starts read only what changed, and a broken cache never misleads."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from conftest import REPO_ROOT, PostFiles

import reader.model.library as library_module
import reader.model.post_loader as post_loader
from reader.model.index import SCHEMA_VERSION, cache_folder, index_file
from reader.model.library import Library, cached_posts, cached_summaries, load_library
from reader.model.post import Post, summary_json
from reader.model.reading_time import DEFAULT_SPEEDS, ReadingSpeeds


def _post_text(title: str, body: str = "Some text.") -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-02\ntags: [a, b]\n---\n{body}\n"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files read afresh (not taken from the cache) from now on."""
    read: list[Path] = []
    real_load_post = post_loader.load_post

    def counting_load_post(
        path: Path, root: Path | None = None, speeds: ReadingSpeeds = DEFAULT_SPEEDS
    ) -> Post:
        read.append(path)
        return real_load_post(path, root, speeds)

    monkeypatch.setattr(post_loader, "load_post", counting_load_post)
    return read


def _titles(library: Library) -> list[str]:
    return sorted(post.title for post in library.posts)


def _blog(posts: PostFiles) -> Path:
    posts.write(_post_text("One"), "one.md")
    posts.write(_post_text("Two"), "two.md")
    posts.write(_post_text("Three"), "three.md")
    return posts.folder


def test_a_warm_start_reads_nothing_and_lists_the_same(posts: PostFiles, reads: list[Path]) -> None:
    blog = _blog(posts)
    cold = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert len(reads) == 3
    reads.clear()
    warm = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert reads == []
    assert _titles(warm) == _titles(cold) == ["One", "Three", "Two"]
    assert [post.tags for post in warm.posts] == [["a", "b"]] * 3
    assert warm.posts[0].date == cold.posts[0].date
    assert warm.posts[0].fingerprint == cold.posts[0].fingerprint != ""
    assert warm.notices == []
    # The cache lives under the user's cache folder, never in the library.
    assert index_file(blog, speeds=DEFAULT_SPEEDS).is_file()
    assert index_file(blog, speeds=DEFAULT_SPEEDS).is_relative_to(cache_folder())
    assert sorted(path.name for path in blog.iterdir()) == ["one.md", "three.md", "two.md"]


def test_each_reading_speed_has_a_cache_of_its_own(posts: PostFiles, reads: list[Path]) -> None:
    posts.write(_post_text("Long", "word " * 600), "long.md")
    slow = ReadingSpeeds(words_per_minute=100)
    usual = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    slowly = load_library([posts.folder], use_cache=True, speeds=slow)
    assert len(reads) == 2  # the cache of the usual speed is not the slow one's
    assert [post.estimated_minutes for post in (*usual.posts, *slowly.posts)] == [3, 6]
    assert slowly.speeds == slow
    assert index_file(posts.folder, DEFAULT_SPEEDS) != index_file(posts.folder, slow)
    reads.clear()
    again = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert reads == [] and again.posts[0].estimated_minutes == 3


def test_the_newest_cached_posts_are_had_with_the_count(
    posts: PostFiles, reads: list[Path]
) -> None:
    for name, date in [
        ("Old", "2020-01-01"),
        ("New", "2024-05-01 09:00:00 +09:00"),
        ("Mid", "2022-03-01"),
        ("Newer", "2024-05-01 01:00:00 +00:00"),
    ]:
        posts.write(f"---\ntitle: {name}\ndate: {date}\n---\nText.\n", f"{name}.md")
    posts.write("---\ntitle: Undated\n---\nText.\n", "undated.md")
    load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    reads.clear()
    newest, total = cached_posts([posts.folder], 2, speeds=DEFAULT_SPEEDS)
    assert ([post.title for post in newest], total) == (["Newer", "New"], 5)
    every, _ = cached_posts([posts.folder], 10, speeds=DEFAULT_SPEEDS)
    assert [post.title for post in every] == ["Newer", "New", "Mid", "Old", "Undated"]
    assert reads == []  # from the cache alone


def test_the_first_undated_cached_posts_are_the_first_by_title(posts: PostFiles) -> None:
    for title in ["delta", "Bravo", "alpha", "Charlie"]:
        posts.write(f"---\ntitle: {title}\n---\nText.\n", f"{title}.md")
    load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    newest, total = cached_posts([posts.folder], 2, speeds=DEFAULT_SPEEDS)
    assert ([post.title for post in newest], total) == (["alpha", "Bravo"], 4)


def test_added_changed_removed_and_renamed_posts_are_picked_up(
    posts: PostFiles, reads: list[Path]
) -> None:
    blog = _blog(posts)
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    reads.clear()
    posts.write(_post_text("Four"), "four.md")
    changed = posts.write(_post_text("One, longer now", "More words than before."), "one.md")
    os.utime(changed, ns=(1, 1_000_000_000))  # a new time even on a coarse clock
    (blog / "three.md").unlink()
    (blog / "two.md").rename(blog / "deux.md")
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _titles(library) == ["Four", "One, longer now", "Two"]
    assert sorted(path.name for path in reads) == ["deux.md", "four.md", "one.md"]
    reads.clear()
    assert _titles(load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)) == _titles(library)
    assert reads == []


def test_a_corrupt_cache_is_rebuilt_with_a_notice(posts: PostFiles) -> None:
    blog = _blog(posts)
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    index_file(blog, speeds=DEFAULT_SPEEDS).write_bytes(b"this is not a database" * 100)
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _titles(library) == ["One", "Three", "Two"]
    assert library.notices == ["index cache was corrupt; rebuilding it"]
    again = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert again.notices == [] and _titles(again) == _titles(library)


def test_a_cache_damaged_inside_is_bypassed_then_rebuilt(posts: PostFiles) -> None:
    blog = _blog(posts)
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    with sqlite3.connect(index_file(blog, speeds=DEFAULT_SPEEDS)) as connection:
        connection.execute("DROP TABLE posts")
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _titles(library) == ["One", "Three", "Two"]
    assert len(library.notices) == 1 and "reading without it" in library.notices[0]
    again = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert again.notices == [] and _titles(again) == _titles(library)


def test_a_cache_from_another_version_is_rebuilt(posts: PostFiles) -> None:
    blog = _blog(posts)
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    with sqlite3.connect(index_file(blog, speeds=DEFAULT_SPEEDS)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _titles(library) == ["One", "Three", "Two"]
    assert library.notices == ["index cache was made by another version of reader; rebuilding it"]


def test_an_unwritable_cache_folder_is_bypassed(
    posts: PostFiles, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blog = _blog(posts)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _titles(library) == ["One", "Three", "Two"]
    assert len(library.notices) == 1
    assert library.notices[0].startswith("index cache unavailable (not a directory)")


def test_without_the_cache_nothing_is_written(posts: PostFiles) -> None:
    blog = _blog(posts)
    assert _titles(load_library([blog], speeds=DEFAULT_SPEEDS)) == ["One", "Three", "Two"]
    assert not cache_folder().exists()


def test_two_processes_index_the_same_library_at_once(posts: PostFiles) -> None:
    for number in range(300):
        posts.write(_post_text(f"Post {number}"), f"post-{number:03}.md")
    code = (
        "import sys\nfrom pathlib import Path\n"
        "from reader.model.library import load_library\n"
        "from reader.model.reading_time import DEFAULT_SPEEDS\n"
        "library = load_library([Path(sys.argv[1])], use_cache=True, speeds=DEFAULT_SPEEDS)\n"
        "print(len(library.posts), len(library.notices))\n"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(posts.folder)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=REPO_ROOT,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [output for output, _ in outputs] == ["300 0\n", "300 0\n"], outputs
    library = load_library([posts.folder], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert len(library.posts) == 300 and library.notices == []


def _listed(folder: Path) -> list[dict[str, object]] | None:
    """What ``cached_summaries`` gives, as JSON data."""
    summaries = cached_summaries([folder], speeds=DEFAULT_SPEEDS)
    if summaries is None:
        return None
    return [orjson.loads(orjson.dumps(summary.json)) for summary in summaries]


def test_summaries_come_from_the_cache_only_while_no_file_changed(posts: PostFiles) -> None:
    blog = _blog(posts)
    assert _listed(blog) is None  # no cache yet
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _listed(blog) == [summary_json(post) for post in library.posts]
    summaries = cached_summaries([blog], speeds=DEFAULT_SPEEDS)
    assert summaries is not None
    assert [summary.sort_key for summary in summaries] == [post.sort_key for post in library.posts]

    changed = posts.write(_post_text("One, longer now", "More words than before."), "one.md")
    os.utime(changed, ns=(1, 1_000_000_000))
    assert _listed(blog) is None
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert [post["title"] for post in _listed(blog) or []] == ["One, longer now", "Three", "Two"]

    posts.write(_post_text("Four"), "four.md")
    assert _listed(blog) is None
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert len(_listed(blog) or []) == 4

    (blog / "two.md").unlink()
    assert _listed(blog) is None
    library = load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert _listed(blog) == [summary_json(post) for post in library.posts]
    assert [post.title for post in library.posts] == ["Four", "One, longer now", "Three"]


def test_without_a_cache_summaries_do_not_walk_the_folder(
    posts: PostFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    blog = _blog(posts)

    def no_walk(paths: object) -> list[tuple[Path, Path]]:
        raise AssertionError("walked")

    monkeypatch.setattr(library_module, "find_post_files", no_walk)
    assert (
        cached_summaries([blog], speeds=DEFAULT_SPEEDS) is None
    )  # a first listing: straight to loading


def test_summaries_leave_a_stale_cache_and_named_files_to_loading(posts: PostFiles) -> None:
    blog = _blog(posts)
    load_library([blog], use_cache=True, speeds=DEFAULT_SPEEDS)
    assert (
        cached_summaries([blog, blog / "one.md"], speeds=DEFAULT_SPEEDS) is None
    )  # a file named on its own
    with sqlite3.connect(index_file(blog, speeds=DEFAULT_SPEEDS)) as connection:
        connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    assert cached_summaries([blog], speeds=DEFAULT_SPEEDS) is None
    library = load_library(
        [blog], use_cache=True, speeds=DEFAULT_SPEEDS
    )  # still told about, and rebuilt
    assert library.notices == ["index cache was made by another version of reader; rebuilding it"]
    assert cached_summaries([blog], speeds=DEFAULT_SPEEDS) is not None

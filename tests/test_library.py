"""Finding and loading the posts of folders: plain, Jekyll, Hugo and Zola layouts."""

from __future__ import annotations

import ast
import concurrent.futures
import os
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO_ROOT, PostFiles, run_without_textual

import reader.model.loading as loading_module
from reader.model.discovery import Files, LibraryError, content_folders, find_post_files
from reader.model.filters import Drafts, PostFilter
from reader.model.grouping import UNCATEGORIZED, Grouping, group_posts
from reader.model.library import Library, load_library
from reader.model.post import PostSummary
from reader.model.reading_time import DEFAULT_SPEEDS


def _names(found: list[tuple[Path, Path]], root: Path) -> list[str]:
    return sorted(file.relative_to(root).as_posix() for file, _ in found)


def test_post_suffixes_recursive_and_skipped_folders(posts: PostFiles) -> None:
    for name in [
        "a.md",
        "b.markdown",
        "c.mdown",
        "d.mkd",
        "e.mkdn",
        "F.MD",
        "deep/er/g.md",
        "notes.txt",
        "image.png",
        ".hidden.md",
        ".git/h.md",
        "node_modules/pkg/readme.md",
        "_site/built.md",
    ]:
        posts.write("Body\n", name)
    found = find_post_files([posts.folder])
    assert _names(found, posts.folder) == [
        "F.MD",
        "a.md",
        "b.markdown",
        "c.mdown",
        "d.mkd",
        "deep/er/g.md",
        "e.mkdn",
    ]
    assert {root for _, root in found} == {posts.folder}


def test_a_file_named_directly_is_read_whatever_its_extension(posts: PostFiles) -> None:
    path = posts.write("---\ntitle: A text file\n---\n", "seed.txt")
    library = load_library([path], speeds=DEFAULT_SPEEDS)
    assert [post.title for post in library.posts] == ["A text file"]
    assert find_post_files([path, path]) == [(path, posts.folder)]


def test_a_missing_path_raises_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as raised:
        load_library([tmp_path / "nope\x1b[2J"], speeds=DEFAULT_SPEEDS)
    assert str(raised.value) == f"no such file or folder: {tmp_path}/nope\u241b[2J"


def test_a_path_that_is_neither_file_nor_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(LibraryError, match=r"^not a file or folder: "):
        load_library([fifo], speeds=DEFAULT_SPEEDS)


def test_jekyll_site_reads_posts_and_drafts_only(posts: PostFiles) -> None:
    posts.write("---\ntitle: About\n---\n", "about.md")
    posts.write("---\ntitle: Readme\n---\n", "README.md")
    posts.write("---\ntitle: Post\n---\n", "_posts/2024-06-01-post.md")
    posts.write("---\ntitle: Travel\n---\n", "travel/_posts/2024-06-02-trip.md")
    posts.write("---\ntitle: Draft\n---\n", "_drafts/idea.md")
    # a theme or gem vendored into the site brings its own _posts: not the site's posts
    posts.write("---\ntitle: Vendored\n---\n", "vendor/bundle/gems/theme/_posts/2000-01-01-v.md")
    posts.write("---\ntitle: Hidden\n---\n", ".cache/theme/_posts/2000-01-01-h.md")
    assert content_folders(posts.folder) == [posts.folder]  # watched whole: _posts anywhere
    library = load_library([posts.folder], speeds=DEFAULT_SPEEDS)
    by_title = {post.title: post for post in library.posts}
    assert sorted(by_title) == ["Draft", "Post", "Travel"]
    assert by_title["Travel"].categories == ["travel"]
    assert by_title["Post"].categories == []
    assert by_title["Draft"].draft is True
    assert by_title["Post"].draft is False


def test_content_folders_that_are_symbolic_links_are_read(posts: PostFiles) -> None:
    posts.write("---\ntitle: Kept elsewhere\n---\n", "elsewhere/2024-06-01-kept.md")
    posts.write("---\ntitle: Hugo elsewhere\n---\n", "hugo-elsewhere/post/one.md")
    (posts.folder / "jekyll").mkdir()
    (posts.folder / "jekyll" / "_posts").symlink_to(posts.folder / "elsewhere")
    (posts.folder / "hugo").mkdir()
    posts.write('baseURL = "https://example.org/"\n', "hugo/hugo.toml")
    (posts.folder / "hugo" / "content").symlink_to(posts.folder / "hugo-elsewhere")
    jekyll = load_library([posts.folder / "jekyll"], speeds=DEFAULT_SPEEDS).posts
    hugo = load_library([posts.folder / "hugo"], speeds=DEFAULT_SPEEDS).posts
    assert [post.title for post in jekyll + hugo] == ["Kept elsewhere", "Hugo elsewhere"]


def test_hugo_site_reads_content(posts: PostFiles) -> None:
    posts.write('baseURL = "https://example.org/"\n', "hugo.toml")
    posts.write("---\ntitle: Theme readme\n---\n", "themes/t/README.md")
    posts.write('+++\ntitle = "Hugo post"\n+++\n', "content/post/first.md")
    assert content_folders(posts.folder) == [posts.folder / "content"]
    assert [post.title for post in load_library([posts.folder], speeds=DEFAULT_SPEEDS).posts] == [
        "Hugo post"
    ]


def test_plain_folder_is_its_own_content(posts: PostFiles) -> None:
    posts.write("Body\n", "content/x.md")  # "content" but no Hugo config: a plain folder
    assert content_folders(posts.folder) == [posts.folder]


@pytest.mark.parametrize(
    ("layout", "listed"),
    [
        ({"a.md": "", "deep/b.md": ""}, ["a.md", "deep/b.md"]),
        (
            {"_posts/a.md": "", "travel/_posts/b.md": "", "c.md": ""},
            ["_posts/a.md", "travel/_posts/b.md"],
        ),
        ({"hugo.toml": "", "content/post/a.md": "", "themes/b.md": ""}, ["content/post/a.md"]),
    ],
)
def test_a_relative_folder_is_walked_like_an_absolute_one(
    posts: PostFiles, monkeypatch: pytest.MonkeyPatch, layout: dict[str, str], listed: list[str]
) -> None:
    for name, text in layout.items():
        posts.write(text, name)
    monkeypatch.chdir(posts.folder)
    found = find_post_files([Path(".")])
    assert sorted(file.as_posix() for file, _ in found) == listed
    assert find_post_files([Path("."), Path(listed[0])]) == found  # named twice: listed once


def test_several_paths_and_progress(posts: PostFiles) -> None:
    posts.write("---\ntitle: One\ndate: 2024-01-01\n---\n", "a/one.md")
    posts.write("---\ntitle: Two\ndate: 2024-02-01\n---\n", "b/two.md")
    progress: list[tuple[int, int]] = []
    library = load_library(
        [posts.folder / "a", posts.folder / "b", posts.folder / "a" / "one.md"],
        on_progress=lambda posts, done, total: progress.append((done, total)),
        speeds=DEFAULT_SPEEDS,
    )
    assert [post.title for post in library.posts] == ["Two", "One"]
    assert progress[-1] == (2, 2)
    assert all(0 < done <= total == 2 for done, total in progress)
    assert library.name == "a and 1 more"  # a/one.md is inside a


@pytest.mark.parametrize("from_a_thread", [False, True])
def test_a_big_library_loads_on_several_processes_with_the_same_result(
    posts: PostFiles, monkeypatch: pytest.MonkeyPatch, from_a_thread: bool
) -> None:
    for number in range(30):
        posts.write(
            f"---\ntitle: Post {number}\ndate: 2024-01-{number % 28 + 1:02d}\n---\nText.\n",
            f"p{number}.md",
        )
    sequential = load_library([posts.folder], speeds=DEFAULT_SPEEDS)
    monkeypatch.setattr(loading_module, "PARALLEL_ABOVE_FILES", 10)
    monkeypatch.setattr(loading_module, "CHUNK_FILES", 7)
    pools: list[tuple[int, str]] = []
    real_pool = concurrent.futures.ProcessPoolExecutor

    def recording_pool(*args: Any, **kwargs: Any) -> Any:
        pools.append((kwargs["max_workers"], kwargs["mp_context"].get_start_method()))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", recording_pool)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    progress: list[tuple[int, int]] = []

    def load() -> Library:
        return load_library(
            [posts.folder],
            on_progress=lambda posts, done, total: progress.append((done, total)),
            speeds=DEFAULT_SPEEDS,
        )

    if from_a_thread:  # as in the app: spawned workers read it all
        with concurrent.futures.ThreadPoolExecutor(1) as thread:
            parallel = thread.submit(load).result()
        assert pools == [(2, "spawn")]
    else:  # as in reader list: this process reads half, a forked worker the other half
        parallel = load()
        assert pools == [(1, "fork")]
    # However the work fell between the processes: progress only grows, ends at every post,
    # and came in more than one step.
    done = [step for step, _ in progress]
    assert done == sorted(done) and len(set(done)) > 1
    assert all(total == 30 for _, total in progress)
    assert progress[-1] == (30, 30)
    assert [post.path for post in parallel.posts] == [post.path for post in sequential.posts]
    assert [post.title for post in parallel.posts] == [post.title for post in sequential.posts]


def test_loading_helps_a_busy_worker_and_keeps_the_order() -> None:
    readers: dict[int, str] = {}
    started = threading.Event()

    def read(chunk: Files) -> list[PostSummary]:
        number = int(chunk[0][0].stem)
        readers[number] = threading.current_thread().name
        if number == 0:  # the worker is slow on the first chunk: this thread reads the rest
            started.set()
            time.sleep(0.3)
        return [PostSummary(path=path) for path, _ in chunk]

    chunks = [[(Path(f"{number}.md"), Path())] for number in range(6)]
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="worker") as pool:
        submitted = [(chunk, pool.submit(read, chunk)) for chunk in chunks]
        started.wait()
        results = list(loading_module._helping(submitted, read))
    assert [posts[0].path.stem for posts in results] == ["0", "1", "2", "3", "4", "5"]
    assert readers[0].startswith("worker")
    assert {readers[number] for number in range(2, 6)} == {threading.current_thread().name}


def test_library_name(tmp_path: Path) -> None:
    assert Library(roots=[tmp_path / "blog"], speeds=DEFAULT_SPEEDS).name == "blog"


def _library(posts: PostFiles) -> Library:
    posts.write(
        "---\ntitle: Ramen\ndate: 2024-03-01\ncategories: [Food, Travel]\n"
        "tags: [Japan, noodles]\n---\n",
        "ramen.md",
    )
    posts.write(
        "---\ntitle: Pasta\ndate: 2024-02-01\ncategories: [food]\ntags: [italy]\n---\n", "pasta.md"
    )
    posts.write("---\ntitle: Loose\ndate: 2024-01-01\n---\n", "loose.md")
    posts.write(
        "---\ntitle: Draft soup\ndate: 2024-04-01\ncategories: [Food]\ntags: [japan]\n"
        "draft: true\n---\n",
        "soup.md",
    )
    return load_library([posts.folder], speeds=DEFAULT_SPEEDS)


def test_group_by_category(posts: PostFiles) -> None:
    groups = group_posts(_library(posts).posts, Grouping.CATEGORY)
    assert [(name, [post.title for post in group]) for name, group in groups] == [
        ("Food", ["Draft soup", "Ramen"]),
        ("food", ["Pasta"]),
        ("Travel", ["Ramen"]),
        (UNCATEGORIZED, ["Loose"]),  # last, whatever its name
    ]


def test_filter_posts(posts: PostFiles) -> None:
    every = _library(posts).posts

    def titles(
        category: str | None = None, tag: str | None = None, include_drafts: bool = False
    ) -> list[str]:
        drafts: Drafts = "include" if include_drafts else "exclude"
        chosen = PostFilter(category=category, tag=tag, drafts=drafts).apply(every)
        return [post.title for post in chosen]

    assert titles() == ["Ramen", "Pasta", "Loose"]
    assert titles(include_drafts=True) == ["Draft soup", "Ramen", "Pasta", "Loose"]
    assert titles(category="FOOD") == ["Ramen", "Pasta"]
    assert titles(tag="japan") == ["Ramen"]
    assert titles(tag="japan", include_drafts=True) == ["Draft soup", "Ramen"]
    assert titles(category="food", tag="italy") == ["Pasta"]
    assert titles(category="nothing") == []


def test_the_model_and_the_cli_never_import_textual() -> None:
    run_without_textual(
        "import reader.model.library, reader.model.details, reader.model.post, reader.cli\n"
        "from reader.model.library import load_library\n"
        "from reader.model.reading_time import DEFAULT_SPEEDS\n"
        "from reader.samples import sample_posts_folder\n"
        "load_library([sample_posts_folder()], speeds=DEFAULT_SPEEDS)\n"
    )


def test_no_model_module_imports_the_ui() -> None:
    """Read the imports themselves, so a lazy import inside a function counts too."""
    ui = ("textual", "reader.app", "reader.screens", "reader.widgets")
    for module in sorted((REPO_ROOT / "reader" / "model").glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert not name.startswith(ui), f"{module.name} imports {name}"

"""The command line: ``reader list`` and ``reader show``, errors and exit statuses."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTROL, ESC, REPO_ROOT, PostFiles, run_without_textual
from rich.cells import cell_len

from reader import __version__
from reader.cli import main
from reader.model.index import index_file
from reader.model.library import Library, load_library
from reader.model.reading_time import DEFAULT_SPEEDS
from reader.model.state import ReadingState
from reader.samples import sample_posts_folder

JSON_KEYS = {
    "path",
    "title",
    "date",
    "categories",
    "tags",
    "author",
    "excerpt",
    "draft",
    "reading_minutes",
    "estimated_minutes",
    "problems",
}


@pytest.fixture(autouse=True)
def _plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich would print colour to a pipe if these asked it to."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def blog(posts: PostFiles) -> Path:
    """A small blog: two categories, a post without one, a draft, a broken file."""
    posts.write(
        "---\ntitle: Ramen in Sapporo\ndate: 2024-03-01 12:00:00 +0900\n"
        "categories: [Food, Travel]\ntags: [japan, noodles]\nauthor: Aoi\nreading_time: 4\n---\n"
        "Miso ramen, mostly.\n",
        "ramen.md",
    )
    posts.write(
        "---\ntitle: Pasta night\ndate: 2023-02-01\ncategories: [Food]\ntags: [italy]\n---\n"
        + "word " * 600,
        "pasta.md",
    )
    posts.write("# Loose notes\n\nNo front matter at all.\n", "2022-05-06-loose.md")
    posts.write(
        "---\ntitle: Soup draft\ndate: 2024-05-01\ncategories: [Food]\ntags: [japan]\n"
        "draft: true\n---\nUnfinished.\n",
        "soup.md",
    )
    posts.write("---\ntitle: [broken\n---\nStill readable.\n", "broken.md")
    return posts.folder


def _error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """Run ``argv`` expecting a one-line error and exit status 1; return the line."""
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert lines[0].startswith("reader: error: ")
    assert "Traceback" not in captured.err
    return lines[0]


# --- list --------------------------------------------------------------------------------


def test_list_groups_by_category_newest_first(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(blog)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        "Food (3)",
        "  2024-05-01  1 min  [draft] Soup draft",
        "  2024-03-01  4 min  Ramen in Sapporo",
        "  2023-02-01  3 min  Pasta night",
        "Travel (1)",
        "  2024-03-01  4 min  Ramen in Sapporo",
        "Uncategorized (2)",
        "  2022-05-06  1 min  Loose notes",
        "  no date     1 min  [!] Broken",
    ]
    assert ESC not in out


def test_list_drafts(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(blog), "--no-drafts", "--category", "food"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Food (2)",
        "  2024-03-01  4 min  Ramen in Sapporo",
        "  2023-02-01  3 min  Pasta night",
        "Travel (1)",  # the matching posts under each of their categories
        "  2024-03-01  4 min  Ramen in Sapporo",
    ]


@pytest.mark.parametrize("command", ["list", "search"])
def test_the_drafts_setting_hides_drafts_and_drafts_shows_them_again(
    blog: Path, private_home: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    def titles(*options: str) -> list[str]:
        query = ["japan"] if command == "search" else []
        assert main([command, *query, str(blog), "--json", *options]) == 0
        return [entry["title"] for entry in json.loads(capsys.readouterr().out)]

    assert "Soup draft" in titles()
    assert "Soup draft" not in titles("--no-drafts")
    _write_config(private_home, "# mine\ndrafts = false\n")
    assert "Soup draft" not in titles()
    assert "Soup draft" in titles("--drafts")


def test_list_json_schema(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", str(blog), "--json", "--no-drafts"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert isinstance(entries, list)
    assert [entry["title"] for entry in entries] == [
        "Ramen in Sapporo",
        "Pasta night",
        "Loose notes",
        "Broken",
    ]
    for entry in entries:
        assert set(entry) >= JSON_KEYS
    ramen, pasta, loose, broken = entries
    assert ramen == ramen | {
        "path": str(blog / "ramen.md"),
        "date": "2024-03-01T12:00:00+09:00",
        "categories": ["Food", "Travel"],
        "tags": ["japan", "noodles"],
        "author": "Aoi",
        "excerpt": "Miso ramen, mostly.",
        "draft": False,
        "reading_minutes": 4,
        "estimated_minutes": 1,
        "problems": [],
    }
    assert (pasta["reading_minutes"], pasta["estimated_minutes"]) == (3, 3)
    assert pasta["date"] == "2023-02-01T00:00:00+00:00"
    assert loose["date"] == "2022-05-06T00:00:00+00:00"
    assert loose["author"] == ""
    assert broken["date"] is None
    assert len(broken["problems"]) == 1
    assert broken["problems"][0]["message"].startswith("invalid YAML front matter")


@pytest.mark.parametrize(
    ("options", "titles"),
    [
        (["--category", "Travel"], ["Ramen in Sapporo"]),
        (["--category", "food", "--no-drafts"], ["Ramen in Sapporo", "Pasta night"]),
        (["--tag", "JAPAN", "--no-drafts"], ["Ramen in Sapporo"]),
        (["--tag", "japan"], ["Soup draft", "Ramen in Sapporo"]),
        (["--category", "Food", "--tag", "italy"], ["Pasta night"]),
        ([], ["Soup draft", "Ramen in Sapporo", "Pasta night", "Loose notes", "Broken"]),
    ],
)
def test_list_filters(
    blog: Path, capsys: pytest.CaptureFixture[str], options: list[str], titles: list[str]
) -> None:
    assert main(["list", str(blog), "--json", *options]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [entry["title"] for entry in entries] == titles
    assert all(entry["draft"] is (entry["title"] == "Soup draft") for entry in entries)


def test_list_files_named_directly(posts: PostFiles, capsys: pytest.CaptureFixture[str]) -> None:
    notes = posts.write("---\ntitle: A text file\n---\n", "notes.txt")
    post = posts.write("---\ntitle: A post\ndate: 2020-01-01\n---\n", "deep/post.md")
    assert main(["list", "--json", str(notes), str(post)]) == 0
    titles = [entry["title"] for entry in json.loads(capsys.readouterr().out)]
    assert titles == ["A post", "A text file"]


def test_list_without_paths_lists_the_samples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert len(entries) >= 12
    assert any(entry["draft"] for entry in entries)


def test_list_never_prints_control_characters(
    posts: PostFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    posts.write(
        '---\ntitle: "\\e]2;pwned\\a Title"\ncategories: ["\\e[31mred"]\n---\nBody \x1b[2J\n',
        "\x1b[2Jevil.md",
    )
    posts.write("Plain.\n", "\x1b]0;name\x07.md")
    assert main(["list", str(posts.folder)]) == 0
    out = capsys.readouterr().out
    assert not CONTROL.search(out), repr(out)
    assert "\u241b]2;pwned\u2407 Title" in out
    assert "\u241b[31mred (1)" in out
    assert main(["list", str(posts.folder), "--json"]) == 0
    out = capsys.readouterr().out
    assert ESC not in out  # JSON escapes it: \u001b in a path is the file's real name
    titles = {entry["title"] for entry in json.loads(out)}
    assert titles == {"\u241b]2;pwned\u2407 Title", "\u241b]0;name\u2407"}


@pytest.fixture
def loadings(monkeypatch: pytest.MonkeyPatch) -> list[list[Path]]:
    """The paths of each library ``reader list`` loads (reading or building posts)."""
    loaded: list[list[Path]] = []

    def counting_load_library(paths: list[Path], **options: Any) -> Library:
        loaded.append(paths)
        return load_library(paths, **options)

    monkeypatch.setattr("reader.model.library.load_library", counting_load_library)
    return loaded


def test_list_json_comes_from_the_cache_while_no_file_changes(
    blog: Path, capsys: pytest.CaptureFixture[str], loadings: list[list[Path]]
) -> None:
    def listed(*options: str) -> str:
        assert main(["list", str(blog), "--json", *options]) == 0
        return capsys.readouterr().out

    read = {drafts: listed("--no-cache", *drafts) for drafts in [(), ("--no-drafts",)]}
    assert listed() == read[()]  # fills the cache
    loadings.clear()
    assert listed() == read[()]
    assert listed("--no-drafts") == read[("--no-drafts",)]
    assert loadings == []
    # Other filters and orders build the posts, from the cache.
    assert [entry["title"] for entry in json.loads(listed("--tag", "japan", "--no-drafts"))] == [
        "Ramen in Sapporo"
    ]
    assert json.loads(listed("--sort", "title", "--no-drafts"))[0]["title"] == "Broken"
    assert len(loadings) == 2

    changed = blog / "ramen.md"
    changed.write_text(changed.read_text().replace("Ramen in Sapporo", "Ramen in Hakodate"))
    os.utime(changed, ns=(1, 1_000_000_000))  # a new time even on a coarse clock
    (blog / "pasta.md").unlink()
    loadings.clear()
    after = listed()
    assert [entry["title"] for entry in json.loads(after)] == [
        "Soup draft",
        "Ramen in Hakodate",
        "Loose notes",
        "Broken",
    ]
    assert after == listed("--no-cache")
    assert len(loadings) == 2
    assert listed() == after  # from the cache again
    assert len(loadings) == 2


def test_list_json_from_the_cache_is_indented_on_a_terminal(
    blog: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    loadings: list[list[Path]],
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["list", str(blog), "--json", "--no-cache"]) == 0
    read = capsys.readouterr().out
    assert read.startswith('[\n  {\n    "path": ')
    for _ in range(2):  # filling the cache, then from it
        assert main(["list", str(blog), "--json"]) == 0
        assert capsys.readouterr().out == read
    assert len(loadings) == 2


@pytest.mark.parametrize("terminal", [False, True])
def test_list_json_from_a_damaged_cache_is_still_valid_json(
    blog: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    loadings: list[list[Path]],
    terminal: bool,
) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    assert main(["list", str(blog), "--json", "--no-cache"]) == 0
    read = capsys.readouterr().out
    assert main(["list", str(blog), "--json"]) == 0  # fills the cache
    assert capsys.readouterr().out == read
    with sqlite3.connect(index_file(blog, speeds=DEFAULT_SPEEDS)) as connection:
        connection.execute('UPDATE posts SET summary = CAST(\'{"title": "cut\' AS BLOB)')
    loadings.clear()
    assert main(["list", str(blog), "--json"]) == 0
    assert capsys.readouterr().out == read
    assert len(loadings) == 1  # read from the posts instead


def test_a_warm_list_json_imports_no_parser(blog: Path) -> None:
    code = (
        "import sys\nfrom reader.cli import main\n"
        f"main(['list', {str(blog)!r}, '--json'])\n"
        "parsers = {'yaml', 'frontmatter', 'markdown_it', 'reader.model.post_loader'}\n"
        "assert not parsers & sys.modules.keys(), parsers & sys.modules.keys()\n"
    )
    assert main(["list", str(blog), "--json"]) == 0  # fills the cache
    run_without_textual(code)


# --- show --------------------------------------------------------------------------------


def test_show_renders_metadata_then_body(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(blog / "ramen.md"), "--width", "60"]) == 0
    out = capsys.readouterr().out
    assert ESC not in out
    lines = out.splitlines()
    assert lines[0].split() == ["Title", "Ramen", "in", "Sapporo"]
    assert any(
        line.startswith("Date") and "Fri 1 Mar 2024, 12:00 UTC+09:00" in line for line in lines
    )
    assert any(line.startswith("Author") and "Aoi" in line for line in lines)
    assert any(line.startswith("Tags") and "japan, noodles" in line for line in lines)
    assert "4 min (front matter)" in out
    rule = next(index for index, line in enumerate(lines) if set(line) == {"─"})
    assert any(line.startswith("File") for line in lines[:rule])
    assert [line.strip() for line in lines[rule + 1 :] if line.strip()] == ["Miso ramen, mostly."]
    assert all(cell_len(line) <= 60 for line in lines)


@pytest.mark.parametrize("width", ["30", "45", "100"])
def test_show_wraps_at_the_width(
    posts: PostFiles, capsys: pytest.CaptureFixture[str], width: str
) -> None:
    path = posts.write(
        "---\ntitle: Wrapping\n---\n"
        + "A fairly long sentence that must wrap. " * 20
        + "\n\n"
        + "日本語の文章も折り返します。" * 20
        + "\n"
    )
    assert main(["show", str(path), "--width", width]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(cell_len(line) for line in lines) <= int(width)
    assert max(cell_len(line) for line in lines) >= int(width) - 10


def test_show_never_prints_control_characters(
    posts: PostFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    path = posts.write(
        '---\ntitle: "Evil \\e]2;pwned\\a title \\x9b2J"\nauthor: "\\e[5mEve"\n'
        'custom: "\\e]52;c;aGk=\\a"\n---\n'
        "# Heading \x1b[31mred\n\nBody \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\ \x07\x7f\x9b.\n\n"
        "```\ncode \x1b[2J\n```\n\n| a | b |\n|---|---|\n| \x1b[1m | \x90 |\n",
        "\x1b[2Jevil.md",
    )
    assert main(["show", str(path), "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert not CONTROL.search(out), repr(out)
    assert "Evil \u241b]2;pwned\u2407 title" in out


def test_show_a_binary_file_shows_its_problem(
    posts: PostFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    path = posts.write(b"\x00\x01binary", "2024-06-01-blob.md")
    assert main(["show", str(path), "--width", "80"]) == 0
    out = capsys.readouterr().out
    assert "binary file" in out
    assert not CONTROL.search(out)


# --- errors ------------------------------------------------------------------------------


def test_show_a_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _error(capsys, ["show", str(tmp_path / "missing.md")])
    assert line == f"reader: error: no such file: {tmp_path / 'missing.md'}"


def test_show_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert "is a folder" in _error(capsys, ["show", str(tmp_path)])


def test_list_a_missing_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _error(capsys, ["list", str(tmp_path / "nope\x1b[2J")])
    assert line == f"reader: error: no such file or folder: {tmp_path}/nope\u241b[2J"


def test_list_a_folder_without_posts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("not a post")
    assert _error(capsys, ["list", str(tmp_path)]) == f"reader: error: no posts found in {tmp_path}"


def test_list_with_filters_that_match_nothing(
    blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _error(capsys, ["list", str(blog), "--tag", "nothing"])
    assert line == "reader: error: no posts match the filters"


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["list", "--bogus"], "usage: reader list "),
        (["search", "x", "--bogus"], "usage: reader search "),
        (["state", "import", "a.json", "--bogus"], "usage: reader state import "),
    ],
)
def test_an_unknown_option_shows_its_commands_usage(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage)
    assert err.rstrip().endswith("error: unrecognized arguments: --bogus")


@pytest.mark.parametrize(
    "argv",
    [
        ["list", "--bogus"],
        ["show"],
        ["show", "post.md", "--width", "0"],
        ["show", "post.md", "--width", "-5"],
        ["show", "post.md", "--width", "wide"],
        ["list", "--category"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 2
    captured = capsys.readouterr()
    assert "usage: reader" in captured.err
    assert "Traceback" not in captured.err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["--version"])
    assert raised.value.code == 0
    assert capsys.readouterr().out == f"reader {__version__}\n"


@pytest.mark.parametrize("argv", [["--help"], ["list", "--help"]])
def test_help_has_examples(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    assert raised.value.code == 0
    out = capsys.readouterr().out
    assert "reader list ~/blog" in out


def test_help_examples_line_up(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    examples = [
        line for line in capsys.readouterr().out.splitlines() if line.startswith("  reader")
    ]
    assert any("東京" in line for line in examples)
    # Where each example's description begins, in terminal cells (東京 takes four).
    starts = [re.match(r"  .*?\S {2,}", line) for line in examples]
    columns = {cell_len(start[0]) if start else 0 for start in starts}
    assert len(columns) == 1, examples


def test_list_lines_up_minutes_of_different_widths(
    posts: PostFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    posts.write("---\ntitle: Short\ndate: 2024-01-02\n---\nword\n", "short.md")
    posts.write("---\ntitle: Long\ndate: 2024-01-01\n---\n" + "word " * 3000, "long.md")
    assert main(["list", str(posts.folder)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == [
        "  2024-01-02   1 min  Short",
        "  2024-01-01  13 min  Long",
    ]


def test_list_cuts_titles_to_the_width_only_on_a_terminal(posts: PostFiles) -> None:
    title = "A title far longer than any terminal " * 5
    posts.write(f"---\ntitle: {title}\ndate: 2024-01-02\n---\nword\n", "long.md")
    piped = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(posts.folder)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "60"},
        timeout=60,
    )
    assert piped.stdout.splitlines()[1] == f"  2024-01-02  1 min  {title.strip()}"
    on_terminal = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(posts.folder)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONIOENCODING": "utf-8",
            "COLUMNS": "60",
            "TTY_COMPATIBLE": "1",
            "TTY_INTERACTIVE": "1",
            "NO_COLOR": "1",
        },
        timeout=60,
    )
    line = on_terminal.stdout.splitlines()[1]
    assert cell_len(line) == 60
    assert line.endswith("…")


def test_list_json_with_no_match_prints_an_empty_list(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(blog), "--json", "--tag", "nothing"]) == 0
    assert capsys.readouterr().out == "[]\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["list", str(empty), "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"
    missing = _error(capsys, ["list", str(tmp_path / "missing"), "--json"])
    assert missing.startswith("reader: error: no such file or folder")


def test_show_piped_has_no_trailing_spaces(blog: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(blog / "ramen.md"), "--width", "100"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Miso ramen, mostly." in lines
    assert [line for line in lines if line != line.rstrip()] == []


def test_python_dash_m_reader_list_json(blog: Path) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "list", str(blog), "--json", "--no-drafts"],
        cwd=REPO_ROOT,
        capture_output=True,
        env=environment,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    entries = json.loads(result.stdout.decode("utf-8"))
    assert [entry["title"] for entry in entries][:2] == ["Ramen in Sapporo", "Pasta night"]


# --- reading state and settings ----------------------------------------------------------


def _state_at(home: Path) -> ReadingState:
    state, notice = ReadingState.open(home / "reader" / "state.sqlite3")
    assert notice is None
    return state


def test_state_export_and_import_move_the_state(
    private_home: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with _state_at(private_home / "state") as state:
        state.set_read("/blog/a.md", "fa", True)
        state.set_bookmark("/blog/b.md", "fb", True)
        state.record_opened("/blog/a.md", "fa", "Ramen in Sapporo")
    exported = tmp_path / "reading.json"
    assert main(["state", "export", str(exported)]) == 0
    assert capsys.readouterr() == ("", "")

    other_home = tmp_path / "other-machine"
    monkeypatch.setenv("XDG_STATE_HOME", str(other_home))
    assert main(["state", "import", str(exported)]) == 0
    captured = capsys.readouterr()
    state_file = other_home / "reader" / "state.sqlite3"
    assert captured.out == f"merged 2 posts and 0 library views into {state_file}\n"
    assert captured.err == ""
    with _state_at(other_home) as state:
        assert state.read_paths() == {"/blog/a.md"}
        assert state.bookmarked_paths() == {"/blog/b.md"}
        assert [entry.title for entry in state.history()] == ["Ramen in Sapporo"]
    assert main(["state", "import", str(exported)]) == 0
    assert capsys.readouterr().out == f"merged 0 posts and 0 library views into {state_file}\n"


@pytest.mark.parametrize("argv", [["state", "export"], ["state", "export", "-"]])
def test_state_export_to_stdout(
    private_home: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with _state_at(private_home / "state") as state:
        state.set_position("/blog/日本語.md", "fj", 42)
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["format"], data["version"]) == ("reader-state", 1)
    assert [(post["path"], post["position"]) for post in data["posts"]] == [("/blog/日本語.md", 42)]


def test_state_import_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "missing.json"
    assert _error(capsys, ["state", "import", str(missing)]) == (
        f"reader: error: no such file: {missing}"
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "reader-state",\n "version": 1,,\n}')
    assert _error(capsys, ["state", "import", str(broken)]) == (
        f"reader: error: {broken}:2: not valid JSON (Expecting property name enclosed in"
        " double quotes, column 15)"
    )
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"format": "reader-state", "version": 1, "posts": [{}]}))
    assert _error(capsys, ["state", "import", str(wrong)]) == (
        f"reader: error: {wrong}: posts[0].path: expected text"
    )
    other = tmp_path / "list.json"
    other.write_text("[]")
    assert _error(capsys, ["state", "import", str(other)]).startswith(
        f"reader: error: {other}: not a reader state export"
    )


def test_state_import_when_the_state_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    exported = tmp_path / "reading.json"
    exported.write_text(json.dumps({"format": "reader-state", "version": 1}))
    line = _error(capsys, ["state", "import", str(exported)])
    assert line.startswith(f"reader: error: reading state at {blocker}/reader/state.sqlite3")
    assert line.endswith("; nothing imported")


def test_a_corrupt_state_is_reported_and_moved_aside(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state_file = private_home / "state" / "reader" / "state.sqlite3"
    state_file.parent.mkdir(parents=True)
    state_file.write_bytes(b"garbage" * 100)
    assert main(["state", "export"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["posts"] == []
    assert captured.err.startswith(f"reader: reading state at {state_file} was unreadable")
    assert len(captured.err.splitlines()) == 1


def test_state_commands_never_import_textual(private_home: Path, tmp_path: Path) -> None:
    result = run_without_textual(
        "from reader.cli import main\n"
        f"assert main(['state', 'export', {str(tmp_path / 'out.json')!r}]) == 0\n"
        f"assert main(['state', 'import', {str(tmp_path / 'out.json')!r}]) == 0\n"
    )
    assert result.stdout.startswith("merged 0 posts and 0 library views into ")
    assert json.loads((tmp_path / "out.json").read_text())["format"] == "reader-state"


class _FakeApp:
    """Stands in for ReaderApp: records what it was asked to open."""

    opened: list[tuple[list[Path], Path | None]] = []
    return_code = 0

    def __init__(self, paths: list[Path], open_file: Path | None = None, **_: object) -> None:
        self.opened.append((paths, open_file))

    def run(self) -> None:
        pass


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> list[tuple[list[Path], Path | None]]:
    opened: list[tuple[list[Path], Path | None]] = []
    monkeypatch.setattr(_FakeApp, "opened", opened)
    monkeypatch.setattr("reader.app.ReaderApp", _FakeApp)
    return opened


def _write_config(private_home: Path, text: str) -> Path:
    config = private_home / "config" / "reader" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text(text)
    return config


def test_reader_without_a_path_opens_the_library_in_the_settings(
    private_home: Path, blog: Path, fake_app: list[tuple[list[Path], Path | None]]
) -> None:
    assert main([]) == 0
    assert fake_app == [([sample_posts_folder()], None)]
    _write_config(private_home, f"library = {str(blog)!r}\n")
    assert main([]) == 0
    assert main([str(blog / "ramen.md")]) == 0
    assert fake_app[1:] == [([blog], None), ([blog / "ramen.md"], None)]


def test_a_library_in_the_settings_that_is_missing(
    private_home: Path,
    tmp_path: Path,
    fake_app: list[tuple[list[Path], Path | None]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = _write_config(private_home, f"library = {str(tmp_path / 'gone')!r}\n")
    line = _error(capsys, [])
    assert (
        line == f"reader: error: no such folder: {tmp_path / 'gone'} (the library set in {config})"
    )
    assert fake_app == []


@pytest.mark.parametrize("argv", [[], ["open", "ramen.md"], ["."]])
def test_a_broken_config_stops_reader_before_any_screen(
    private_home: Path,
    blog: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    fake_app: list[tuple[list[Path], Path | None]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(blog)
    config = _write_config(private_home, '# settings\nsidebar = "yes"\n')
    line = _error(capsys, argv)
    assert line == f"reader: error: {config}:2: sidebar must be true or false"
    assert fake_app == []


def test_list_and_search_follow_the_settings(
    private_home: Path, blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["list", str(blog), "--json"]) == 0
    default = {post["title"]: post for post in json.loads(capsys.readouterr().out)}
    _write_config(private_home, f"library = {str(blog)!r}\nwords_per_minute = 1\n")
    assert main(["list", "--json"]) == 0  # the settings' library, not the samples
    listed = {post["title"]: post for post in json.loads(capsys.readouterr().out)}
    assert listed.keys() == default.keys()
    ramen, ramen_before = listed["Ramen in Sapporo"], default["Ramen in Sapporo"]
    assert ramen["estimated_minutes"] > ramen_before["estimated_minutes"]  # a word a minute
    assert main(["search", "Sapporo", "--json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [hit["title"] for hit in hits] == ["Ramen in Sapporo"]
    assert hits[0]["estimated_minutes"] == ramen["estimated_minutes"]


def test_show_follows_the_settings_reading_speed(
    private_home: Path, blog: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def reading_time() -> str:
        assert main(["show", str(blog / "pasta.md"), "--width", "100"]) == 0
        lines = capsys.readouterr().out.splitlines()
        return next(line for line in lines if "(estimated)" in line)

    assert "3 min (estimated)" in reading_time()  # 600 words at 238 a minute
    _write_config(private_home, "words_per_minute = 100\n")
    assert "6 min (estimated)" in reading_time()


def test_a_broken_config_stops_list_too(
    private_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _write_config(private_home, "words_per_minute = 0\n")
    line = _error(capsys, ["list"])
    assert line.startswith(f"reader: error: {config}:1: ")


def test_search_needs_a_word(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["search", "  "])
    assert stopped.value.code == 2
    assert "give at least one word to look for" in capsys.readouterr().err

"""Command line: ``reader [PATH ...]``, ``reader open FILE``, ``list``, ``show``, ``state``.

``list``, ``show`` and ``state`` never import Textual, so they start quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console

from reader import __version__
from reader.model.config import ConfigError, Settings, config_path, load_settings
from reader.model.grouping import Grouping, group_posts
from reader.model.library import LibraryError, filter_posts, load_library
from reader.model.post import Post, load_post, post_summary
from reader.model.state import ReadingState, StateError
from reader.model.text import clean_text, one_line
from reader.samples import sample_posts_folder

COMMANDS = ("list", "show", "open", "state")

DESCRIPTION = """\
Read folders of Markdown blog posts (Jekyll, Hugo, Zola or plain) in the terminal.

  reader                      browse the bundled sample posts
  reader ~/blog               browse a folder or a Jekyll/Hugo site
  reader open post.md         read one post
  reader list ~/blog --json   list posts as JSON
  reader show post.md         print a post rendered for the terminal
  reader state export         print the reading state (read marks, places, bookmarks) as JSON
"""


class UserError(Exception):
    """A mistake to report in one line, exit status 1."""


def _positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1 (Rich prints nothing at width 0)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {number}")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every command."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="In the app, press ? for every key. See 'reader COMMAND --help' for options.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    browse = commands.add_parser("browse", help="open the library app (the default command)")
    browse.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="folders or files (default: the samples)",
    )

    open_ = commands.add_parser(
        "open", help="open one post in the app", description="Open one post in the app."
    )
    open_.add_argument("file", type=Path, metavar="FILE")

    list_ = commands.add_parser(
        "list",
        help="list posts, grouped by category, newest first",
        description="List posts by category, newest first (drafts left out unless --drafts).",
        epilog="examples:\n  reader list ~/blog\n  reader list ~/blog --tag python --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    list_.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="folders or files (default: the samples)",
    )
    list_.add_argument(
        "--json", action="store_true", help="print one JSON array (schema in README.md)"
    )
    list_.add_argument("--category", metavar="C", help="only posts in category C")
    list_.add_argument("--tag", metavar="T", help="only posts tagged T")
    list_.add_argument("--drafts", action="store_true", help="include drafts")

    show = commands.add_parser(
        "show",
        help="print a post rendered for the terminal",
        description="Print a post: its metadata, then the rendered body (plain text when piped).",
    )
    show.add_argument("file", type=Path, metavar="FILE")
    show.add_argument(
        "--width",
        type=_positive_int,
        metavar="N",
        help="wrap at N columns (default: the terminal's)",
    )

    state = commands.add_parser(
        "state",
        help="export or import the reading state",
        description="Move the reading state (read marks, places, bookmarks, history, library"
        " views) between machines.",
        epilog="examples:\n"
        "  reader state export > reading.json\n"
        "  reader state import reading.json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = state.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="write the reading state as JSON",
        description="Write the reading state as JSON.",
    )
    export.add_argument(
        "file", nargs="?", default="-", metavar="FILE", help="where to write (default: stdout)"
    )
    import_ = actions.add_parser(
        "import",
        help="merge an export into the reading state",
        description="Merge an export into the reading state: for each post, the newer of each"
        " mark wins.",
    )
    import_.add_argument("file", metavar="FILE", help="a file written by 'reader state export'")
    return parser


def _paths_or_samples(paths: list[Path]) -> list[Path]:
    return paths or [sample_posts_folder()]


def _list(args: argparse.Namespace) -> int:
    library = load_library(_paths_or_samples(args.paths))
    posts = filter_posts(library.posts, args.category, args.tag, args.drafts)
    if not posts:
        raise UserError("no posts match the filters" if library.posts else "no posts found")
    if args.json:
        json.dump([post_summary(post) for post in posts], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    console = Console(highlight=False, soft_wrap=True)
    for category, group in group_posts(posts, Grouping.CATEGORY):
        console.print(f"{one_line(category, 60)} ({len(group)})", style="bold", markup=False)
        for post in group:
            date = f"{post.date:%Y-%m-%d}" if post.date else "no date   "
            marks = (" [draft]" if post.draft else "") + (" [!]" if post.problems else "")
            console.print(
                f"  {date}  {one_line(post.title, 80)}  {post.reading_minutes} min{marks}",
                markup=False,
            )
    return 0


def _show(args: argparse.Namespace) -> int:
    from reader.render.post_view import post_renderables

    post = _load_one(args.file)
    console = Console(width=args.width, highlight=False)
    for renderable in post_renderables(post):
        console.print(renderable)
    return 0


def _state(args: argparse.Namespace) -> int:
    state, notice = ReadingState.open()
    with state:
        if args.action == "import" and state.path is None:
            raise UserError(f"{notice}; nothing imported")
        if notice:
            print(f"reader: {notice}", file=sys.stderr)
        if args.action == "export":
            _write_text(args.file, json.dumps(state.export(), ensure_ascii=False, indent=2) + "\n")
            return 0
        try:
            merged = state.import_(_read_json(args.file))
        except StateError as error:
            raise UserError(f"{clean_text(args.file)}: {error}") from None
        entries = "entry" if merged == 1 else "entries"
        print(f"merged {merged} {entries} into {clean_text(str(state.path))}")
    return 0


def _write_text(name: str, text: str) -> None:
    if name == "-":
        sys.stdout.write(text)
        return
    try:
        Path(name).write_text(text, encoding="utf-8")
    except OSError as error:
        raise UserError(f"cannot write {clean_text(name)}: {error.strerror}") from None


def _read_json(name: str) -> Any:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"no such file: {clean_text(name)}") from None
    except OSError as error:
        raise UserError(f"cannot read {clean_text(name)}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise UserError(f"{clean_text(name)}: not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise UserError(
            f"{clean_text(name)}:{error.lineno}: not valid JSON ({error.msg}, column {error.colno})"
        ) from None


def _default_library(settings: Settings) -> list[Path]:
    """The library in the settings, else the samples."""
    if settings.library is None:
        return [sample_posts_folder()]
    if not settings.library.exists():
        raise UserError(
            f"no such folder: {clean_text(str(settings.library))}"
            f" (the library set in {clean_text(str(config_path()))})"
        )
    return [settings.library]


def _check_post_file(path: Path) -> None:
    if path.is_dir():
        raise UserError(
            f"{clean_text(str(path))} is a folder; give a post file (or use 'reader list')"
        )
    if not path.exists():
        raise UserError(f"no such file: {clean_text(str(path))}")


def _load_one(path: Path) -> Post:
    _check_post_file(path)
    return load_post(path)


def _run_app(paths: list[Path], open_file: Path | None = None) -> int:
    settings = load_settings()  # a broken config file stops reader before any screen
    paths = paths or _default_library(settings)
    for path in paths:
        if not path.exists():
            raise UserError(f"no such file or folder: {clean_text(str(path))}")
    if open_file is not None:
        _check_post_file(open_file)
    from reader.app import ReaderApp

    app = ReaderApp(paths, open_file=open_file)
    app.run()
    return app.return_code or 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run reader with ``argv`` (default: the process's arguments); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (
        arguments[0] not in (*COMMANDS, "browse") and not arguments[0].startswith("-")
    ):
        arguments.insert(0, "browse")
    args = build_parser().parse_args(arguments)
    try:
        if args.command == "list":
            return _list(args)
        if args.command == "show":
            return _show(args)
        if args.command == "state":
            return _state(args)
        if args.command == "open":
            # The folder's posts and the file itself (whatever its extension).
            return _run_app([args.file.parent, args.file], open_file=args.file)
        return _run_app(args.paths)
    except (UserError, LibraryError, ConfigError, StateError) as error:
        print(f"reader: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output left (reader list | head): not an error worth a word.
        # Standard output is pointed at devnull so that Python's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

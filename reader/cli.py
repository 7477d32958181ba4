"""Command line: the app (``reader [PATH ...]``, ``reader open FILE``) and the commands.

``list``, ``search``, ``show`` and ``state`` print and exit.
Only the app imports Textual, so the other commands start quickly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import __version__
from reader.model.errors import ReaderError
from reader.model.filters import PostFilter, SortOrder, sort_posts
from reader.model.health.finding import Severity, has_problems
from reader.model.post import Post, PostSummary, summary_json
from reader.model.text import clean_text, one_line, printable_path
from reader.samples import sample_posts_folder

if TYPE_CHECKING:
    from rich.console import Console

    from reader.model.config import Settings
    from reader.model.image_settings import ImageMode
    from reader.model.library import Library
    from reader.model.reading_time import ReadingSpeeds
    from reader.render.post_view import PicturePrinter

COMMANDS = ("list", "search", "show", "check", "open", "state")
PROGRESS_ABOVE = 500  # posts: fewer load too fast for a progress line to help

DESCRIPTION = """\
Read folders of Markdown blog posts (Jekyll, Hugo, Zola or plain) in the terminal.

  reader                      browse your library (set in config.toml) or the samples
  reader ~/blog               browse a folder or a Jekyll/Hugo site
  reader open post.md         read one post
  reader list ~/blog --json   list posts as JSON
  reader search 東京 ~/blog   find posts by words in their text
  reader show post.md         print a post rendered for the terminal
  reader check ~/blog         report cut titles, cut-off parts, repeats, broken text
  reader state export         print the reading state (read marks, places, bookmarks) as JSON
"""


class UserError(ReaderError):
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


def _query(text: str) -> str:
    """An argparse type: a search query with at least one word."""
    if not text.split():
        raise argparse.ArgumentTypeError("give at least one word to look for")
    return text


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
    _add_paths(browse)
    _add_no_cache(browse)

    open_ = commands.add_parser(
        "open", help="open one post in the app", description="Open one post in the app."
    )
    open_.add_argument("file", type=Path, metavar="FILE")
    _add_no_cache(open_)

    list_ = commands.add_parser(
        "list",
        help="list posts, grouped by category, newest first",
        description="List posts by category, newest first (drafts too, unless --no-drafts or"
        " drafts = false in config.toml).",
        epilog="examples:\n  reader list ~/blog\n  reader list ~/blog --tag python --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(list_, json=True)
    _add_filters(list_)
    list_.add_argument(
        "--sort",
        choices=[order.name.lower() for order in SortOrder],
        default="date",
        help="order inside each category: date (newest first, the default), title or"
        " reading_time (shortest first)",
    )
    _add_no_cache(list_)

    search = commands.add_parser(
        "search",
        help="find posts by words in their title, text, categories, tags or author",
        description="Find posts holding every word of QUERY (Japanese too), best first."
        " Words of one or two letters are looked for by reading every post.",
        epilog="examples:\n  reader search 'structured logging' ~/blog\n"
        "  reader search 味噌汁 --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    search.add_argument("query", type=_query, metavar="QUERY")
    _add_paths(search, json=True)
    search.add_argument(
        "--limit", type=_positive_int, default=20, metavar="N", help="at most N posts (20)"
    )
    _add_filters(search)
    _add_no_cache(search)

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
    show.add_argument(
        "--images",
        action="store_true",
        help="draw pictures in half blocks when printing to a terminal",
    )

    _add_check_parser(commands)

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
    for command_parser in (browse, open_, list_, search, show, export, import_):
        command_parser.set_defaults(command_parser=command_parser)
    return parser


def _add_paths(parser: argparse.ArgumentParser, json: bool = False) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="folders or files (default: the library in config.toml, else the samples)",
    )
    if json:
        parser.add_argument(
            "--json", action="store_true", help="print one JSON array (schema in README.md)"
        )


def _add_filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--category", metavar="C", help="only posts in category C")
    parser.add_argument("--tag", metavar="T", help="only posts tagged T")
    parser.add_argument("--author", metavar="A", help="only posts whose author's name holds A")
    parser.add_argument("--year", type=int, metavar="Y", help="only posts of year Y")
    parser.add_argument(
        "--drafts",
        action=argparse.BooleanOptionalAction,
        help="show drafts, or leave them out (default: the drafts setting, else shown)",
    )


def _add_no_cache(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-cache",
        dest="use_cache",
        action="store_false",
        help="read every post file, without the index cache",
    )


def _post_filter(args: argparse.Namespace) -> PostFilter:
    return PostFilter(
        category=args.category,
        tag=args.tag,
        author=args.author,
        year=args.year,
        drafts="include" if args.drafts else "exclude",
    )


class _Progress:
    """A line of progress on standard error, when it is a terminal; else silent."""

    def __init__(self, doing: str) -> None:
        self.doing = doing
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if sys.stderr.isatty() and total >= PROGRESS_ABOVE:
            print(f"\rreader: {self.doing} {done:,} of {total:,} posts", end="", file=sys.stderr)
            self.shown = True

    def finish(self) -> None:
        """Clear the progress line."""
        if self.shown:
            print("\r\x1b[K", end="", file=sys.stderr)


def _library_paths(args: argparse.Namespace) -> tuple[list[Path], ReadingSpeeds]:
    """``args.paths``, else the settings' library; and the settings' reading speeds.

    ``--drafts``/``--no-drafts``, when the command has them and neither was given, take
    the settings' ``drafts``.
    """
    from reader.model.config import load_settings

    settings = load_settings()
    if getattr(args, "drafts", False) is None:
        args.drafts = settings.drafts
    return args.paths or _default_library(settings), settings.reading_speeds


def _load(paths: list[Path], speeds: ReadingSpeeds, use_cache: bool) -> Library:
    """The library at ``paths``; progress and the cache's notices go to standard error."""
    from reader.model.library import load_library  # not for reader search: it asks the index

    progress = _Progress("indexing")
    try:
        library = load_library(
            paths,
            speeds=speeds,
            on_progress=lambda _, done, total: progress(done, total),
            use_cache=use_cache,
        )
    finally:
        progress.finish()
    for notice in library.notices:
        print(f"reader: notice: {notice}", file=sys.stderr)
    return library


def _list(args: argparse.Namespace) -> int:
    paths, speeds = _library_paths(args)
    if args.json and args.use_cache and _list_json_from_cache(args, paths, speeds):
        return 0
    library = _load(paths, speeds, args.use_cache)
    posts = _post_filter(args).apply(library.posts)
    if not posts and args.json:
        _print_json([])  # an empty result, not an error: a script reads an empty list
        return 0
    if not posts:
        if library.posts:
            raise UserError("no posts match the filters")
        raise UserError(f"no posts found in {', '.join(clean_text(str(path)) for path in paths)}")
    posts = sort_posts(posts, SortOrder[args.sort.upper()])
    if args.json:
        _print_json([summary_json(post) for post in posts])
        return 0
    from rich.console import Console

    from reader.model.grouping import Grouping, group_posts

    console = Console(highlight=False)
    # On a terminal each line is cut to its width; piped, titles are written whole.
    whole = not console.is_terminal
    minutes_width = len(str(max(post.reading_minutes for post in posts)))
    for category, group in group_posts(posts, Grouping.CATEGORY):
        console.print(f"{one_line(category, 60)} ({len(group)})", style="bold", markup=False)
        for post in group:
            line = f"  {_post_line(post, minutes_width)}"
            if whole:
                console.print(line, markup=False, soft_wrap=True)
            else:
                console.print(line, markup=False, no_wrap=True, overflow="ellipsis")
    return 0


def _list_json_from_cache(
    args: argparse.Namespace, paths: list[Path], speeds: ReadingSpeeds
) -> bool:
    """Print the JSON list from the caches' summaries if they can give it; whether they did.

    They can when no post file changed, posts are listed newest first, and drafts are
    the only filter: no post is read or built then.
    """
    post_filter = _post_filter(args)
    drafts_only = post_filter == PostFilter(drafts=post_filter.drafts)
    if not drafts_only or SortOrder[args.sort.upper()] is not SortOrder.DATE:
        return False
    from reader.model.library import cached_summaries

    summaries = cached_summaries(paths, speeds) or []
    items: list[Any] = [summary.json for summary in summaries if args.drafts or not summary.draft]
    if not items:
        return False  # loading the library says why
    if sys.stdout.isatty():
        import orjson

        items = orjson.loads(orjson.dumps(items))  # to be indented: the cached JSON is compact
    _print_json(items)
    return True


def _post_line(post: PostSummary, minutes_width: int = 3) -> str:
    """A post in columns, as ``ls -l`` lays out files: date, reading time, marks, title last."""
    date = f"{post.date:%Y-%m-%d}" if post.date else "no date   "
    marks = ("[draft] " if post.draft else "") + ("[!] " if has_problems(post.problems) else "")
    minutes = f"{post.reading_minutes:>{minutes_width}} min"
    return f"{date}  {minutes}  {marks}{one_line(post.title, 10_000)}"


def _search(args: argparse.Namespace) -> int:
    """``reader search``: each folder's index brought up to date by a stat walk, then asked."""
    from reader.model.search import search, search_folders

    paths, speeds = _library_paths(args)
    if args.use_cache:
        for path in paths:
            if not path.exists():
                raise UserError(f"no such file or folder: {clean_text(str(path))}")
        progress = _Progress("indexing the text of")
        try:
            result, notices = search_folders(
                paths, args.query, speeds, args.limit, _post_filter(args), on_progress=progress
            )
        finally:
            progress.finish()
        for notice in notices:
            print(f"reader: notice: {notice}", file=sys.stderr)
    else:
        library = _load(paths, speeds, use_cache=False)
        library.posts = _post_filter(args).apply(library.posts)
        result = search(library, args.query, limit=args.limit, use_index=False)
    if not result.hits and args.json:
        _print_json([])  # an empty result, not an error, as for `reader list --json`
        return 0
    if not result.hits:
        raise UserError(f"no posts hold {one_line(args.query, 80)!r}")
    if sys.stderr.isatty():
        print(f"reader: {result.count_text}", file=sys.stderr)
    if args.json:
        _print_json([summary_json(hit.post) | {"snippet": hit.snippet} for hit in result.hits])
        return 0
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    for hit in result.hits:
        console.print(_post_line(hit.post), style="bold", markup=False)
        console.print(f"  {clean_text(str(hit.post.path))}", style="dim", markup=False)
        if hit.snippet:
            line = Text("  " + hit.snippet)
            if hit.match:
                line.stylize("reverse", hit.match[0] + 2, hit.match[1] + 2)
            console.print(line)
    return 0


def _print_json(items: list[Any]) -> None:
    """Write ``items`` as JSON: indented for a person at a terminal, compact for a program.

    orjson writes 10,000 posts about four times faster than the standard library; its
    UTF-8 goes out as it is, neither decoded nor encoded again, unless standard output
    is a stand-in for text only (``io.StringIO``).
    """
    import orjson

    option = orjson.OPT_INDENT_2 if sys.stdout.isatty() else 0
    data = orjson.dumps(items, option=option | orjson.OPT_APPEND_NEWLINE)
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data.decode())


def _show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from reader.render.post_view import post_renderables

    post = _load_one(args.file)
    console = Console(width=args.width, highlight=False)
    draw = _picture_printer(post, console) if args.images and console.is_terminal else None
    if console.is_terminal:
        for renderable in post_renderables(post, draw):
            console.print(renderable)
        return 0
    # Rich pads every line to the width: piped, the padding is only trailing spaces.
    with console.capture() as captured:
        for renderable in post_renderables(post):
            console.print(renderable)
    sys.stdout.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))
    return 0


def _picture_printer(post: Post, console: Console) -> PicturePrinter:
    """Draws each picture of ``post`` in half blocks as it is printed (``show --images``)."""
    from reader.model.config import load_settings
    from reader.model.image_fetch import image_cache_folder
    from reader.model.image_source import image_folders
    from reader.render.pictures import PictureBook, printed_picture

    images = load_settings().images
    book = PictureBook(
        post.path,
        image_folders(post.path),
        remote=images.remote,
        max_height=max(4, console.size.height // 2),
    )
    return partial(printed_picture, book, console, image_cache_folder())


# --- check ------------------------------------------------------------------------------


def _add_check_parser(commands: Any) -> None:
    check = commands.add_parser(
        "check",
        help="report what is wrong with posts, for CI and pre-commit hooks",
        description="Report what is wrong with posts: broken text, cut titles, parts that"
        " stop mid-sentence, repeated passages, reading times far off, front matter a"
        " generator trips on, duplicates. One line per finding,"
        " path:line:column: severity: message [kind]. Exit status 1 when a finding is at"
        " or above --severity, 0 when none, 2 on usage errors. Posts are never written.",
        epilog="examples:\n  reader check ~/blog\n  reader check _posts/*.md --severity error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_paths(check, json=True)
    check.add_argument(
        "--severity",
        choices=[severity.value for severity in Severity],
        default=Severity.WARNING.value,
        help="report findings this bad or worse (default: warning)",
    )
    _add_no_cache(check)


class UsageError(ReaderError):
    """A mistake in the command line itself, exit status 2."""


def _check(args: argparse.Namespace) -> int:
    from reader.model.health.library import add_library_findings
    from reader.model.health.report import compiler_line, counts_text

    for path in args.paths:
        if not path.exists():
            raise UsageError(f"no such file or folder: {clean_text(str(path))}")
    paths, speeds = _library_paths(args)
    library = _load(paths, speeds, args.use_cache)
    if not library.posts:
        raise UsageError(f"no posts found in {', '.join(clean_text(str(p)) for p in paths)}")
    posts = sorted(library.posts, key=lambda post: post.path.parts)
    add_library_findings(posts)
    threshold = Severity(args.severity)
    found = [
        (post, finding)
        for post in posts
        for finding in sorted(post.problems, key=lambda finding: finding.line or 1)
        if finding.severity.at_least(threshold)
    ]
    below = [
        finding
        for post in posts
        for finding in post.problems
        if not finding.severity.at_least(threshold)
    ]
    if args.json:
        _print_json(
            [{"path": printable_path(post.path), **finding.summary()} for post, finding in found]
        )
    else:
        for post, finding in found:
            print(compiler_line(clean_text(str(post.path)), finding))
    with_findings = len({id(post) for post, _ in found})
    posts_text = f"{len(posts)} post{'' if len(posts) == 1 else 's'}"
    summary = (
        f"{counts_text(finding for _, finding in found)} in {with_findings} of {posts_text}"
        if found
        else f"nothing at {threshold.value} or worse in {posts_text}"
    )
    if below:
        summary += f" ({counts_text(below)} below --severity {threshold.value}, not shown)"
    print(f"reader: {summary}", file=sys.stderr)
    return 1 if found else 0


def _state(args: argparse.Namespace) -> int:
    from reader.model.state import ReadingState, StateError

    state, notice = ReadingState.open()
    with state:
        if state.path is None:  # kept in memory only: an empty export would mislead
            raise UserError(f"{notice}; nothing {args.action}ed")
        if notice:
            print(f"reader: {notice}", file=sys.stderr)
        if args.action == "export":
            _write_text(args.file, json.dumps(state.export(), ensure_ascii=False, indent=2) + "\n")
            return 0
        try:
            changed = state.import_(_read_json(args.file))
        except StateError as error:
            raise UserError(f"{clean_text(args.file)}: {error}") from None
        posts = "post" if changed.posts == 1 else "posts"
        views = "library view" if changed.views == 1 else "library views"
        print(
            f"merged {changed.posts} {posts} and {changed.views} {views}"
            f" into {clean_text(str(state.path))}"
        )
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
    from reader.model.config import config_path

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
    """The post at ``path``, its reading time at the settings' speeds."""
    from reader.model.config import load_settings
    from reader.model.post_loader import load_post

    _check_post_file(path)
    return load_post(path, speeds=load_settings().reading_speeds)


def _run_app(paths: list[Path], use_cache: bool, open_file: Path | None = None) -> int:
    from reader.model.config import load_settings

    settings = load_settings()  # a broken config file stops reader before any screen
    paths = paths or _default_library(settings)
    for path in paths:
        if not path.exists():
            raise UserError(f"no such file or folder: {clean_text(str(path))}")
    if open_file is not None:
        _check_post_file(open_file)
    detection = _detect_graphics(settings.images.mode)
    from reader.model.collector import collector_paused, freeze_survivors

    # Importing the app makes modules that live as long as the process, and no garbage:
    # the cycle collector waits, then they are frozen out of its sight (its passes before
    # the first frame of reader open took 36 ms, now 11 ms).
    with collector_paused():
        from reader.app import ReaderApp

        app = ReaderApp(paths, open_file=open_file, use_cache=use_cache, settings=settings)
        freeze_survivors()
    detection.join()
    app.run()
    return app.return_code or 0


def _detect_graphics(mode: ImageMode) -> threading.Thread:
    """Ask the terminal which pictures it draws, while the app is imported.

    Join it before the app runs: Textual then reads the keyboard input the answer is on.
    """
    from reader.render.terminal_graphics import detect_graphics

    detection = threading.Thread(target=detect_graphics, args=(mode, os.environ), daemon=True)
    detection.start()
    return detection


def _parse_arguments(parser: argparse.ArgumentParser, arguments: list[str]) -> argparse.Namespace:
    """``arguments`` parsed; an unknown option is reported with its command's own usage.

    argparse leaves a subcommand's unknown options to the top-level parser, whose usage
    says nothing about the command that was meant.
    """
    args, unknown = parser.parse_known_args(arguments)
    if unknown:
        command_parser: argparse.ArgumentParser = getattr(args, "command_parser", parser)
        command_parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run reader with ``argv`` (default: the process's arguments); return the exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments or (
        arguments[0] not in (*COMMANDS, "browse") and not arguments[0].startswith("-")
    ):
        arguments.insert(0, "browse")
    args = _parse_arguments(build_parser(), arguments)
    try:
        if args.command == "list":
            return _list(args)
        if args.command == "search":
            return _search(args)
        if args.command == "show":
            return _show(args)
        if args.command == "check":
            return _check(args)
        if args.command == "state":
            return _state(args)
        if args.command == "open":
            # The folder's posts and the file itself (whatever its extension).
            return _run_app([args.file.parent, args.file], args.use_cache, open_file=args.file)
        return _run_app(args.paths, args.use_cache)
    except ReaderError as error:
        print(f"reader: error: {error}", file=sys.stderr)
        return 2 if isinstance(error, UsageError) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output left (reader list | head): not an error worth a word.
        # Standard output is pointed at devnull so that Python's final flush stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0

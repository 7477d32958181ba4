"""Settings from ``config.toml`` in the user's config folder."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any, Literal

import platformdirs

from reader.model.errors import ReaderError
from reader.model.image_settings import ImageSettings, checked_image_settings
from reader.model.reading_time import ReadingSpeeds
from reader.model.text import clean_text

MarkRead = Literal["opened", "end"]
DEFAULT_READING_WIDTH = 80  # columns of text, as glow wraps
GROUPINGS = ("category", "date", "tag", "all")
ORDERS = ("date", "title", "reading_time")
MARK_READ_RULES: tuple[MarkRead, ...] = ("opened", "end")

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)$")


class ConfigError(ReaderError):
    """A config file that cannot be read; the message names the file and the line."""


@dataclass(frozen=True)
class Settings:
    """What the user can set in ``config.toml``; every field has a default."""

    theme: str | None = None
    """A Textual theme's name; None keeps the app's own."""
    library: Path | None = None
    """The folder ``reader`` opens when run without a path (None: the samples)."""
    sidebar: bool = True
    """Whether the sidebars start shown."""
    cjk_characters_per_minute: int = 500
    """Reading speed for Japanese, Chinese and Korean text."""
    words_per_minute: int = 238
    """Reading speed for other text."""
    mark_read: MarkRead = "opened"
    """When a post becomes read: when it is ``opened``, or scrolled to its ``end``."""
    images: ImageSettings = field(default_factory=ImageSettings)
    """How pictures in posts are drawn (``[images]``: ``mode``, ``remote``)."""
    reading_width: int = DEFAULT_READING_WIDTH
    """The widest a post's lines of text are, in columns, centred; 0 for the whole width."""
    grouping: str = "category"
    """How the library is grouped at first: ``category``, ``date``, ``tag`` or ``all``."""
    order: str = "date"
    """The order of posts in each group: ``date`` (newest first), ``title``, ``reading_time``."""
    drafts: bool = True
    """Whether drafts are shown: in the app, ``reader list`` and ``reader search`` alike."""

    @property
    def reading_speeds(self) -> ReadingSpeeds:
        """The speeds reading times are estimated at (and the index cached at)."""
        return ReadingSpeeds(self.cjk_characters_per_minute, self.words_per_minute)


def config_path() -> Path:
    """Where the settings live: ``$XDG_CONFIG_HOME/reader/config.toml`` on Linux."""
    return platformdirs.user_config_path("reader") / "config.toml"


def _line_of(key: str, text: str) -> int | None:
    """The line that sets ``key`` (bare or quoted, dotted, or a table), if one plainly does."""
    name = re.escape(key)
    pattern = rf"""^[ \t]*\[*[ \t]*(?:{name}|"{name}"|'{name}')[ \t]*[=.\]]"""
    match = re.search(pattern, text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _located(shown: str, line: int | None, problem: str) -> ConfigError:
    return ConfigError(f"{shown}:{line}: {problem}" if line else f"{shown}: {problem}")


def _toml_problem(error: tomllib.TOMLDecodeError, text: str) -> tuple[int | None, str]:
    """The line and the words of a TOML error (Python 3.11 has them only in its message)."""
    message = str(error)
    position = _TOML_POSITION.search(message)
    if position:
        return int(position[1]), f"{message[: position.start()]} (column {position[2]})"
    at_end = _TOML_AT_END.search(message)
    if at_end:
        return text.count("\n") + 1, message[: at_end.start()]
    return None, message


def _checked(key: str, value: Any) -> Any:
    """``value`` as the setting ``key`` holds it; raises ValueError saying what is wanted."""
    if key == "theme":
        if not isinstance(value, str):
            raise ValueError("must be text (a theme's name)")
        return value
    if key == "library":
        if not isinstance(value, str):
            raise ValueError("must be text (a folder)")
        folder = Path(value).expanduser()
        if not folder.is_absolute():
            raise ValueError("must be an absolute path or start with ~")
        return folder
    if key in ("sidebar", "drafts"):
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if key == "images":
        return checked_image_settings(value)
    if key == "mark_read":
        if value not in MARK_READ_RULES:
            raise ValueError('must be "opened" or "end"')
        return value
    if key in ("grouping", "order"):
        choices = GROUPINGS if key == "grouping" else ORDERS
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(map(repr, choices))}")
        return value
    if key == "reading_width":
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError("must be a whole number of columns (0 for the whole width)")
        return value
    # The reading speeds. bool is an int to Python, never a speed.
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("must be a whole number of at least 1")
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings at ``path`` (default: ``config_path()``); no file gives the defaults.

    Raises ConfigError, naming the file and the line, for a file that cannot be read,
    is not TOML, sets an unknown key or gives a setting a value of the wrong kind.
    """
    path = config_path() if path is None else path
    shown = clean_text(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as error:
        raise ConfigError(f"{shown}: cannot be read: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _located(shown, data.count(b"\n", 0, error.start) + 1, "not UTF-8 text") from None
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _located(shown, *_toml_problem(error, text)) from None
    known = [field.name for field in fields(Settings)]
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = _line_of(key, text)
        if key not in known:
            problem = f"unknown setting {clean_text(key)!r} (settings: {', '.join(known)})"
            raise _located(shown, line, problem)
        try:
            values[key] = _checked(key, value)
        except ValueError as error:
            raise _located(shown, line, f"{key} {error}") from None
    return Settings(**values)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write ``settings`` to ``path`` (default: ``config_path()``); return the path.

    The file is edited, not replaced: its comments, its layout and the keys it sets stay;
    a setting is written when the file already sets it or it differs from the default.
    Raises ConfigError when the file cannot be read or written, or is not TOML.
    """
    import tomlkit  # only to save: reading settings (every start) needs no editor of TOML
    import tomlkit.exceptions

    path = config_path() if path is None else path
    shown = clean_text(str(path))
    try:
        document = tomlkit.parse(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        document = tomlkit.document()
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as error:
        raise ConfigError(f"{shown}: cannot be updated: {error}") from None
    defaults = Settings()
    for setting in fields(Settings):
        value = getattr(settings, setting.name)
        if is_dataclass(value):
            continue  # a table such as [images] is set in the file only, never by the app
        if setting.name not in document:
            if value == getattr(defaults, setting.name):
                continue
        elif _written_as(setting.name, document[setting.name]) == value:
            continue  # as the file says it, "~/blog" say, not rewritten as "/home/me/blog"
        if value is None:
            document.pop(setting.name, None)
        else:
            document[setting.name] = str(value) if isinstance(value, Path) else value
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tomlkit.dumps(document), encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{shown}: cannot be written: {error.strerror}") from None
    return path


def _written_as(key: str, item: Any) -> Any:
    """The value the file's ``item`` gives the setting ``key``; None when it gives none."""
    try:
        return _checked(key, item.unwrap() if hasattr(item, "unwrap") else item)
    except ValueError:
        return None

"""Settings from config.toml: defaults, valid files, and errors naming the file and line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from reader.model.config import (
    ConfigError,
    Settings,
    config_path,
    load_settings,
    save_settings,
)


@pytest.fixture
def config(private_home: Path) -> Path:
    path = private_home / "config" / "reader" / "config.toml"
    path.parent.mkdir(parents=True)
    return path


def _error(path: Path) -> str:
    with pytest.raises(ConfigError) as raised:
        load_settings(path)
    message = str(raised.value)
    assert "\n" not in message
    return message


def test_config_path_honours_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    assert config_path() == tmp_path / "config-home" / "reader" / "config.toml"


def test_no_file_gives_the_defaults(config: Path) -> None:
    assert not config.exists()
    settings = load_settings()
    assert settings == Settings()
    assert settings.theme is None
    assert settings.library is None
    assert settings.sidebar is True
    assert settings.cjk_characters_per_minute == 500
    assert settings.words_per_minute == 238
    assert settings.mark_read == "opened"


def test_an_empty_file_gives_the_defaults(config: Path) -> None:
    config.write_text("# nothing set yet\n")
    assert load_settings() == Settings()


def test_every_setting(config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config.write_text(
        'theme = "gruvbox"\n'
        'library = "~/blog/_posts"\n'
        "sidebar = false\n"
        "cjk_characters_per_minute = 400\n"
        "words_per_minute = 300\n"
        'mark_read = "end"\n'
        "reading_width = 100\n"
        'grouping = "tag"\n'
        'order = "reading_time"\n'
    )
    assert load_settings() == Settings(
        theme="gruvbox",
        library=tmp_path / "home" / "blog" / "_posts",
        sidebar=False,
        cjk_characters_per_minute=400,
        words_per_minute=300,
        mark_read="end",
        reading_width=100,
        grouping="tag",
        order="reading_time",
    )


def test_invalid_toml_names_the_file_and_line(config: Path) -> None:
    config.write_text('theme = "nord"\nsidebar = \nwords_per_minute = 200\n')
    assert _error(config) == f"{config}:2: Invalid value (column 11)"


def test_an_unclosed_string_at_the_end(config: Path) -> None:
    config.write_text('sidebar = true\ntheme = "nord')
    message = _error(config)
    assert message.startswith(f"{config}:2: ")


def test_a_file_that_is_not_utf8(config: Path) -> None:
    config.write_bytes(b'sidebar = true\n\ntheme = "\xff\xfe"\n')
    assert _error(config) == f"{config}:3: not UTF-8 text"


def test_an_unreadable_file(config: Path) -> None:
    config.mkdir()  # a folder where the file should be: unreadable, even for root
    message = _error(config)
    assert message.startswith(f"{config}: cannot be read: ")


def test_an_unknown_key_is_an_error(config: Path) -> None:
    config.write_text('theme = "nord"\n\n  them = "nord"\n')
    message = _error(config)
    assert message.startswith(f"{config}:3: unknown setting 'them' (settings: theme, library,")


def test_an_unknown_table_is_an_error(config: Path) -> None:
    config.write_text('theme = "nord"\n[colours]\nbackground = "black"\n')
    assert _error(config).startswith(f"{config}:2: unknown setting 'colours'")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("theme = 3", "theme must be text (a theme's name)"),
        ("library = 3", "library must be text (a folder)"),
        ('library = "blog/posts"', "library must be an absolute path or start with ~"),
        ('sidebar = "no"', "sidebar must be true or false"),
        ("words_per_minute = 0", "words_per_minute must be a whole number of at least 1"),
        ("words_per_minute = 250.5", "words_per_minute must be a whole number of at least 1"),
        ("cjk_characters_per_minute = true", "cjk_characters_per_minute must be a whole number"),
        ("cjk_characters_per_minute = -5", "cjk_characters_per_minute must be a whole number"),
        ('mark_read = "scrolled"', 'mark_read must be "opened" or "end"'),
        ('"sidebar" = 1', "sidebar must be true or false"),
        ("reading_width = -1", "reading_width must be a whole number of columns"),
        ('grouping = "author"', "grouping must be one of 'category', 'date', 'tag', 'all'"),
        ('order = "random"', "order must be one of 'date', 'title', 'reading_time'"),
    ],
)
def test_a_value_of_the_wrong_kind_names_the_key_and_line(
    config: Path, line: str, message: str
) -> None:
    config.write_text(f"# reader settings\n\n{line}\n")
    assert _error(config).startswith(f"{config}:3: {message}")


def test_an_unknown_dotted_key_is_an_error(config: Path) -> None:
    config.write_text('sidebar = true\ncolours.background = "black"\n')
    assert _error(config).startswith(f"{config}:2: unknown setting 'colours'")


def test_saving_settings_keeps_comments_other_keys_and_their_spelling(
    config: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config.write_text(
        "# my reader settings\n"
        'library = "~/blog"  # the blog\n'
        "words_per_minute = 200\n"
        "\n"
        "# a dark theme at night\n"
        'theme = "nord"\n'
    )
    chosen = replace(load_settings(), theme="textual-light", sidebar=False, reading_width=0)
    assert save_settings(chosen) == config
    assert config.read_text() == (
        "# my reader settings\n"
        'library = "~/blog"  # the blog\n'
        "words_per_minute = 200\n"
        "\n"
        "# a dark theme at night\n"
        'theme = "textual-light"\n'
        "sidebar = false\n"
        "reading_width = 0\n"
    )
    assert load_settings() == chosen


def test_saving_settings_makes_the_file_and_writes_only_what_differs(config: Path) -> None:
    assert not config.exists()
    save_settings(Settings(grouping="date"))
    assert config.read_text() == 'grouping = "date"\n'
    save_settings(Settings())  # back to the default: the file keeps saying so
    assert config.read_text() == 'grouping = "category"\n'
    assert load_settings() == Settings()


def test_saving_default_settings_leaves_a_file_of_comments_as_it_is(config: Path) -> None:
    save_settings(Settings())  # nothing differs from the defaults: an empty file
    assert config.read_text() == ""
    comments = '# reader settings\n# theme = "nord"\n\n# sidebar = false\n'
    config.write_text(comments)
    save_settings(Settings())
    assert config.read_text() == comments
    assert load_settings() == Settings()


def test_saving_over_a_broken_file_is_an_error(config: Path) -> None:
    config.write_text("theme = \n")
    with pytest.raises(ConfigError) as raised:
        save_settings(Settings())
    assert str(raised.value).startswith(f"{config}: cannot be updated")
    assert config.read_text() == "theme = \n"

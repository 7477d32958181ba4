"""Where a site starts and how its generator reads it: Jekyll, Hugo or Zola.

A site root is found by walking up from a post or folder to the nearest folder holding
a generator's configuration (Jekyll ``_config.yml``/``_config.yaml``/``_config.toml``;
Hugo ``hugo.*``, ``config.*`` or ``config/_default/``; Zola ``config.toml`` with a
``base_url``). A folder holding ``_posts`` with no configuration above it is a Jekyll
site too, as Jekyll needs none: the highest such folder, so that the folders between it
and ``_posts`` stay categories whichever folder was opened.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

JEKYLL_CONFIGS = ("_config.yml", "_config.yaml", "_config.toml")
HUGO_CONFIGS = tuple(
    f"{stem}.{ending}" for stem in ("hugo", "config") for ending in ("toml", "yaml", "yml", "json")
)
HUGO_CONFIG_FOLDER = os.path.join("config", "_default")
JEKYLL_POST_FOLDERS = frozenset({"_posts", "_drafts"})
MAX_CONFIG_BYTES = 1024 * 1024
_CONFIG_MARKERS = frozenset((*JEKYLL_CONFIGS, *HUGO_CONFIGS, "config"))


@dataclass(frozen=True)
class Site:
    """A site's root, its generator and the folders that matter to reader.

    ``content`` holds the folders posts live in (Jekyll: the collections folder, in
    which every ``_posts``/``_drafts`` folder holds posts); ``static`` the folders its
    pictures and files are served from. ``config`` is the parsed configuration (Hugo's
    keys in lower case, as Hugo reads them).
    """

    root: Path
    generator: str  # "jekyll" | "hugo" | "zola"
    content: tuple[Path, ...]
    static: tuple[Path, ...]
    config: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def holds(self, path: Path) -> bool:
        """Whether ``path`` (absolute) is in one of the site's content folders."""
        return any(path == folder or path.is_relative_to(folder) for folder in self.content)

    def folder_categories(self, path: Path) -> list[str]:
        """Jekyll's rule: the folders between the collections folder and ``_posts`` of a post."""
        if self.generator != "jekyll":
            return []
        # Text, not Path.relative_to: this runs for every post loaded.
        folder, collections = os.path.dirname(absolute(path)), str(self.content[0])
        if not folder.startswith(collections + os.sep):
            return []
        relative = folder[len(collections) + 1 :].split(os.sep)
        stop = next((i for i, part in enumerate(relative) if part in JEKYLL_POST_FOLDERS), None)
        return [] if stop is None else list(relative[:stop])

    def reaches(self, folder: Path) -> bool:
        """Whether the site lists posts under ``folder`` (absolute): in or above its content."""
        return folder.is_relative_to(self.root) and any(
            folder.is_relative_to(content) or content.is_relative_to(folder)
            for content in self.content
        )


def absolute(path: Path) -> Path:
    """``path`` made absolute without resolving links (the form the walk gives)."""
    return path if path.is_absolute() else Path(os.path.abspath(path))


def find_site(path: Path) -> Site | None:
    """The site ``path`` (a post or folder) belongs to: the nearest configured root above it.

    Without one, the highest folder above it that holds ``_posts`` (a Jekyll site
    without configuration); else None.
    """
    path = absolute(path)
    start = path if path.is_dir() else path.parent
    return _site_above(str(start))


def site_of_file(path: Path) -> Site | None:
    """``find_site`` for a path known to be a file (no look-up of what it is)."""
    return _site_above(os.path.dirname(absolute(path)))


@cache  # emptied by forget_sites at each listing
def _site_above(folder: str) -> Site | None:
    configured = site_at(Path(folder))
    if configured is not None:
        return configured
    parent = os.path.dirname(folder)
    above = _site_above(parent) if parent != folder else None
    if above is not None:
        return above
    if "_posts" in _names(folder) and os.path.isdir(os.path.join(folder, "_posts")):
        return _jekyll(Path(folder), {})
    return None


def forget_sites() -> None:
    """Forget the sites found so far (each listing looks again, configurations may change)."""
    _site_above.cache_clear()
    _configured_site.cache_clear()
    _names.cache_clear()


def site_at(folder: Path) -> Site | None:
    """The site whose configuration is in ``folder``, if there is one."""
    return _configured_site(str(folder))


@cache
def _names(folder: str) -> frozenset[str]:
    """The names in ``folder`` (one listing: cheaper than a look-up per configuration name)."""
    try:
        return frozenset(os.listdir(folder))
    except OSError:
        return frozenset()


@cache
def _configured_site(folder_text: str) -> Site | None:
    names = _names(folder_text)
    if names.isdisjoint(_CONFIG_MARKERS):
        return None
    folder = Path(folder_text)
    for name in JEKYLL_CONFIGS:
        if name in names and os.path.isfile(os.path.join(folder_text, name)):
            return _jekyll(folder, _read_config(folder / name))
    zola = folder / "config.toml"
    if "config.toml" in names and zola.is_file():
        config = _read_config(zola)
        if "base_url" in config:
            return _zola(folder, config)
    hugo_files = [folder / name for name in HUGO_CONFIGS if (folder / name).is_file()]
    config_folder = folder / HUGO_CONFIG_FOLDER
    if hugo_files or config_folder.is_dir():
        config = _hugo_config(config_folder, hugo_files)
        site = _hugo(folder, config)
        named_hugo = any(file.name.startswith("hugo.") for file in hugo_files)
        # "config.toml" alone is a common name: a Hugo site also has its content folder.
        if named_hugo or config_folder.is_dir() or any(c.is_dir() for c in site.content):
            return site
    return None


def _read_config(path: Path) -> dict[str, Any]:
    """A configuration file's settings; an unreadable or invalid one counts as empty."""
    import yaml  # only for a YAML site's configuration: a warm listing needs no parser

    try:
        with path.open("rb") as file:
            data = file.read(MAX_CONFIG_BYTES)
        text = data.decode("utf-8", "replace")
        if path.suffix == ".toml":
            value: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            value = json.loads(text)
        else:
            value = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, ValueError, yaml.YAMLError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _lower_keys(value: Any) -> Any:
    """Hugo reads its configuration's keys in any case: ``contentDir`` is ``contentdir``."""
    if isinstance(value, dict):
        return {str(key).lower(): _lower_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower_keys(item) for item in value]
    return value


def _hugo_config(config_folder: Path, root_files: list[Path]) -> dict[str, Any]:
    """Hugo's settings: ``config/_default/`` (a file per root key), then the root's file."""
    config: dict[str, Any] = {}
    if config_folder.is_dir():
        for file in sorted(config_folder.iterdir()):
            stem, _, ending = file.name.partition(".")
            if ending not in {"toml", "yaml", "yml", "json"}:
                continue  # "menus.en.toml" and the like: nothing reader needs
            settings = _lower_keys(_read_config(file))
            if stem in {"hugo", "config"}:
                config.update(settings)
            else:
                config[stem.lower()] = settings
    for file in root_files[:1]:  # Hugo reads hugo.* before config.*, and one of them
        config.update(_lower_keys(_read_config(file)))
    return config


def _folder(root: Path, value: Any, default: str) -> Path:
    name = value if isinstance(value, str) and value.strip() else default
    return Path(os.path.normpath(root / name))


def _jekyll(root: Path, config: dict[str, Any]) -> Site:
    collections = _folder(root, config.get("collections_dir"), ".")
    return Site(root, "jekyll", (collections,), (root,), config)


def _zola(root: Path, config: dict[str, Any]) -> Site:
    return Site(root, "zola", (root / "content",), (root / "static",), config)


def _hugo(root: Path, config: dict[str, Any]) -> Site:
    content = [_folder(root, config.get("contentdir"), "content")]
    languages = config.get("languages")
    if isinstance(languages, dict):
        for settings in languages.values():
            if isinstance(settings, dict) and settings.get("contentdir"):
                content.append(_folder(root, settings["contentdir"], "content"))
    # A language's folder inside another content folder is walked with it.
    unique = list(dict.fromkeys(content))
    kept = tuple(
        folder
        for folder in unique
        if not any(other != folder and folder.is_relative_to(other) for other in unique)
    )
    static = (_folder(root, config.get("staticdir"), "static"), root / "assets")
    return Site(root, "hugo", kept, static, config)

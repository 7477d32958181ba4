"""Whether the post files of a library folder can have changed, told without discovery.

Which files are posts depends on the folders' listings, the site's configuration, and the
text of a few files (a Hugo section's ``_index.md`` cascade, a ``.txt`` file's first
bytes): see ``reader.model.discovery``. Recorded after a walk, the size and time of the
folders under the library folder and of those files, and of the site configuration files
above it (or that there are none), tell whether a walk would find the same post files:
while none changed, each post file's own size and time is all there is to look at (a
folder's time changes when a file is added, removed or renamed in it).
"""

from __future__ import annotations

import os
from pathlib import Path

FolderStamps = dict[str, tuple[int, int]]
"""Each folder or file recorded: its size and modification time (ns); (-1, -1): missing."""


def folder_stamps(root: Path) -> FolderStamps:
    """The stamps of what decides which files under ``root`` are posts (see the module)."""
    # Only after a change: checking the stamps (``unchanged``) needs no site rules.
    from reader.model.site import HUGO_CONFIG_FOLDER

    start = os.path.abspath(root)
    stamps: FolderStamps = {}
    folder = os.path.dirname(start)
    while True:  # above: whether each has a site configuration, and what it says
        for name in _configuration_names():
            _stamp(stamps, os.path.join(folder, name))
        configuration = os.path.join(folder, HUGO_CONFIG_FOLDER)
        if _stamp(stamps, os.path.dirname(configuration)):
            _stamp_below(stamps, configuration, set())
        if os.path.dirname(folder) == folder:
            break
        folder = os.path.dirname(folder)
    _stamp_below(stamps, start, set())
    return stamps


def _stamp_below(stamps: FolderStamps, top: str, seen: set[tuple[int, int]]) -> None:
    """Record every folder discovery walks under ``top``, and the files in them it reads."""
    from reader.model.discovery import SKIPPED_FOLDERS, TEXT_SUFFIX
    from reader.model.site import HUGO_CONFIG_FOLDER

    configuration_names = _configuration_names()
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            status = os.stat(folder)
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            stamps[folder] = (-1, -1)
            continue
        if (status.st_dev, status.st_ino) in seen:  # a symbolic link back to a folder seen
            continue
        seen.add((status.st_dev, status.st_ino))
        stamps[folder] = (status.st_size, status.st_mtime_ns)
        configuration = folder.endswith(os.sep + HUGO_CONFIG_FOLDER)
        for entry in entries:
            name = entry.name
            if entry.is_dir():
                if not name.startswith(".") and name not in SKIPPED_FOLDERS:
                    folders.append(entry.path)
            elif (
                configuration
                or name in configuration_names
                or name.startswith("_index.")  # a Hugo section's cascade
                or name.lower().endswith(TEXT_SUFFIX)
            ):
                _stamp(stamps, entry.path)


def _configuration_names() -> frozenset[str]:
    from reader.model.site import HUGO_CONFIGS, JEKYLL_CONFIGS

    return frozenset((*JEKYLL_CONFIGS, *HUGO_CONFIGS))


def _stamp(stamps: FolderStamps, path: str) -> bool:
    """Record ``path``'s stamp, (-1, -1) when it is missing; whether it exists."""
    try:
        status = os.stat(path)
    except OSError:
        stamps[path] = (-1, -1)
        return False
    stamps[path] = (status.st_size, status.st_mtime_ns)
    return True


def unchanged(stamps: FolderStamps) -> bool:
    """Whether every folder and file recorded in ``stamps`` is as it was."""
    for path, stamp in stamps.items():
        try:
            status = os.stat(path)
        except OSError:
            if stamp != (-1, -1):
                return False
            continue
        if (status.st_size, status.st_mtime_ns) != stamp:
            return False
    return True

"""What to tell a person whose folders hold no post: where reader looked, and for what."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from reader.model.post import POST_SUFFIXES
from reader.model.text import clean_text

OTHER_FILES_NAMED = 3  # a few of the files that are not posts, to recognise the folder


def post_endings() -> str:
    """The file endings reader reads as posts, in words: ``.md, .markdown ... and .mkdn``."""
    endings = sorted(POST_SUFFIXES, key=lambda ending: (ending != ".md", len(ending), ending))
    return f"{', '.join(endings[:-1])} and {endings[-1]}"


def other_files(roots: Iterable[Path], limit: int = OTHER_FILES_NAMED) -> list[str]:
    """The names of up to ``limit`` files under ``roots``, by name (none of them a post)."""
    names: list[str] = []
    for root in roots:
        if root.is_file():
            names.append(root.name)
            continue
        for _folder, folders, files in os.walk(root):
            folders[:] = [folder for folder in folders if not folder.startswith(".")]
            names.extend(sorted(name for name in files if not name.startswith(".")))
            if len(names) >= limit:
                break
    return [clean_text(name) for name in names[:limit]]


def no_posts_lines(roots: list[Path]) -> list[str]:
    """A few short lines: where reader looked, for what, what it found, and what to do."""
    places = ", ".join(clean_text(str(root)) for root in roots)
    lines = [
        "No posts here.",
        "",
        f"Looked in {places}",
        "and its folders for files ending in",
        f"{post_endings()}.",
    ]
    found = other_files(roots)
    if found:
        lines += ["", f"Other files found: {', '.join(found)}"]
        lines += ["(reader open FILE reads a post of any ending)."]
    lines += ["", "ctrl+o  open another folder", "q       quit"]
    return lines

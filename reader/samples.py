"""Where the bundled sample posts are, once installed and in a source checkout."""

from __future__ import annotations

from pathlib import Path


def sample_posts_folder() -> Path:
    """The folder of sample posts shipped with reader.

    A wheel carries them as ``reader/sample_posts``; a source checkout (and an editable
    install) keeps them at the top of the repository.
    """
    package = Path(__file__).parent
    installed = package / "sample_posts"
    return installed if installed.is_dir() else package.parent / "sample_posts"

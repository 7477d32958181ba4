"""Where things are in a post file: lines and columns of the body and front-matter keys."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

_KEY = re.compile(r"^[\"']?([^\s:=\"'#]+)[\"']?[ \t]*[:=]", re.MULTILINE)


@dataclass
class PostText:
    """A post's text as the detectors read it.

    ``text`` is the whole file's text (control characters made visible, line endings
    normalised), ``body`` its Markdown body, a suffix of ``text``.
    """

    text: str
    body: str

    @cached_property
    def body_offset(self) -> int:
        """Where the body starts in ``text``."""
        return len(self.text) - len(self.body) if self.text.endswith(self.body) else 0

    def place(self, offset: int) -> tuple[int, int]:
        """The line and column (from 1) of ``offset`` in ``text``."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1

    def body_place(self, offset: int) -> tuple[int, int]:
        """The line and column in the file of ``offset`` in the body."""
        return self.place(self.body_offset + offset)

    @cached_property
    def front_matter_keys(self) -> list[tuple[int, str]]:
        """The top-level keys of the front matter, with the offset of each line."""
        block = self.text[: self.body_offset]
        return [(match.start(), match.group(1)) for match in _KEY.finditer(block)]

    def field_at(self, offset: int) -> str | None:
        """The front-matter key whose value holds ``offset`` (None in the body)."""
        if offset >= self.body_offset:
            return None
        before = [key for start, key in self.front_matter_keys if start <= offset]
        return before[-1] if before else None

    def field_line(self, key: str) -> int | None:
        """The line of ``key`` in the front matter (None if it is not written there)."""
        for start, name in self.front_matter_keys:
            if name == key:
                return self.place(start)[0]
        return None

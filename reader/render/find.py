"""Find text in the laid-out lines of a post (Japanese included, Latin ignoring case)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True)
class Match:
    """Where a match is on screen: its line and its first and last-plus-one cells."""

    line: int
    start: int
    end: int


def find_in_lines(lines: list[str], query: str) -> list[Match]:
    """Every match of ``query`` in ``lines``, in reading order (case-insensitive).

    A match that a line break cuts in two is not found; lines are searched as shown.
    """
    needle = query.casefold()
    if not needle.strip():
        return []
    matches: list[Match] = []
    for number, line in enumerate(lines):
        folded = line.casefold()
        # casefold() can change a string's length (ß → ss); search the original then.
        haystack, target = (folded, needle) if len(folded) == len(line) else (line, query)
        position = haystack.find(target)
        while position != -1:
            start = cell_len(line[:position])
            matches.append(
                Match(number, start, start + cell_len(line[position : position + len(target)]))
            )
            position = haystack.find(target, position + max(1, len(target)))
    return matches

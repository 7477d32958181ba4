"""A Markdown table whose columns share the width without cutting words where they can.

Rich narrows a table too wide for the terminal from its widest columns down, whatever
their words: a column of short Latin words is folded mid-word (``Accountin|g``) while
another could have wrapped at a space or between CJK characters. Here each column gets
no width that cuts a word, and the widest columns give way first, as in Rich; only a
table whose words cannot all fit is left to Rich.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.table import Column, Table


class FittedTable:
    """Render ``table`` (no outer edge, one space of padding each side of a cell)."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The table's own measure, whatever widths an earlier rendering fixed."""
        for column in self.table.columns:
            column.width = None
        return Measurement.get(console, options, self.table)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        columns = self.table.columns
        for column in columns:
            column.width = None
        # One space of padding on each side of a cell, one divider between two.
        room = options.max_width - 3 * len(columns) + 1
        ranges = [_column_range(console, options, column) for column in columns]
        for column, width in zip(columns, fitted_widths(ranges, room) or [], strict=False):
            column.width = width
        yield self.table


def _column_range(console: Console, options: ConsoleOptions, column: Column) -> Measurement:
    """The narrowest width that cuts none of a column's words, and its natural width."""
    measures = [Measurement.get(console, options, cell) for cell in [column.header, *column.cells]]
    return Measurement(
        max((measure.minimum for measure in measures), default=1),
        max((measure.maximum for measure in measures), default=1),
    )


def fitted_widths(ranges: list[Measurement], room: int) -> list[int] | None:
    """Column widths within ``room`` that cut no word, or None when Rich should decide.

    None when the table fits at its natural widths already, or when its words cannot
    all fit (then something must be folded anyway).
    """
    minimums = [max(1, measure.minimum) for measure in ranges]
    maximums = [
        max(minimum, measure.maximum) for minimum, measure in zip(minimums, ranges, strict=True)
    ]
    if sum(maximums) <= room or sum(minimums) > room:
        return None
    # The widest columns give way first, each down to its narrowest: every column is
    # capped at the largest width that fills the room (found by halving).
    low, high = 0, max(maximums)
    while low < high:
        cap = (low + high + 1) // 2
        if sum(_capped(cap, minimums, maximums)) <= room:
            low = cap
        else:
            high = cap - 1
    widths = _capped(low, minimums, maximums)
    for index in sorted(range(len(widths)), key=lambda item: -maximums[item]):
        if sum(widths) < room and widths[index] < maximums[index]:
            widths[index] += 1
    return widths


def _capped(cap: int, minimums: list[int], maximums: list[int]) -> list[int]:
    """Each column at its natural width, but no wider than ``cap`` unless a word needs it."""
    return [
        max(minimum, min(maximum, cap)) for minimum, maximum in zip(minimums, maximums, strict=True)
    ]

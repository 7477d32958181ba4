"""The baseline for first-paint benchmarks: a bare Textual app showing a file in a Static."""

from __future__ import annotations

import sys
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static


class BareApp(App[None]):
    """Shows one file's text, nothing else."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        """One scrollable Static with the text."""
        with VerticalScroll():
            yield Static(Text(self.text))


if __name__ == "__main__":
    BareApp(Path(sys.argv[1]).read_text(encoding="utf-8")).run()

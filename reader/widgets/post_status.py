"""The line under a post's header: how many problems it has, or the one gone to with ``!``.

Always in view (the sidebar, which lists the problems too, hides in narrow terminals),
and one message at a time: going to the next problem replaces the last one's.

Not a notification: those piled up over the header and the help, and Textual's
compositor cuts a notification's lines at the edges of the widgets under it (the body's
scrollbar), drawing a wide (Japanese, Chinese) character that a cut splits as spaces:
the holes in ``…電力供  システム、`` (Textual issue 6357).
"""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from reader.model.health.finding import Finding, has_problems
from reader.model.text import one_line


class PostStatus(Widget):
    """How many problems the post has; while going through them, the one shown and where."""

    DEFAULT_CSS = """
    PostStatus {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
        display: none;

        &.-problems {
            display: block;
        }
        & > .post-status--count {
            color: $warning;
            text-style: bold;
        }
        & > .post-status--error {
            color: $error;
            text-style: bold;
        }
        & > .post-status--warning {
            color: $warning;
        }
        & > .post-status--note {
            text-style: dim;
        }
        & > .post-status--message {
            color: $foreground;
        }
    }
    """

    COMPONENT_CLASSES = {
        "post-status--count",
        "post-status--error",
        "post-status--warning",
        "post-status--note",
        "post-status--message",
    }

    findings: reactive[tuple[Finding, ...]] = reactive((), layout=True)
    """The post's problems, in the order ``!`` goes through them."""
    current: reactive[int] = reactive(-1, layout=True)
    """The problem shown (an index of ``findings``); -1 when none is."""
    where: reactive[str] = reactive("", layout=True)
    """Where the problem shown is, for a person ("line 66", "in the front matter…")."""

    def __init__(self, findings: tuple[Finding, ...] = (), *, id: str | None = None) -> None:
        # Shown from the first frame: a line appearing after it would push the body's
        # last line out of view just after G.
        super().__init__(id=id, classes="-problems" if findings else "")
        self.set_reactive(PostStatus.findings, findings)

    def watch_findings(self, findings: tuple[Finding, ...]) -> None:
        """Shown only for a post with problems."""
        self.set_class(bool(findings), "-problems")

    def render(self) -> Content:
        """The count, or the problem shown: post text is data, never markup."""
        findings, current = self.findings, self.current
        count = len(findings)
        if not 0 <= current < count:
            # Marked as the library list marks a post: ⚠ for a warning or an error, not notes.
            marked = has_problems(list(findings))
            noun = "problem" if count == 1 else "problems"
            return Content.assemble(
                (f"⚠ {count} {noun}", ".post-status--count")
                if marked
                else (f"{count} {noun}", ".post-status--note"),
                " · ! to go through them",
            )
        finding = findings[current]
        severity = finding.severity.value
        return Content.assemble(
            (f"{severity}: ", f".post-status--{severity}"),
            (one_line(finding.message, 300), ".post-status--message"),
            f" · {self.where}" if self.where else "",
            " · n next, N previous, esc ends",
        )

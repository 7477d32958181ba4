"""Findings as text: the compiler format of ``reader check`` and lines for people."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from reader.model.health.finding import Finding, Severity
from reader.model.text import one_line


def compiler_line(path: str, finding: Finding) -> str:
    """``path:line:column: severity: message [kind]``, the line editors jump from.

    A finding without a line (a field not written out, a library-wide one) is at 1:1.
    """
    return (
        f"{path}:{finding.line or 1}:{finding.column or 1}:"
        f" {finding.severity.value}: {one_line(finding.message, 300)} [{finding.kind}]"
    )


def finding_text(finding: Finding) -> str:
    """One line for a person: the message, then where it is."""
    place = f" ({finding.place})" if finding.place else ""
    return one_line(f"{finding.message}{place}", 400)


def counts_text(findings: Iterable[Finding]) -> str:
    """``2 errors, 1 warning`` (``no problems`` when there are none)."""
    counts = Counter(finding.severity for finding in findings)
    parts = [
        f"{counts[severity]} {severity.value}{'' if counts[severity] == 1 else 's'}"
        for severity in Severity
        if counts[severity]
    ]
    return ", ".join(parts) or "no problems"

"""What is wrong with a post, and across a library: findings an editor can act on.

``inspect_post`` runs every per-post check as a post is loaded; ``library_findings``
compares the posts of a library; ``fold_repeats`` gives a body read once.
"""

from reader.model.health.finding import Finding, Severity, has_problems, worst

__all__ = ["Finding", "Severity", "has_problems", "worst"]

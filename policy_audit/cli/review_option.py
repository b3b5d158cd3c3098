"""``--review FILE`` on check, scan and diff: which review file applies, read before any work."""

from __future__ import annotations

from pathlib import Path

import typer

ReviewOption = typer.Option(
    None,
    "--review",
    help="Reviewer decisions to apply (default: policy-audit.review.yaml in the current folder, when present).",
)


def load_review_option(explicit: Path | None):
    """(the review file, its decisions), or (None, None) when there is none."""
    from policy_audit.review.location import find_review_file

    path = find_review_file(explicit)
    if path is None:
        return None, None
    from policy_audit.review.store import load_review  # the schema, only when there is a file

    return path, load_review(path)

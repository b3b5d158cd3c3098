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
    from policy_audit.review import find_review_file, load_review

    path = find_review_file(explicit)
    return (path, load_review(path)) if path is not None else (None, None)

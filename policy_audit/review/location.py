"""Where the review file is: found before any work, without loading its schema."""

from __future__ import annotations

from pathlib import Path

from policy_audit.errors import UsageError

DEFAULT_REVIEW_FILE = "policy-audit.review.yaml"


def find_review_file(explicit: Path | None, folder: Path | None = None) -> Path | None:
    """``--review FILE`` (which must exist), else ``policy-audit.review.yaml`` in the current folder
    when there is one, else None."""
    if explicit is not None:
        if not explicit.is_file():
            raise UsageError(f"--review {explicit}: no such file")
        return explicit
    default = (folder or Path.cwd()) / DEFAULT_REVIEW_FILE
    return default if default.is_file() else None

"""Reviewer decisions that persist across runs: the review file's schema, reading and writing it,
and applying it to audit results (a decision on another version of a document is stale, never applied)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from policy_audit.lazy_names import module_getattr

if TYPE_CHECKING:
    from policy_audit.review.apply import apply_to_batch, apply_to_result
    from policy_audit.review.location import DEFAULT_REVIEW_FILE, find_review_file
    from policy_audit.review.schema import Decision, DocumentReview, ReviewFile
    from policy_audit.review.store import load_review, record_decision, save_review

__all__ = [
    "DEFAULT_REVIEW_FILE",
    "Decision",
    "DocumentReview",
    "ReviewFile",
    "apply_to_batch",
    "apply_to_result",
    "find_review_file",
    "load_review",
    "record_decision",
    "save_review",
]

# Imported when first asked for: `check` looks for a review file before it starts reading, and the
# schema's pydantic models are only needed when there is one.
_HOME = {
    "apply_to_batch": "apply",
    "apply_to_result": "apply",
    "Decision": "schema",
    "DocumentReview": "schema",
    "ReviewFile": "schema",
    "DEFAULT_REVIEW_FILE": "location",
    "find_review_file": "location",
    "load_review": "store",
    "record_decision": "store",
    "save_review": "store",
}


__getattr__ = module_getattr(__name__, _HOME)

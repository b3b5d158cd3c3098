"""Reviewer decisions that persist across runs: the review file's schema, reading and writing it,
and applying it to audit results (a decision on another version of a document is stale, never applied)."""

from policy_audit.review.apply import apply_to_batch, apply_to_result
from policy_audit.review.schema import Decision, DocumentReview, ReviewFile
from policy_audit.review.store import DEFAULT_REVIEW_FILE, find_review_file, load_review, record_decision, save_review

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

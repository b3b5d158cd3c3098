"""Two revisions of a policy compared criterion by criterion: grades before and after, the deciding
quotes, and the changes a monitor cares about, in words ("shall" became "should")."""

from policy_audit.diff.compare import CriterionChange, DiffResult, DocumentDiff, compare_results, normalise_quote
from policy_audit.diff.load import load_diff

__all__ = ["CriterionChange", "DiffResult", "DocumentDiff", "compare_results", "load_diff", "normalise_quote"]

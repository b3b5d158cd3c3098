"""Old home of the pool and the memory watcher, kept so that imports written before the move still
work: new code imports from ``policy_audit.processes.pool`` and ``policy_audit.processes.watched``.

Only names are re-exported: replacing one here (a test's monkeypatch) does not reach the code that
uses it; patch it in its own module.
"""

from policy_audit.processes.pool import DEFAULT_MAX_TASKS, DEFAULT_RSS_LIMIT, AuditFn, ErrorFn, Pool
from policy_audit.processes.watched import (
    ChildCrashed,
    MemoryLimitExceeded,
    can_watch,
    memory_reason,
    rss_bytes,
    run_watched,
)

__all__ = [
    "DEFAULT_MAX_TASKS",
    "DEFAULT_RSS_LIMIT",
    "AuditFn",
    "ErrorFn",
    "Pool",
    "ChildCrashed",
    "MemoryLimitExceeded",
    "can_watch",
    "memory_reason",
    "rss_bytes",
    "run_watched",
]

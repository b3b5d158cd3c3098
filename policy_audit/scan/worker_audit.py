"""What a scan's workers run: the audit function, made ready in the parent before the workers fork
(so that they inherit spaCy and the compiled matcher), and the read-ahead of the largest document."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from policy_audit.audit import AuditOptions
from policy_audit.discover import Input
from policy_audit.errors import PolicyAuditError
from policy_audit.findings import AuditResult

if TYPE_CHECKING:
    from policy_audit.processes.forked_call import ForkedCall

AuditFn = Callable[[str], AuditResult]

# A document at least this large is read ahead (see prefetch_largest); below it a fork costs more
# than the overlap saves.
PREFETCH_MIN_BYTES = 1 << 20


def prefetch_largest(todo: list[tuple[int, str]], audit_options: AuditOptions, jobs: int) -> dict[str, ForkedCall]:
    """Start reading the largest document in a forked process before spaCy and the rules load, so
    that the idle core reads while the parent loads (docs/design/processes.md). The pool worker handed
    the document takes the sentences from the prefetch (it inherits the pipe) and only grades them.
    Only with ``--jobs`` 2 or more: ``--jobs 1`` means one process at a time.
    """
    from policy_audit.processes.forked_call import ForkedCall, can_fork

    if jobs < 2 or len(todo) < 2 or not can_fork():
        return {}
    path = todo[0][1]
    if file_size(path) < PREFETCH_MIN_BYTES:
        return {}
    from policy_audit.audit import read_and_split

    return {path: ForkedCall(partial(read_and_split, Path(path), audit_options))}


def using_prefetch(audit_fn: AuditFn, prefetched: dict[str, ForkedCall], rules, standard: str) -> AuditFn:
    if not prefetched:
        return audit_fn

    def audit(path: str) -> AuditResult:
        from policy_audit.audit import audit_document
        from policy_audit.processes.forked_call import ForkedCallFailed

        handle = prefetched.pop(path, None)
        if handle is None:
            return audit_fn(path)
        started = time.perf_counter()
        try:
            doc, doc_sentences = handle.take()
        except (PolicyAuditError, ForkedCallFailed):
            return audit_fn(path)  # read it again here: the usual path reports what is wrong with it
        result = audit_document(doc, rules, standard, doc_sentences)
        return replace(result, seconds=time.perf_counter() - started)

    return audit


def default_audit_fn(audit_options: AuditOptions, rules, inputs: Sequence[Input]) -> AuditFn:
    """``audit_path`` with these options, after loading in the parent what every worker needs, so
    that the forked workers inherit it instead of each importing spaCy and a PDF library again."""
    from policy_audit import nlp
    from policy_audit.audit import audit_path

    nlp.preload()
    _warm_matcher(audit_options.standard, rules)
    if any(i.path.lower().endswith(".pdf") for i in inputs) and audit_options.engine == "pdfium":
        try:
            import pypdfium2  # noqa: F401
        except ImportError:
            pass
    return partial(audit_path, options=audit_options, rules=rules)


def _warm_matcher(standard: str, rules) -> None:
    """Grade a one-line document in the parent: the matcher compiles its patterns on first use, and
    doing it here means every forked worker (replacements included) starts with them compiled."""
    from policy_audit.audit import audit_document
    from policy_audit.document import Document, Page

    doc = Document(path="<warm-up>", format="text", engine="text", pages=(Page(1, "Officers shall intervene."),))
    try:
        audit_document(doc, rules, standard)
    except Exception:
        pass  # a broken matcher is reported per document by audit_path, not here


def file_size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0

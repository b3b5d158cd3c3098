"""Exceptions on their way from a reading child to its parent. In a full test run, once the cluster
tests had imported dask.distributed (which installs tblib's exception pickling process-wide), a DOCX
part's refused entity bomb reached the parent as "the reader failed: TypeError": the clean
DocumentError carried the defusedxml exception it was raised while handling, and that one cannot be
rebuilt from its arguments. On a Dask worker every document would have gone that way."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import EntitiesForbidden

from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.extract import ReadOptions, _read_other
from policy_audit.processes import watched


class _NeedsArguments(Exception):
    def __init__(self, first, second):
        super().__init__()  # args stay empty, as in defusedxml: unpickling calls cls() and fails
        self.first, self.second = first, second


def _raise_needs_arguments():
    raise _NeedsArguments(1, 2)


def test_an_exception_that_cannot_cross_the_pipe_arrives_as_one_line():
    with pytest.raises(RuntimeError, match="the reader failed: _NeedsArguments"):
        watched.run_watched(_raise_needs_arguments, memory_limit=1 << 30)  # watched: in a forked child


def test_a_defusedxml_refusal_that_slips_past_a_reader_is_a_corrupt_document(monkeypatch, tmp_path):
    import policy_audit.extract.docx as docx

    def refuse(path, data, options):
        raise EntitiesForbidden("a", "aaaa", None, None, None, None)

    monkeypatch.setattr(docx, "read_docx", refuse)
    with pytest.raises(DocumentError) as caught:
        _read_other("docx", Path(tmp_path / "x.docx"), b"", ReadOptions())
    assert caught.value.problem is DocumentProblem.CORRUPT
    assert "entities" in caught.value.reason and "\n" not in caught.value.reason


class _Refused(ValueError):
    """Stands for defusedxml's refusal, under tblib's pickling as dask.distributed installs it."""


def _refuse_while_handling(path):
    try:
        raise _Refused("entity declared")
    except _Refused:
        raise DocumentError(path, DocumentProblem.CORRUPT, "refused") from None


def test_a_document_error_raised_while_handling_another_crosses_the_pipe_alone(tmp_path):
    from tblib import pickling_support

    pickling_support.install(DocumentError, _Refused)  # these classes only: chain and traceback pickled
    with pytest.raises(DocumentError) as caught:
        watched.run_watched(_refuse_while_handling, tmp_path / "x.docx", memory_limit=1 << 30)
    assert caught.value.problem is DocumentProblem.CORRUPT and caught.value.__context__ is None

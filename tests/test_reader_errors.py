"""Exceptions that cannot cross a pipe: some libraries' exceptions pickle but cannot be rebuilt from
their arguments (defusedxml's EntitiesForbidden wants six). Once in a full test run a refused DOCX
part reached the parent that way and became "the reader failed: TypeError" instead of one clean line."""

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

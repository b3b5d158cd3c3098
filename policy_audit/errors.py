"""Errors the tool reports to users as one line. Anything else is a bug."""

from __future__ import annotations

import os
from enum import Enum


class DocumentProblem(str, Enum):
    """Why a document could not be audited. Values appear in JSON/CSV ``status``/``reason`` fields."""

    NOT_FOUND = "not_found"
    PERMISSION = "permission_denied"
    IS_DIRECTORY = "is_directory"
    EMPTY = "empty_file"
    UNSUPPORTED = "unsupported_format"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NO_TEXT = "no_text"  # scanned pages or a garbage text layer, and no OCR
    TOO_LARGE = "too_large"  # over --max-bytes, --max-pages or --max-memory
    TIMEOUT = "timeout"
    OCR_MISSING = "ocr_unavailable"


class PolicyAuditError(Exception):
    """Base class: carries a message fit to print on one line."""


class DocumentError(PolicyAuditError):
    def __init__(self, path: str | os.PathLike[str], problem: DocumentProblem, reason: str):
        self.path = str(path)
        self.problem = problem
        self.reason = " ".join(str(reason).split())  # always one line
        super().__init__(f"{self.path}: {self.reason}")

    def __reduce__(self):
        # Travels between processes (a document read in a forked reader or a scan worker).
        return (type(self), (self.path, self.problem, self.reason))


class RuleError(PolicyAuditError):
    """A rule file is invalid: names the file and the key."""

    def __init__(self, path: str | os.PathLike[str], reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


class UsageError(PolicyAuditError):
    """The command line asks for something impossible (unknown criterion, bad option combination)."""

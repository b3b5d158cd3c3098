"""Shared fixtures for the matcher tests: passages become one-page documents, documents become grades."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable

import pytest

from policy_audit.document import Document, Page, PageKind
from policy_audit.findings import Finding
from policy_audit.rulebook import RuleSet, load_rules

# `check` and `scan` keep compiled screens (and scan its results) in the user's cache folder: the
# suite's runs, and the commands they start, keep theirs in a folder of their own.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="policy-audit-tests-cache-")


def make_document(*pages: str | Page, paginated: bool = True, path: str = "example.txt") -> Document:
    """A text document whose pages are the given strings (or ready-made Pages), numbered from 1."""
    built = tuple(p if isinstance(p, Page) else Page(i, p) for i, p in enumerate(pages, start=1))
    return Document(path=path, format="text", engine="text", pages=built, paginated=paginated)


@pytest.fixture(scope="session")
def builtin_rules() -> RuleSet:
    return load_rules()


@pytest.fixture(scope="session")
def core_rules(builtin_rules: RuleSet) -> RuleSet:
    return builtin_rules.select("core")


@pytest.fixture
def text_doc() -> Callable[..., Document]:
    """``text_doc("page one", "page two")``: a paginated text document; kinds via ready-made Pages."""
    return make_document


@pytest.fixture
def grade_pages(core_rules: RuleSet) -> Callable[..., dict[str, Finding]]:
    """Grade pages of text with the core standard: ``grade_pages("p1", "p2")["intervene.duty"]``."""
    from policy_audit.match.grader import grade_document

    def grade(*pages: str | Page) -> dict[str, Finding]:
        return {f.criterion: f for f in grade_document(make_document(*pages), core_rules)}

    return grade


# Hang guards, not speed targets (those live in benchmarks/): what they guard against (a regex that
# backtracks exponentially, an alias bomb) takes minutes or never ends, so a bound this loose only
# fails on a real hang, never on a busy machine.
HANG_GUARD_SECONDS = 30.0

__all__ = ["make_document", "PageKind", "HANG_GUARD_SECONDS"]

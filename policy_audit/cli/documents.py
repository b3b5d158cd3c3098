"""What a document argument may be: a local file, or `-` for stdin. A folder or a URL gets a one-line
hint at the right command instead of an audit that cannot work."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from policy_audit.cli.options import local_path
from policy_audit.errors import DocumentError, DocumentProblem, UsageError

STDIN = "-"
STDIN_NAME = "<stdin>"  # how reports name a document read from stdin


@contextmanager
def input_document(document: Path | str) -> Iterator[Path]:
    """The file to read. `-` is stdin, spooled to a temporary file (the readers need to seek, and the
    type is sniffed from the content, as for any file); the file is removed afterwards."""
    name = local_path(str(document))
    if name == STDIN:
        fd, spooled = tempfile.mkstemp(prefix="policy-audit-stdin-")
        try:
            with os.fdopen(fd, "wb") as out:
                shutil.copyfileobj(sys.stdin.buffer, out)
            yield Path(spooled)
        finally:
            os.unlink(spooled)
        return
    if Path(name).is_dir():
        # still an unreadable document (exit 3), as before; the hint names the command that reads folders
        raise DocumentError(
            name,
            DocumentProblem.IS_DIRECTORY,
            f"is a folder: use `policy-audit scan {name}` to audit the documents in it",
        )
    yield Path(name)


def as_given(result, document: Path | str):
    """The result named as the user named the document (`<stdin>` rather than a temporary file)."""
    if str(document) != STDIN:
        return result
    return replace(result, document=replace(result.document, path=STDIN_NAME))


def describe(result) -> list[str]:
    """For --verbose: what was read and how (an AuditResult)."""
    doc = result.document
    lines = [
        f"read {doc.path}: {doc.format or 'unknown format'}, {doc.pages} page{'s' if doc.pages != 1 else ''}, "
        f"engine {doc.engine or 'none'}, sha256 {doc.sha256[:16] or '-'}, {result.seconds:.2f} s"
    ]
    if doc.ocr_pages:
        lines.append(f"{doc.path}: OCR'd pages {', '.join(str(p) for p in doc.ocr_pages)}")
    else:
        lines.append(f"{doc.path}: no page OCR'd")
    return lines


# Highest first, as policy_audit.exitcodes decides for one run: a bug, an interruption, a usage error,
# an unreadable document, gaps, clean.
_PRECEDENCE = (4, 130, 2, 3, 1, 0)


def check_each(ctx, documents: list[Path], output: Path | None) -> int:
    """`check a.md b.md` (as a pre-commit hook calls it): one report after another, and the exit code
    the most serious of theirs. Each document is checked by the command itself, as if given alone."""
    import typer

    if output is not None:
        raise UsageError("--output takes one document's report; check several documents with `policy-audit scan`")
    codes = []
    for document in documents:
        try:
            ctx.invoke(ctx.command.callback, **{**ctx.params, "document": document, "more": None})
            codes.append(0)
        except typer.Exit as done:
            codes.append(int(done.exit_code))
    return min(codes, key=lambda c: _PRECEDENCE.index(c) if c in _PRECEDENCE else 0)

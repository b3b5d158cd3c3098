"""Reading and writing the review file: safe YAML, one-line errors naming the file and key (exit 2)."""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import yaml
from pydantic import ValidationError

from policy_audit.errors import UsageError
from policy_audit.review.schema import Decision, DocumentReview, ReviewFile


def _problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown key {key!r}"
    if error["type"] == "missing":
        return f"missing key {key!r}"
    message = error["msg"].removeprefix("Value error, ")
    return f"key {key!r}: {message}" if key else message


def load_review(path: Path) -> ReviewFile:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read the review file: {getattr(exc, 'strerror', None) or exc}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise UsageError(f"{path}: not valid YAML{where}")
    if data is None:
        return ReviewFile()
    if not isinstance(data, dict):
        raise UsageError(f"{path}: a review file is a mapping with 'version' and 'documents'")
    try:
        return ReviewFile.model_validate(data)
    except ValidationError as exc:
        raise UsageError(f"{path}: {_problem(exc)}")


def save_review(path: Path, review: ReviewFile) -> None:
    data = review.model_dump(mode="json", exclude_none=True)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}")


def stored_path(document: str, review_file: Path) -> str:
    """The document's path as the review file records it: relative to the file's folder when below it."""
    absolute = os.path.abspath(document)
    base = os.path.abspath(review_file.parent)
    try:
        relative = os.path.relpath(absolute, base)
    except ValueError:  # another drive
        return absolute
    return absolute if relative.startswith("..") else relative.replace(os.sep, "/")


def record_decision(
    review: ReviewFile, review_file: Path, document: str, sha256: str, criterion: str, decision: Decision
) -> ReviewFile:
    """A new review with this decision, on the entry for this exact document version (made when needed).
    An entry for an older version of the same path is left alone: it shows as stale until removed."""
    path = stored_path(document, review_file)
    documents = list(review.documents)
    for i, entry in enumerate(documents):
        if entry.sha256 == sha256:
            decisions = {**entry.decisions, criterion: decision}
            documents[i] = entry.model_copy(update={"decisions": decisions, "path": path})
            break
    else:
        documents.append(DocumentReview(path=path, sha256=sha256, decisions={criterion: decision}))
    return review.model_copy(update={"documents": documents})


def today() -> datetime.date:
    return datetime.datetime.now(datetime.timezone.utc).date()

"""One document: read it, match the rules, grade each criterion. Never raises for a bad document."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from policy_audit.document import Document
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.findings import AuditResult, DocumentInfo, Status
from policy_audit.rulebook import DEFAULT_STANDARD, RuleSet, load_rules


@dataclass(frozen=True)
class AuditOptions:
    standard: str = DEFAULT_STANDARD  # rulebook.STANDARDS key
    engine: str = "pdfium"  # PDF reader: "pdfium" (fast) or "pdfplumber"
    ocr: str = "auto"  # "auto" (pages without text), "always", "never"
    rules_dirs: tuple[str, ...] = ()  # user rule folders added to the built-in ones
    max_pages: int = 5000
    max_bytes: int = 512 * 1024 * 1024


def document_info(doc: Document) -> DocumentInfo:
    return DocumentInfo(
        path=doc.path,
        pages=doc.page_count,
        format=doc.format,
        engine=doc.engine,
        sha256=doc.sha256,
        ocr_pages=doc.ocr_pages,
        warnings=doc.warnings,
    )


def audit_document(doc: Document, rules: RuleSet, standard: str) -> AuditResult:
    """Grade an already-read document against the rules of one standard."""
    from policy_audit.match.grader import grade_document

    if not doc.has_text:
        return AuditResult(
            document=document_info(doc),
            standard=standard,
            status=Status.NO_TEXT,
            problem=DocumentProblem.NO_TEXT.value,
            reason="no readable text (scanned pages without OCR, or a garbage text layer)",
        )
    findings = grade_document(doc, rules.select(standard))
    return AuditResult(document=document_info(doc), standard=standard, findings=findings)


def audit_path(path: str | Path, options: AuditOptions = AuditOptions(), rules: RuleSet | None = None) -> AuditResult:
    """Read and audit one file. A document that cannot be read becomes a result with a status."""
    started = time.perf_counter()
    rules = rules if rules is not None else load_rules(options.rules_dirs)
    from policy_audit.extract import ReadOptions, read_document

    try:
        doc = read_document(
            Path(path),
            ReadOptions(engine=options.engine, ocr=options.ocr, max_pages=options.max_pages, max_bytes=options.max_bytes),
        )
    except DocumentError as exc:
        status = Status.NO_TEXT if exc.problem is DocumentProblem.NO_TEXT else Status.ERROR
        return AuditResult(
            document=DocumentInfo(path=str(path)),
            standard=options.standard,
            status=status,
            problem=exc.problem.value,
            reason=exc.reason,
            seconds=time.perf_counter() - started,
        )
    result = audit_document(doc, rules, options.standard)
    from dataclasses import replace

    return replace(result, seconds=time.perf_counter() - started)

"""One document: read it, match the rules, grade each criterion. Never raises for a bad document."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from policy_audit.document import Document
from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.findings import AuditResult, DocumentInfo, Status
from policy_audit.processes.forked_call import can_fork as _can_fork  # a name tests replace
from policy_audit.rulebook import DEFAULT_STANDARD, RuleSet, load_rules

if TYPE_CHECKING:
    from policy_audit.match.phrase_matcher import LazyMatcher
    from policy_audit.match.screen import Screened


# Loads the rules and prepares the matcher for one standard (a command with a cache folder keeps
# what that costs: cache.prepared_rules).
Preparing = Callable[[tuple[str, ...], str], RuleSet]


def load_and_prepare(rules_dirs: tuple[str, ...], standard: str) -> RuleSet:
    """The rules, loaded from their files, and the matcher compiled for ``standard``: nothing kept."""
    from policy_audit.match.grader import prepare

    rules = load_rules(rules_dirs)
    prepare(rules.select(standard))
    return rules


@dataclass(frozen=True)
class AuditOptions:
    standard: str = DEFAULT_STANDARD  # rulebook.STANDARDS key
    engine: str = "pdfium"  # PDF reader: "pdfium" (fast) or "pdfplumber"
    ocr: str = "auto"  # "auto" (pages without text), "always", "never"
    rules_dirs: tuple[str, ...] = ()  # user rule folders added to the built-in ones
    max_pages: int = 5000
    max_bytes: int = 512 * 1024 * 1024  # <= 0: no limit
    max_memory: int = 2 * 1024 * 1024 * 1024  # what reading one document may take; <= 0: no limit
    ocr_jobs: int = 1  # pages OCR'd at once (a single check has the cores to itself; a scan's workers do not)


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


def audit_document(
    doc: Document,
    rules: RuleSet,
    standard: str,
    doc_sentences=None,
    *,
    two_cores: bool = False,
    screened: Screened | None = None,
) -> AuditResult:
    """Grade an already-read document (and its sentences, when already split) against a standard.

    ``two_cores``: grade a long document in this process and a forked one (a single ``check``; a
    scan's workers already keep every core busy). ``screened``: the screen's (sentence, rule)
    pairs for the sentences screened as they arrived from the reader.
    """
    from policy_audit.match.confidence import with_document_caveats
    from policy_audit.match.grader import grade_sentences
    from policy_audit.match.sentences import sentences
    from policy_audit.match.two_core_grading import grade_on_two_cores

    if not doc.has_text:
        return AuditResult(
            document=document_info(doc),
            standard=standard,
            status=Status.NO_TEXT,
            problem=DocumentProblem.NO_TEXT.value,
            reason="no readable text (scanned pages without OCR, or a garbage text layer)",
        )
    if doc_sentences is None:
        doc_sentences = sentences(doc)
    grade = grade_on_two_cores if two_cores else grade_sentences
    graded = grade(doc_sentences, rules.select(standard), screened)
    findings = with_document_caveats(graded, doc, len(doc_sentences))
    return AuditResult(document=document_info(doc), standard=standard, findings=findings)


def audit_path(
    path: str | Path,
    options: AuditOptions = AuditOptions(),
    rules: RuleSet | None = None,
    *,
    read_in_parallel: bool = False,
    while_reading: Callable[[], object] = lambda: None,
    preparing: Preparing = load_and_prepare,
) -> AuditResult:
    """Read and audit one file. A document that cannot be read becomes a result with a status.

    With ``read_in_parallel`` (a single ``check`` on a machine with two cores), the document is read
    in a forked process while this one imports spaCy, loads the rules and builds the matcher: on a
    642-page manual each half takes about as long as the other. ``while_reading`` is called in this
    process once it is ready and the reader may not be; ``preparing`` loads the rules and prepares the
    matcher there (from the cache, when the command has one).
    """
    started = time.perf_counter()
    read_options = _read_options(options)
    if read_in_parallel:
        # A single check has every core: scanned pages are OCR'd side by side, and a long PDF's text
        # layer is read by two processes (loading spaCy meanwhile leaves the other core part idle).
        cores = os.cpu_count() or 1
        read_options = replace(read_options, ocr_jobs=max(read_options.ocr_jobs, cores), text_jobs=min(2, cores))
    doc_sentences = None
    screened = None
    try:
        if read_in_parallel and rules is None and _can_fork():
            from policy_audit.extract import check_file

            # A missing file, a folder or a file over --max-bytes is refused here, in a fraction of a
            # second, not after this process has imported spaCy and loaded the rules for it.
            check_file(Path(path), read_options.max_bytes)
            doc, doc_sentences, screened, rules = _read_while_preparing(
                Path(path), read_options, options, while_reading, preparing
            )
        else:
            from policy_audit.extract import read_document

            rules = rules if rules is not None else load_rules(options.rules_dirs)
            doc = read_document(Path(path), read_options)
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
    result = audit_document(doc, rules, options.standard, doc_sentences, two_cores=read_in_parallel, screened=screened)
    return replace(result, seconds=time.perf_counter() - started)


def _read_and_split(path: Path, read_options):
    """In the reader process: read and split into sentences (neither needs spaCy).

    read_document reads under --max-memory in a child of this process, so a decompression bomb is
    stopped there and comes back as a too_large DocumentError, never as a dead reader.
    """
    from policy_audit.extract import read_document
    from policy_audit.match.sentences import sentences

    doc = read_document(path, read_options)
    return doc, sentences(doc)


def _read_and_send(path: Path, read_options):
    """In the reader process: the document, then its sentences in batches as they are split."""
    from policy_audit.extract import read_document

    doc = read_document(path, read_options)
    yield doc
    # Imported here, not before the fork: both processes need the splitter, and each imports it
    # while the other works.
    from policy_audit.match.incoming import batches
    from policy_audit.match.sentences import iter_sentences

    yield from batches(iter_sentences(doc))


def _read_while_preparing(
    path: Path, read_options, options: AuditOptions, while_reading: Callable[[], object], preparing: Preparing
):
    from policy_audit.processes.forked_call import ForkedCallFailed, ForkedStream

    # The reader is the process that --max-memory watches: this one watches it from a thread. It is
    # forked first: until then the machine's other core has nothing to do, so everything that only
    # this process needs (the matcher's modules compile a hundred regexes) is imported after.
    reader = ForkedStream(lambda: _read_and_send(path, read_options), memory_limit=read_options.max_memory)
    try:
        from policy_audit.extract import read_document
        from policy_audit.match.incoming import IncomingSentences
        from policy_audit.match.phrase_matcher import matchers_to_build
        from policy_audit.processes.watched import MemoryLimitExceeded

        rules = preparing(options.rules_dirs, options.standard)
        # Work for later (the report's modules) done now, while the reader is still at it: once it
        # is done, grading has both cores and the report only one.
        while_reading()
    except BaseException:
        reader.stop()  # a bad rule folder or Ctrl-C: the reading is no longer wanted
        raise
    incoming = IncomingSentences(rules.select(options.standard))
    # Whenever the reader has nothing to send yet, build matchers the grading will call: built here, before
    # the grading forks, each is built once rather than on both cores.
    ahead = matchers_to_build(tuple(rules.select(options.standard)))
    try:
        items = iter(reader)
        _until_the_reader_sends(reader, ahead)
        doc = next(items)
        for batch in items:
            incoming.add(batch)
            # Screen while the reader splits; what is still unscreened when it is done goes to both cores.
            while incoming.backlog and not reader.waiting():
                incoming.screen_one()
            _until_the_reader_sends(reader, ahead)
    except MemoryLimitExceeded as exc:
        raise DocumentError(path, DocumentProblem.TOO_LARGE, str(exc)) from None
    except (ForkedCallFailed, StopIteration):
        # The reader died (a crash inside a PDF library): read here, where the error surfaces.
        return read_document(path, read_options), None, None, rules
    finally:
        reader.stop()
    return doc, incoming.sentences, incoming.screened, rules


def _until_the_reader_sends(reader, ahead: Iterator[LazyMatcher]) -> None:
    while not reader.waiting():
        matcher = next(ahead, None)
        if matcher is None:
            return
        matcher.build()


def _read_options(options: AuditOptions):
    from policy_audit.extract import ReadOptions

    # The reading modes and limits carry the same names in both option sets.
    shared = {name: getattr(options, name) for name in ReadOptions.__dataclass_fields__ if hasattr(options, name)}
    return ReadOptions(**shared)


def read_and_split(path: Path, options: AuditOptions):
    """Read a document and split it into sentences under these options: a scan reads its largest
    document ahead with this while spaCy loads."""
    return _read_and_split(path, _read_options(options))

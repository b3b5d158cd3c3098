"""Grading on two cores: the same findings as one process, and a fallback when the child fails."""

from __future__ import annotations

import os

import pytest
from conftest import make_document

from policy_audit.errors import DocumentError, DocumentProblem
from policy_audit.match import two_core_grading as split_grading
from policy_audit.match.grader import grade_sentences
from policy_audit.match.screen import Screened, screen_candidates
from policy_audit.match.sentences import sentences
from policy_audit.processes.forked_call import ForkedCall, ForkedCallFailed, ForkedStream, can_fork
from policy_audit.processes.watched import MemoryLimitExceeded

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


# -- ForkedCall -------------------------------------------------------------------------------


def test_forked_call_returns_the_childs_value():
    parent = os.getpid()
    assert ForkedCall(lambda: os.getpid()).result() != parent


def test_forked_call_reraises_the_tools_own_errors():
    def unreadable():
        raise DocumentError("x.pdf", DocumentProblem.CORRUPT, "damaged PDF")

    with pytest.raises(DocumentError, match="damaged PDF"):
        ForkedCall(unreadable).result()


def test_forked_call_reports_a_child_that_dies():
    with pytest.raises(ForkedCallFailed, match="died"):
        ForkedCall(lambda: os._exit(3)).result()


def test_forked_call_reports_a_bug_in_the_child():
    with pytest.raises(ForkedCallFailed, match="ZeroDivisionError"):
        ForkedCall(lambda: 1 / 0).result()


# -- ForkedStream ------------------------------------------------------------------------------


def test_forked_stream_gives_each_value_in_order_as_made():
    def produce():
        yield os.getpid()
        yield from range(3)

    values = list(ForkedStream(produce))
    assert values[0] != os.getpid() and values[1:] == [0, 1, 2]


def test_forked_stream_child_goes_on_while_the_parent_is_not_reading(tmp_path):
    """`check`'s reader sends a document larger than the pipe holds while the parent is still loading
    spaCy: the child must go on making values (splitting sentences) instead of waiting to send."""
    import time

    done = tmp_path / "child-finished"

    def produce():
        for _ in range(3):
            yield "x" * (4 << 20)  # each more than the pipe holds
        done.write_text("yes")

    stream = ForkedStream(produce)
    deadline = time.monotonic() + 20
    while not done.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    finished_before_reading = done.exists()
    values = list(stream)
    assert finished_before_reading
    assert [len(v) for v in values] == [4 << 20] * 3


def test_forked_stream_reports_a_value_that_cannot_be_sent_after_the_values_before_it():
    def produce():
        yield 1
        yield lambda: None  # not picklable

    items = iter(ForkedStream(produce))
    assert next(items) == 1
    with pytest.raises(ForkedCallFailed, match="could not be sent back"):
        next(items)


def test_forked_stream_says_whether_a_value_is_waiting():
    import time

    def produce():
        yield "now"
        time.sleep(0.5)
        yield "later"

    stream = ForkedStream(produce)
    items = iter(stream)
    assert next(items) == "now"
    assert not stream.waiting()  # the child is still asleep
    deadline = time.monotonic() + 10
    while not stream.waiting() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stream.waiting()
    assert list(items) == ["later"]


def test_forked_stream_reraises_the_tools_own_error_after_the_values_before_it():
    def produce():
        yield "first"
        raise DocumentError("x.pdf", DocumentProblem.CORRUPT, "damaged PDF")

    got = []
    with pytest.raises(DocumentError, match="damaged PDF"):
        for value in ForkedStream(produce):
            got.append(value)
    assert got == ["first"]


def test_forked_stream_reports_a_child_that_dies_midway():
    def produce():
        yield 1
        os._exit(3)

    with pytest.raises(ForkedCallFailed, match="died"):
        list(ForkedStream(produce))


def test_a_child_past_its_memory_limit_is_stopped_by_the_parents_watcher():
    def produce():
        hog = []
        while True:  # about 8 MB a round, until the watcher kills this process
            hog.append(bytearray(8 << 20))
            yield len(hog)

    with pytest.raises(MemoryLimitExceeded):
        for _ in ForkedStream(produce, memory_limit=64 << 20):
            pass


def test_a_watched_child_runs_a_nested_memory_limited_read_inline():
    from policy_audit.processes import watched

    # Its parent watches it, so run_watched inside it must not fork a reader of its own.
    here, nested = ForkedCall(
        lambda: (os.getpid(), watched.run_watched(os.getpid, memory_limit=1 << 30)), memory_limit=1 << 30
    ).result()
    assert here == nested
    # Unwatched, the same call reads in a child of its own.
    here, nested = ForkedCall(lambda: (os.getpid(), watched.run_watched(os.getpid, memory_limit=1 << 30))).result()
    assert here != nested


# -- grading split in two ---------------------------------------------------------------------

FILLER = "Officers shall keep their equipment clean and ready for inspection at the start of each shift."
DUTY = "Any officer who observes another officer using excessive force shall intervene to stop it."
WEAK_DUTY = "Any officer who sees another officer using excessive force should intervene to stop it."
AID = "After any use of force, officers shall render first aid and summon medical assistance."


def _long_document():
    """Far more sentences than MIN_SENTENCES; the duty falls in the child's share, the aid in the parent's."""
    pages = []
    for number in range(60):
        body = [FILLER] * 40
        if number == 2:
            body[5] = WEAK_DUTY
        if number == 50:
            body[7] = DUTY
        if number == 55:
            body[9] = AID
        pages.append(f"Section {number + 1}. Equipment\n\n" + " ".join(body))
    return sentences(make_document(*pages))


def _sides(doc_sentences, text):
    return {(s.index // split_grading.RUN) % 2 for s in doc_sentences if s.text == text}


def test_two_cores_give_the_findings_of_one(core_rules, monkeypatch):
    doc_sentences = _long_document()
    assert len(doc_sentences) >= split_grading.MIN_SENTENCES
    # The evidence is spread over both shares, so a lost share would change the findings.
    assert _sides(doc_sentences, DUTY) == {1} and _sides(doc_sentences, AID) == {0}
    forks = []
    real = split_grading.ForkedCall
    monkeypatch.setattr(split_grading, "ForkedCall", lambda fn: forks.append(1) or real(fn))

    split = split_grading.grade_on_two_cores(doc_sentences, core_rules)
    single = grade_sentences(doc_sentences, core_rules)

    assert forks == [1]
    assert split == single
    by_id = {f.criterion: f for f in split}
    assert by_id["intervene.duty"].grade.value == "strong"
    assert by_id["medical.aid"].grade.value == "strong"


def test_a_failed_child_share_is_graded_by_the_parent(core_rules, monkeypatch):
    doc_sentences = _long_document()

    class DeadChild:
        def __init__(self, fn):
            pass

        def result(self):
            raise ForkedCallFailed("the child process died without answering")

    monkeypatch.setattr(split_grading, "ForkedCall", DeadChild)
    assert split_grading.grade_on_two_cores(doc_sentences, core_rules) == grade_sentences(doc_sentences, core_rules)


def test_short_documents_are_not_forked(core_rules, monkeypatch):
    doc_sentences = sentences(make_document(DUTY, AID))

    def no_fork(fn):
        raise AssertionError("forked for a two-page document")

    monkeypatch.setattr(split_grading, "ForkedCall", no_fork)
    findings = {f.criterion: f for f in split_grading.grade_on_two_cores(doc_sentences, core_rules)}
    assert findings["intervene.duty"].grade.value == "strong"


def test_output_buffered_before_the_fork_is_written_once(tmp_path):
    """Run in a subprocess whose stdout is a file, so it is block-buffered as in a real pipe.

    (multiprocessing flushes the standard streams before it forks; a bare os.fork would not.)"""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(
        """
        import sys
        from policy_audit.processes.forked_call import ForkedCall
        sys.stdout.write("written once")  # no newline: still in the buffer at the fork
        assert ForkedCall(lambda: 42).result() == 42
        """
    )
    out = tmp_path / "out.txt"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with open(out, "w") as fh:
        subprocess.run([sys.executable, "-c", script], stdout=fh, check=True, timeout=60, env=env)
    assert out.read_text() == "written once"


def test_incoming_sentences_keep_a_backlog_for_the_grading_to_screen(core_rules):
    from policy_audit.match.incoming import BATCH, IncomingSentences, batches

    doc_sentences = _long_document()
    incoming = IncomingSentences(core_rules)
    for batch in batches(doc_sentences):
        incoming.add(batch)
    incoming.screen_one()  # only the oldest batch: the rest arrived while it was screened
    screened = incoming.screened
    assert incoming.backlog and screened.upto == BATCH and screened.candidates  # WEAK_DUTY is on page 3
    assert screened.candidates == screen_candidates(doc_sentences[:BATCH], core_rules)
    # What was not screened here is screened by the grading, with the same findings.
    assert split_grading.grade_on_two_cores(incoming.sentences, core_rules, screened) == grade_sentences(
        doc_sentences, core_rules
    )


def test_sentences_screened_as_they_arrive_are_tokenized_once_for_both_grading_processes(core_rules):
    from types import SimpleNamespace

    from policy_audit.match.incoming import IncomingSentences, batches

    doc_sentences = _long_document()
    incoming = IncomingSentences(core_rules)
    for batch in batches(doc_sentences):
        incoming.add(batch)
        incoming.screen_one()
    screened = incoming.screened
    primed = set(screened.texts.cache)
    assert DUTY in primed and AID in primed
    # Grading (here, or in the processes forked from here) tokenizes nothing tokenized as the sentences
    # arrived, and finds what grading from scratch finds.
    tokenized: list[str] = []
    nlp = screened.texts.nlp

    def counting_pipe(texts, **kwargs):
        texts = list(texts)
        tokenized.extend(texts)
        return nlp.tokenizer.pipe(texts, **kwargs)

    screened.texts.nlp = SimpleNamespace(tokenizer=SimpleNamespace(pipe=counting_pipe))
    assert grade_sentences(incoming.sentences, core_rules, screened) == grade_sentences(doc_sentences, core_rules)
    assert not primed & set(tokenized)


@pytest.mark.parametrize("screened_share", [0.0, 0.88, 1.0])
def test_two_cores_given_the_sentences_screened_so_far_give_the_findings_of_one(core_rules, screened_share):
    """The sentences screened as they arrived keep their candidates; the rest are screened by the side
    that judges them. At a share of 0.88, DUTY is in the screened part and AID after it."""
    doc_sentences = _long_document()
    upto = int(len(doc_sentences) * screened_share)
    screened = Screened(screen_candidates(doc_sentences[:upto], core_rules), upto)
    single = grade_sentences(doc_sentences, core_rules)
    assert split_grading.grade_on_two_cores(doc_sentences, core_rules, screened) == single
    assert grade_sentences(doc_sentences, core_rules, screened) == single


# -- a single check: work done while the reader reads ---------------------------------------------


def test_check_runs_its_waiting_work_once_in_this_process_while_the_reader_reads(tmp_path):
    from policy_audit.audit import audit_path

    path = tmp_path / "order.md"
    path.write_text(f"# Use of force\n\n{DUTY}\n\n{AID}\n", encoding="utf-8")
    calls = []
    result = audit_path(path, read_in_parallel=True, while_reading=lambda: calls.append(os.getpid()))
    assert calls == [os.getpid()]
    assert {f.criterion: f.grade.value for f in result.findings}["intervene.duty"] == "strong"


def test_import_formatter_loads_the_formats_module_ahead_of_use():
    import subprocess
    import sys

    probe = (
        "import sys; from policy_audit.report import import_formatter; "
        "before = 'policy_audit.report.html_summary' in sys.modules; import_formatter('html'); "
        "print(before, 'policy_audit.report.html_summary' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "True"]


def test_matchers_are_built_ahead_shared_words_first_and_each_once(core_rules):
    from policy_audit.match.phrase_matcher import compile_rules, matchers_to_build

    compile_rules.cache_clear()  # matchers fresh from their patterns, none built by an earlier test
    compiled = compile_rules(tuple(core_rules))
    shared = {id(b.matcher) for label, buckets in compiled.buckets.items() if not label.rule for b in buckets}
    ahead = list(matchers_to_build(tuple(core_rules)))
    assert ahead and not any(m.built for m in ahead)
    kinds = ["shared" if id(m) in shared else "rule" for m in ahead]
    assert kinds == sorted(kinds, key=lambda kind: kind != "shared")  # the words every candidate asks for first
    for matcher in ahead:
        matcher.build()
    assert all(b.matcher.built for buckets in compiled.buckets.values() for b in buckets)
    assert list(matchers_to_build(tuple(core_rules))) == []
    doc_sentences = _long_document()
    assert split_grading.grade_on_two_cores(doc_sentences, core_rules) == grade_sentences(doc_sentences, core_rules)


@pytest.mark.parametrize("make", ["missing", "folder", "too_large"])
def test_check_refuses_an_unreadable_path_before_preparing_anything(tmp_path, monkeypatch, make):
    """A typo in a path is answered at once: no reader is forked and no rules are loaded for it."""
    import policy_audit.audit as audit_module

    def must_not_run(*args, **kwargs):
        raise AssertionError("the reader was started for a path that cannot be read")

    monkeypatch.setattr(audit_module, "_read_while_preparing", must_not_run)
    monkeypatch.setattr(audit_module, "_can_fork", lambda: True)
    path = tmp_path / "policy.pdf"
    if make == "folder":
        path.mkdir()
    elif make == "too_large":
        path.write_bytes(b"%PDF-1.4 " + b"x" * 200)
    options = audit_module.AuditOptions(max_bytes=100)
    result = audit_module.audit_path(path, options, read_in_parallel=True)
    expected = {"missing": "not_found", "folder": "is_directory", "too_large": "too_large"}[make]
    assert (result.status.value, result.problem) == ("error", expected)

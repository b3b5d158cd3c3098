"""Acceptance criteria on the hand-labelled corpus (../shared/corpus/labels.json, core standard, no OCR).

Every labelled document, and every unlisted file of the batch folders (absent on every criterion),
is audited once per session through ``policy_audit.evaluate.run`` with a remembering auditor; the
agreement figures, the Bloomington orders and the Harrisonburg evidence are all read from that one
run. Skipped when the corpus is not checked out next to the project.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_audit import evaluate as ev
from policy_audit.audit import AuditOptions
from policy_audit.findings import AuditResult, Grade, Status
from policy_audit.rulebook import load_rules

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
LABELS = CORPUS / "labels.json"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.slow,
    pytest.mark.skipif(not LABELS.is_file(), reason="../shared/corpus is not available"),
]

HEADLINE = ("intervene.duty", "medical.aid")
HEADLINE_MIN = 0.95
OTHER_MIN = 0.90


class RememberingAuditor:
    """The real auditor, remembering each result by resolved path."""

    def __init__(self, auditor: ev.Auditor):
        self.auditor = auditor
        self.results: dict[Path, AuditResult] = {}

    def __call__(self, path: Path) -> AuditResult:
        key = Path(path).resolve()
        if key not in self.results:
            self.results[key] = self.auditor(key)
        return self.results[key]


@pytest.fixture(scope="module")
def corpus_run():
    rules = load_rules()
    core = rules.select("core")
    labelset = ev.load_labels(LABELS, known={r.id: r.scale for r in rules})
    criteria = [ev.Criterion(r.id, r.scale) for r in core]
    auditor = RememberingAuditor(ev.Auditor(AuditOptions(standard="core", ocr="never"), rules))
    evaluation = ev.run(labelset, criteria, auditor, root=CORPUS, standard="core")
    return evaluation, auditor.results


@pytest.fixture(scope="module")
def evaluation(corpus_run) -> ev.Evaluation:
    return corpus_run[0]


@pytest.fixture(scope="module")
def results(corpus_run) -> dict[Path, AuditResult]:
    return corpus_run[1]


def _score(evaluation: ev.Evaluation, criterion: str) -> ev.CriterionScore:
    for c in evaluation.criteria:
        if c.id == criterion:
            return c
    raise AssertionError(f"{criterion} was not scored")


def _disagreements(evaluation: ev.Evaluation, criterion: str) -> list[str]:
    return [
        f"{d.doc}: labelled {d.expected}, found {d.found} (p.{d.found_page}) {d.found_quote[:120]!r}"
        for d in evaluation.disagreements
        if d.criterion == criterion
    ]


def _core_ids() -> list[str]:
    return [r.id for r in load_rules().select("core")]


def test_every_core_criterion_is_scored(evaluation):
    assert [c.id for c in evaluation.criteria] == _core_ids()
    assert evaluation.documents["scored"] >= 130  # 97 + 15 batch files and the listed documents
    assert not evaluation.warnings


@pytest.mark.parametrize("criterion", _core_ids())
def test_agreement(evaluation, criterion):
    minimum = HEADLINE_MIN if criterion in HEADLINE else OTHER_MIN
    score = _score(evaluation, criterion).scores
    assert score.n >= 130
    assert score.accuracy >= minimum, (
        f"{criterion}: agreement {score.accuracy:.3f} < {minimum}; disagreements:\n"
        + "\n".join(_disagreements(evaluation, criterion))
    )


def test_documents_labelled_unreadable_are_reported_unreadable(evaluation):
    assert evaluation.no_text.expected
    assert set(evaluation.no_text.agreed) == set(evaluation.no_text.expected)


def test_no_bloomington_order_has_a_strong_duty_to_intervene(results):
    folder = (CORPUS / "pdf" / "il" / "bloomington").resolve()
    orders = {p: r for p, r in results.items() if p.parent == folder}
    assert len(orders) == 97
    strong = {
        p.name: r.finding("intervene.duty").evidence[0].quote[:160]
        for p, r in orders.items()
        if r.status is Status.OK and r.finding("intervene.duty").grade is Grade.STRONG
    }
    assert strong == {}


def _harrisonburg(results) -> AuditResult:
    result = results[(CORPUS / "pdf" / "harrisonburg_va.pdf").resolve()]
    assert result.status is Status.OK
    return result


def test_harrisonburg_duty_to_intercede(results):
    finding = _harrisonburg(results).finding("intervene.duty")
    assert finding.grade is Grade.STRONG
    on_page_6 = [e for e in finding.evidence if e.page == 6 and "intercede" in e.quote]
    assert on_page_6, [(e.page, e.quote) for e in finding.evidence]
    assert on_page_6[0].grade is Grade.STRONG
    assert "shall, when in a position to do so, intercede" in on_page_6[0].quote


def test_harrisonburg_report_is_the_same_sentence(results):
    result = _harrisonburg(results)
    report = result.finding("intervene.report")
    assert report.grade is Grade.STRONG
    duty_quotes = {e.quote for e in result.finding("intervene.duty").evidence if e.page == 6}
    same = [e for e in report.evidence if e.quote in duty_quotes]
    assert same, [(e.page, e.quote) for e in report.evidence]
    assert "report these observations to a supervisor" in same[0].quote
    assert same[0].page == 6


def test_harrisonburg_medical_assistance(results):
    finding = _harrisonburg(results).finding("medical.aid")
    assert finding.grade is Grade.STRONG
    on_page_7 = [e for e in finding.evidence if e.page == 7 and "medical assistance shall be obtained" in e.quote]
    assert on_page_7, [(e.page, e.quote) for e in finding.evidence]
    assert on_page_7[0].grade is Grade.STRONG


def test_no_evidence_quotes_dot_leaders_or_running_footers(results):
    bad = [
        f"{p.name} {f.criterion} p.{e.page}: {e.quote[:160]!r}"
        for p, r in results.items()
        for f in r.findings
        for e in f.evidence
        if "...." in e.quote or "copyright lexipol" in e.quote.lower()
    ]
    assert bad == []
    assert sum(len(f.evidence) for r in results.values() for f in r.findings) > 100  # the check saw real quotes

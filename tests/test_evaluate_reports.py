"""evaluate's formats: document text is text in every one of them, and the evidence figures are shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policy_audit import evaluate as ev
from policy_audit.findings import (
    AuditResult,
    DocumentInfo,
    Evidence,
    Finding,
    Grade,
    Scale,
)
from policy_audit.report import Format, render_evaluation

CRITERIA = [ev.Criterion("intervene.duty", Scale.OBLIGATION), ev.Criterion("medical.aid", Scale.OBLIGATION)]
KNOWN = {c.id: c.scale for c in CRITERIA}
MARKUP = "Officers [sic] shall intervene [/b] and [bold red]report[/] it."
DUTY = "Any officer who observes excessive force shall intercede to prevent it."
AID = "Officers shall render medical aid after any use of force."


def _labels(tmp_path: Path) -> Path:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text("text\n", encoding="utf-8")

    def strong(quote):
        return {"grade": "strong", "quote": quote, "page": 3}

    labels = {
        "labeller": "tester [b]",
        "docs": [
            {"doc": "a.txt", "labels": {"intervene.duty": strong(DUTY), "medical.aid": strong(AID)}},
            {
                "doc": "b.txt",
                "labels": {"intervene.duty": strong("shall intercede ... prevent it"), "medical.aid": strong(MARKUP)},
            },
            {
                "doc": "c.txt",
                "labels": {"intervene.duty": strong(DUTY), "medical.aid": {"grade": "absent", "quote": ""}},
            },
        ],
    }
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(labels), encoding="utf-8")
    return path


def _ev(quote: str, grade: str = "strong") -> Evidence:
    return Evidence(page=4, section="", quote=quote, grade=Grade(grade))


# What the fake tool shows per document and criterion: (grade, quotes best first).
SHOWN = {
    "a.txt": {"intervene.duty": ("strong", [DUTY]), "medical.aid": ("strong", ["Chokeholds are banned.", AID])},
    "b.txt": {
        "intervene.duty": ("strong", ["An officer shall intercede to prevent it."]),
        "medical.aid": ("weak", [MARKUP]),
    },
    "c.txt": {"intervene.duty": ("strong", ["Officers should report force."]), "medical.aid": ("absent", [])},
}


def fake_audit(path: Path) -> AuditResult:
    findings = tuple(
        Finding(criterion=cid, scale=Scale.OBLIGATION, grade=Grade(grade), evidence=tuple(_ev(q) for q in quotes))
        for cid, (grade, quotes) in SHOWN[path.name].items()
    )
    return AuditResult(document=DocumentInfo(path=str(path)), standard="core", findings=findings)


@pytest.fixture
def evaluation(tmp_path) -> ev.Evaluation:
    return ev.run(ev.load_labels(_labels(tmp_path), KNOWN), CRITERIA, fake_audit, standard="core")


def test_evidence_figures_count_only_agreed_grades_with_a_quote(evaluation):
    by_id = {c.id: c.evidence for c in evaluation.criteria}
    duty, aid = by_id["intervene.duty"], by_id["medical.aid"]
    assert (duty.n, duty.headline, duty.any_shown) == (3, 2, 2)  # a: headline; b: "..." pieces; c: not shown
    assert (aid.n, aid.headline, aid.any_shown) == (1, 0, 1)  # a: the second quote; b disagrees; c is absent
    assert (evaluation.evidence.n, evaluation.evidence.headline, evaluation.evidence.any_shown) == (4, 2, 3)
    assert duty.headline_rate == pytest.approx(2 / 3) and evaluation.evidence.any_rate == pytest.approx(3 / 4)
    misses = [(m.doc, m.criterion, m.shown_at) for m in evaluation.evidence_misses]
    assert misses == [("a.txt", "medical.aid", 2), ("c.txt", "intervene.duty", None)]


def test_every_format_shows_the_evidence_figures(evaluation):
    d = json.loads(render_evaluation(evaluation, Format.JSON))
    assert d["criteria"]["intervene.duty"]["evidence"] == {
        "n": 3,
        "headline": 2,
        "any": 2,
        "headline_rate": 0.6667,
        "any_rate": 0.6667,
    }
    assert d["overall"]["evidence"] == {"n": 4, "headline": 2, "any": 3, "headline_rate": 0.5, "any_rate": 0.75}
    assert d["evidence_misses"][0]["shown_at"] == 2
    md = render_evaluation(evaluation, Format.MARKDOWN)
    assert "| `intervene.duty` | 3 | 0.667 (2/3) | 0.667 (2/3) |" in md
    assert "| **overall** | 4 | 0.500 (2/4) | 0.750 (3/4) |" in md
    term = render_evaluation(evaluation, Format.TERMINAL, width=160)
    assert "0.500 (2/4)" in term and "0.750 (3/4)" in term


def test_a_quote_with_rich_markup_is_text_in_the_terminal(evaluation):
    term = render_evaluation(evaluation, Format.TERMINAL, width=400)  # wide: the quote stays on one line
    assert MARKUP in term  # "[sic]" kept, "[/b]" neither crashes nor vanishes
    assert "tester [b]" in term
    coloured = render_evaluation(evaluation, Format.TERMINAL, width=400, color=True)
    assert "[sic]" in coloured and "[/b]" in coloured and "[bold red]report[/]" in coloured


def test_a_quote_with_markup_is_text_in_markdown(evaluation):
    md = render_evaluation(evaluation, Format.MARKDOWN)
    row = next(line for line in md.splitlines() if line.startswith("| `b.txt` | `medical.aid`"))
    assert r"Officers \[sic\] shall intervene \[/b\] and \[bold red\]report\[/\] it." in row
    assert row.count("|") == 7  # no cell added or lost
    assert r"tester \[b\]" in md


def test_a_quote_with_markup_is_carried_verbatim_in_json(evaluation):
    d = json.loads(render_evaluation(evaluation, Format.JSON))
    (dis,) = [x for x in d["disagreements"] if x["doc"] == "b.txt"]
    assert dis["expected_quote"] == MARKUP and dis["found_quote"] == MARKUP
    assert d["labels"]["labeller"] == "tester [b]"


def test_control_characters_from_a_document_do_not_reach_the_terminal(tmp_path, monkeypatch):
    hostile = "Officers shall\x1b[31m render aid\u202e now."
    monkeypatch.setitem(SHOWN, "b.txt", {**SHOWN["b.txt"], "medical.aid": ("weak", [hostile])})
    result = ev.run(ev.load_labels(_labels(tmp_path), KNOWN), CRITERIA, fake_audit, standard="core")
    term = render_evaluation(result, Format.TERMINAL, width=400)
    assert "\x1b" not in term and "\u202e" not in term
    assert "Officers shall[31m render aid now." in term

"""`evaluate`: labels in, agreement figures out.

The exact figures are asserted with a fake auditor that returns fixed grades, so these tests do not
depend on the matcher. One end-to-end CLI test runs the real auditor on tests/data/eval and checks
only the structure and ranges; the corpus run is marked slow.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from policy_audit import evaluate as ev
from policy_audit.cli import app
from policy_audit.findings import (
    AuditResult,
    DocumentInfo,
    Evidence,
    Finding,
    Grade,
    Scale,
    Status,
)
from policy_audit.report import Format, render_evaluation
from policy_audit.report.evaluation import no_text_line


def render_json(evaluation: ev.Evaluation) -> str:
    return render_evaluation(evaluation, Format.JSON)


def render_markdown(evaluation: ev.Evaluation) -> str:
    return render_evaluation(evaluation, Format.MARKDOWN)


def render_terminal(evaluation: ev.Evaluation, width: int = 100) -> str:
    return render_evaluation(evaluation, Format.TERMINAL, width=width)


DATA = Path(__file__).parent / "data" / "eval"
LABELS = DATA / "labels.json"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

CRITERIA = [
    ev.Criterion("intervene.duty", Scale.OBLIGATION),
    ev.Criterion("intervene.report", Scale.OBLIGATION),
    ev.Criterion("medical.aid", Scale.OBLIGATION),
    ev.Criterion("medical.ems", Scale.ELEMENT),
]
KNOWN = {c.id: c.scale for c in CRITERIA}
SCALES = KNOWN

# What the fake tool "finds" in each fixture file (by file name).
FAKE = {
    "alpha.txt": {
        "intervene.duty": "strong",
        "intervene.report": "weak",
        "medical.aid": "strong",
        "medical.ems": "present",
    },
    "beta.txt": {
        "intervene.duty": "strong",
        "intervene.report": "absent",
        "medical.aid": "absent",
        "medical.ems": "present",
    },
    "gamma.txt": {
        "intervene.duty": "absent",
        "intervene.report": "absent",
        "medical.aid": "weak",
        "medical.ems": "absent",
    },
}


class FakeAuditor:
    """Fixed grades per file; garbled.txt is unreadable. Module level, so a worker pool can pickle it."""

    def __call__(self, path: Path) -> AuditResult:
        info = DocumentInfo(path=str(path))
        if path.name == "garbled.txt":
            return AuditResult(
                document=info, standard="core", status=Status.NO_TEXT, problem="no_text", reason="glyph codes"
            )
        findings = tuple(
            Finding(
                criterion=cid,
                scale=SCALES[cid],
                grade=Grade(grade),
                evidence=(Evidence(page=2, section="", quote=f"found in {path.name} for {cid}", grade=Grade(grade)),)
                if grade not in ("absent",)
                else (),
            )
            for cid, grade in FAKE[path.name].items()
        )
        return AuditResult(document=info, standard="core", findings=findings)


def fake_run(jobs: int = 1) -> ev.Evaluation:
    labelset = ev.load_labels(LABELS, KNOWN)
    return ev.run(labelset, CRITERIA, FakeAuditor(), jobs=jobs, standard="core")


# ----------------------------------------------------------------------------- exact figures


def test_documents_include_unlisted_batch_files_and_no_text_docs():
    result = fake_run()
    assert result.documents["total"] == 4
    assert result.documents["listed"] == 3
    assert result.documents["batch_implied"] == 1  # orders/gamma.txt
    assert result.documents["no_text_labelled"] == 1
    assert result.warnings == ()  # batch_checked says 2 files, the folder has 2


def test_per_criterion_figures_match_the_hand_computation():
    by_id = {c.id: c.scores for c in fake_run().criteria}
    duty = by_id["intervene.duty"]  # (strong,strong) (weak,strong) (absent,absent)
    assert duty.n == 3
    assert duty.accuracy == pytest.approx(2 / 3)
    assert duty.precision == pytest.approx(0.5)
    assert duty.recall == pytest.approx(1.0)
    assert duty.kappa == pytest.approx(0.5)  # po 2/3, pe 3/9
    assert duty.confusion["weak"] == {"strong": 1, "weak": 0, "absent": 0}

    report = by_id["intervene.report"]  # (strong,weak) (absent,absent) (absent,absent)
    assert report.accuracy == pytest.approx(2 / 3)
    assert report.precision is None  # never found strong
    assert report.recall == 0.0
    assert report.kappa == pytest.approx(0.4)  # po 6/9, pe 4/9

    aid = by_id["medical.aid"]  # (strong,strong) (absent,absent) (absent,weak: batch file)
    assert (aid.precision, aid.recall) == (1.0, 1.0)
    assert aid.kappa == pytest.approx(0.5)

    ems = by_id["medical.ems"]  # (present,present) (absent,present) (absent,absent)
    assert list(ems.confusion) == ["present", "absent"]
    assert ems.precision == pytest.approx(0.5)
    assert ems.kappa == pytest.approx(0.4)


def test_overall_pools_every_pair():
    result = fake_run()
    o = result.overall
    assert o.n == 12
    assert o.accuracy == pytest.approx(8 / 12)
    assert o.precision == pytest.approx(3 / 5)  # top grade found 5 times, 3 right
    assert o.recall == pytest.approx(3 / 4)  # 4 top grades expected, 3 found
    assert o.kappa == pytest.approx(0.5)  # po 2/3, pe 48/144
    assert result.macro_accuracy == pytest.approx(2 / 3)


def test_disagreements_are_listed_in_document_then_criterion_order_with_both_quotes():
    ds = fake_run().disagreements
    assert [(d.doc, d.criterion, d.expected, d.found) for d in ds] == [
        ("alpha.txt", "intervene.report", "strong", "weak"),
        ("orders/beta.txt", "intervene.duty", "weak", "strong"),
        ("orders/beta.txt", "medical.ems", "absent", "present"),
        ("orders/gamma.txt", "medical.aid", "absent", "weak"),
    ]
    first = ds[0]
    assert first.expected_quote.startswith("An officer who observes another officer use force")
    assert first.found_quote == "found in alpha.txt for intervene.report"
    assert first.found_page == 2
    assert ds[-1].implied and not ds[0].implied


def test_no_text_docs_are_checked_separately():
    result = fake_run()
    assert result.no_text.expected == ("garbled.txt",)
    assert result.no_text.agreed == ("garbled.txt",)
    assert no_text_line(result) == "no_text agreement: 1/1"


def test_parallel_run_gives_identical_output():
    assert render_json(fake_run(jobs=2)) == render_json(fake_run(jobs=1))


def test_a_labelled_document_the_tool_cannot_read_counts_against_it():
    class Unreadable(FakeAuditor):
        def __call__(self, path):
            if path.name == "alpha.txt":
                return AuditResult(
                    document=DocumentInfo(path=str(path)), standard="core", status=Status.ERROR, reason="corrupt"
                )
            return super().__call__(path)

    result = ev.run(ev.load_labels(LABELS, KNOWN), CRITERIA, Unreadable(), standard="core")
    duty = {c.id: c.scores for c in result.criteria}["intervene.duty"]
    assert duty.n == 3
    assert duty.confusion["strong"]["error"] == 1
    assert duty.recall == 0.0
    assert result.no_text.unexpected == (("alpha.txt", "error", "corrupt"),)


def test_min_accuracy_threshold_decides_exit_1():
    result = fake_run()
    assert ev.exit_code(result) == 0
    assert ev.exit_code(result, 0.6) == 0
    assert ev.exit_code(result, 0.7) == 1
    assert set(result.below(0.7)) == {c.id for c in CRITERIA}


def test_only_selected_criteria_are_scored_and_unlabelled_ones_are_named():
    criteria = [ev.Criterion("intervene.duty", Scale.OBLIGATION), ev.Criterion("intervene.training", Scale.ELEMENT)]
    result = ev.run(ev.load_labels(LABELS, {**KNOWN, "intervene.training": Scale.ELEMENT}), criteria, FakeAuditor())
    assert [c.id for c in result.criteria] == ["intervene.duty"]
    assert result.unlabelled == ("intervene.training",)
    assert result.overall.n == 3


# ----------------------------------------------------------------------------- output formats


def test_json_has_the_documented_structure():
    d = json.loads(render_json(fake_run()))
    assert d["schema_version"] == ev.SCHEMA_VERSION
    assert set(d) >= {
        "schema_version",
        "labels",
        "standard",
        "documents",
        "criteria",
        "overall",
        "disagreements",
        "no_text",
    }
    duty = d["criteria"]["intervene.duty"]
    assert set(duty) >= {"n", "accuracy", "precision", "recall", "kappa", "confusion"}
    assert duty["confusion"]["strong"]["strong"] == 1
    assert d["criteria"]["intervene.report"]["precision"] is None
    assert d["overall"]["n"] == 12
    assert d["no_text"] == {"agreed": 1, "n": 1, "missed": [], "unexpected": []}
    assert d["disagreements"][0] == {
        "doc": "alpha.txt",
        "criterion": "intervene.report",
        "expected": "strong",
        "found": "weak",
        "expected_quote": d["disagreements"][0]["expected_quote"],
        "expected_page": None,
        "found_quote": "found in alpha.txt for intervene.report",
        "found_page": 2,
        "implied": False,
    }


def test_markdown_and_terminal_show_the_same_figures():
    result = fake_run()
    md = render_markdown(result)
    assert "| `intervene.duty` | 3 | 0.667 | 0.500 | 1.000 | 0.500 |" in md
    assert "| `intervene.report` | 3 | 0.667 | n/a | 0.000 | 0.400 |" in md
    assert "no_text agreement: 1/1" in md
    assert "### Disagreements (4)" in md
    term = render_terminal(result, width=160)
    assert "no_text agreement: 1/1" in term
    assert "n/a" in term and "0.667" in term
    assert "\x1b[" not in term  # no colour codes unless asked


# ----------------------------------------------------------------------------- bad labels


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "labels.json"
    p.write_text(text, encoding="utf-8")
    (tmp_path / "a.txt").write_text("Officers shall intercede.\n", encoding="utf-8")
    return p


@pytest.mark.parametrize(
    "text, problem",
    [
        ("{not json", "not JSON (line 1"),
        ('{"labeller": "x"}', "missing key 'docs'"),
        ('{"docs": [{"labels": {}}]}', "docs[0]: missing key 'doc'"),
        (
            '{"docs": [{"doc": "a.txt", "labels": {"intervene.duty": {"quote": ""}}}]}',
            "labels.intervene.duty: missing key 'grade'",
        ),
        ('{"docs": [{"doc": "a.txt", "labels": {"intervene.duty": {"grade": "strng"}}}]}', "unknown grade 'strng'"),
        (
            '{"docs": [{"doc": "a.txt", "labels": {"intervene.dutty": {"grade": "strong"}}}]}',
            "unknown criterion id 'intervene.dutty'",
        ),
        ('{"docs": [{"doc": "a.txt", "labels": {"medical.ems": {"grade": "strong"}}}]}', "not on the element scale"),
        ('{"docs": [{"doc": "a.txt", "labels": {}}, {"doc": "a.txt", "labels": {}}]}', "listed twice"),
    ],
)
def test_bad_labels_name_the_file_and_the_problem(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(ev.LabelsError) as info:
        ev.load_labels(path, KNOWN)
    assert str(info.value).startswith(str(path) + ": ")
    assert problem in str(info.value)


@pytest.mark.parametrize(
    "text, problem",
    [
        ("[]", "the top level must be an object with a 'docs' list"),
        ('{"docs": 3}', "key 'docs' must be a list"),
        ('{"docs": [5]}', "docs[0]: must be an object"),
        ('{"docs": [{"doc": "a.txt"}]}', "docs[0] (a.txt): missing key 'labels'"),
        ('{"docs": [{"doc": "a.txt", "labels": []}]}', "docs[0] (a.txt): key 'labels' must be an object"),
        ('{"docs": [{"doc": "a.txt", "labels": {}, "no_text": 1}]}', "key 'no_text' must be true or false"),
        ('{"docs": [{"doc": "a.txt", "labels": {"intervene.duty": 3}}]}', "labels.intervene.duty: must be an object"),
        (
            '{"docs": [{"doc": "a.txt", "labels": {"intervene.duty": {"grade": "strong", "page": 0}}}]}',
            "key 'page' must be a page number",
        ),
        (
            '{"docs": [{"doc": "a.txt", "labels": {"intervene.duty": {"grade": "strong", "quote": 5}}}]}',
            "key 'quote' must be text",
        ),
        ('{"docs": [], "labeller": ["x"]}', "key 'labeller' must be text"),
        ('{"docs": [], "batch_checked": {"orders": -1}}', "key 'batch_checked' must map folder names to file counts"),
        ('{"docs": [{"doc": "", "labels": {}}]}', "docs[0]: key 'doc' must be a non-empty path"),
    ],
)
def test_the_schema_names_the_place_and_the_key(tmp_path, text, problem):
    path = write(tmp_path, text)
    with pytest.raises(ev.LabelsError) as info:
        ev.load_labels(path, KNOWN)
    assert str(info.value).startswith(f"{path}: ") and problem in str(info.value)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        '{"docs": ' + "[" * 100_000 + "]" * 100_000 + "}",  # deeper than the JSON reader can go
        '{"docs": [' + '{"doc": ' * 500 + '"a.txt"' + "}" * 500 + "]}",  # deep, and read, but not a path
        '{"docs": [{"doc": "a\\u0000.txt", "labels": {}}]}',
        '{"docs": [], "batch_checked": {"ord\\u0000ers": 1}}',
        '{"docs": [{"doc": "a\x00.txt", "labels": {}}]}',  # a raw NUL byte: not JSON
    ],
    ids=["too-deep", "deep", "nul-in-doc", "nul-in-folder", "raw-nul"],
)
def test_a_deeply_nested_or_nul_labels_file_exits_2_with_one_line(tmp_path, text):
    path = write(tmp_path, text)
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert str(path) in line and "\x00" not in line
    assert "internal error" not in line


def test_missing_document_and_missing_batch_folder_are_labels_errors(tmp_path):
    path = write(tmp_path, '{"docs": [{"doc": "nope.txt", "labels": {}}]}')
    with pytest.raises(ev.LabelsError, match="nope.txt.*no such file"):
        ev.run(ev.load_labels(path, KNOWN), CRITERIA, FakeAuditor())
    path = write(tmp_path, '{"docs": [], "batch_checked": {"orders": 3}}')
    with pytest.raises(ev.LabelsError, match="folder 'orders' not found"):
        ev.run(ev.load_labels(path, KNOWN), CRITERIA, FakeAuditor())


def test_batch_count_mismatch_is_a_warning(tmp_path):
    data = json.loads(LABELS.read_text())
    data["batch_checked"] = {"orders": 5}
    path = tmp_path / "labels.json"
    path.write_text(json.dumps(data))
    result = ev.run(ev.load_labels(path, KNOWN), CRITERIA, FakeAuditor(), root=DATA)
    assert result.warnings == ("batch folder 'orders': the labels say 5 files were checked, 2 found",)


def test_cli_bad_labels_file_exits_2_with_one_line(tmp_path):
    path = write(tmp_path, "{not json")
    result = CliRunner().invoke(app, ["evaluate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert str(path) in lines[0] and "not JSON" in lines[0]
    assert result.stdout == ""


def test_cli_unknown_format_exits_2():
    result = CliRunner().invoke(app, ["evaluate", str(LABELS), "--format", "html"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


# ----------------------------------------------------------------------------- Campaign Zero CSV

CSV_HEADER = [
    "Has Use of Force Continuum",  # columns deliberately out of Campaign Zero's order
    "Police Department",
    "Requires De-Escalation",
    "(Policy Language) Requires De-Escalation: Does the policy require officers to de-escalate?",
    "Bans Chokeholds and Strangleholds",
    "Duty to Intervene",
    "(Policy Language) Duty to Intervene: Are officers required to intervene?",
    "Requires Warning Before Shooting",
    "Restricts Shooting at Moving Vehicles",
    "Requires Comprehensive Reporting",
    "Requires Exhaust All Other Means Before Shooting",
]


def write_csv(tmp_path: Path, rows: list[list[str]]) -> Path:
    import csv

    folder = tmp_path / "cz"
    folder.mkdir()
    path = folder / "coding.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(CSV_HEADER)
        w.writerows(rows)
    return path


def test_cz_csv_maps_columns_by_header_and_cities_to_files(tmp_path):
    from policy_audit.evaluate.campaign_zero import load_cz_csv

    path = write_csv(
        tmp_path,
        [
            ["1", "Tucson", "0", "No.", "0", "1", 'Yes. "Officers shall intervene."', "1", "0", "0", "0"],
            ["0", "St. Petersburg", "1", "Yes.", "1", "0", "No.", "0", "1", "1", "1"],
            ["0", "Kansas City, MO", "0", "", "0", "0", "", "0", "0", "0", "0"],
        ],
    )
    (tmp_path / "cz" / "Tuscon.txt").write_text("Officers shall intervene when force is excessive.\n")
    (tmp_path / "cz" / "StPetersburg.txt").write_text("Officers shall de-escalate whenever possible.\n")
    ls = load_cz_csv(path)
    assert ls.root == str(tmp_path)
    assert [d.doc for d in ls.docs] == ["cz/Tuscon.txt", "cz/StPetersburg.txt"]
    assert ls.skipped == (("cz/KansasCity.txt", "no text file"),)
    tucson = ls.docs[0]
    assert tucson.label("8cw.continuum").grade is Grade.MET
    assert tucson.label("8cw.duty_to_intervene").grade is Grade.MET
    assert tucson.label("8cw.duty_to_intervene").quote == 'Yes. "Officers shall intervene."'
    assert tucson.label("8cw.deescalation").grade is Grade.NOT_MET
    assert len(tucson.labels) == 8
    stp = ls.docs[1]
    assert stp.label("8cw.exhaust_alternatives").grade is Grade.MET
    assert stp.label("8cw.chokehold_ban").grade is Grade.MET


def test_cz_csv_evidence_is_the_policy_words_in_quotes_not_the_comment(tmp_path):
    from policy_audit.evaluate.campaign_zero import cited_words, load_cz_csv

    assert cited_words('Yes. "Officers shall intervene." and \u201cmust report it\u201d') == (
        "Officers shall intervene. ... must report it"
    )
    assert cited_words("Yes.") == ""
    path = write_csv(
        tmp_path, [["1", "Tucson", "0", "No.", "0", "1", 'Yes. "Officers shall intervene."', "1", "0", "0", "0"]]
    )
    (tmp_path / "cz" / "Tuscon.txt").write_text("Officers shall intervene when force is excessive.\n")
    label = load_cz_csv(path).docs[0].label("8cw.duty_to_intervene")
    assert label.quote == 'Yes. "Officers shall intervene."'  # shown in disagreements as Campaign Zero wrote it
    assert label.document_words == "Officers shall intervene."
    assert load_cz_csv(path).docs[0].label("8cw.deescalation").document_words == ""


def test_cz_csv_garbage_text_is_skipped(tmp_path):
    from policy_audit.evaluate.campaign_zero import load_cz_csv

    path = write_csv(tmp_path, [["0", "Jacksonville", "0", "", "0", "0", "", "0", "0", "0", "0"]])
    (tmp_path / "cz" / "Jacksonville.txt").write_text((DATA / "garbled.txt").read_text())
    ls = load_cz_csv(path)
    assert ls.docs == ()
    assert ls.skipped[0][0] == "cz/Jacksonville.txt"
    assert ls.skipped[0][1].startswith("no_text")


def test_cz_csv_bad_value_and_missing_column_are_labels_errors(tmp_path):
    from policy_audit.evaluate.campaign_zero import load_cz_csv

    path = write_csv(tmp_path, [["2", "Tucson", "0", "", "0", "0", "", "0", "0", "0", "0"]])
    with pytest.raises(
        ev.LabelsError, match=r"row 2 \(Tucson\): column 'Has Use of Force Continuum': unknown grade '2'"
    ):
        load_cz_csv(path)
    path.write_text("Police Department,Duty to Intervene\nTucson,1\n")
    with pytest.raises(ev.LabelsError, match="missing column 'Requires De-Escalation'"):
        load_cz_csv(path)


@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "cz" / "campaign_zero_coding.csv").is_file(), reason="corpus absent")
def test_corpus_csv_reads_every_city():
    ls = ev.load_labels(CORPUS / "cz" / "campaign_zero_coding.csv")
    docs = {d.doc for d in ls.docs}
    assert len(docs) + len(ls.skipped) == 24
    assert "cz/Tuscon.txt" in docs and "cz/KansasCity.txt" in docs and "cz/WinstonSalem.txt" in docs
    assert {d for d, _ in ls.skipped} == {"cz/Jacksonville.txt", "cz/SanBernardino.txt"}
    assert all((CORPUS / d).is_file() for d in docs)


# ----------------------------------------------------------------------------- the real auditor


def test_cli_end_to_end_with_the_real_auditor(tmp_path):
    out = tmp_path / "eval.json"
    result = CliRunner().invoke(app, ["evaluate", str(LABELS), "--format", "json", "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    d = json.loads(out.read_text())
    assert d["schema_version"] == ev.SCHEMA_VERSION
    assert d["standard"] == "core"
    assert set(d["criteria"]) == {"intervene.duty", "intervene.report", "medical.aid", "medical.ems"}
    for figures in list(d["criteria"].values()) + [d["overall"]]:
        assert figures["n"] == 3 or figures is d["overall"]
        for key in ("accuracy", "precision", "recall", "kappa"):
            value = figures[key]
            assert value is None or (-1.0 <= value <= 1.0 if key == "kappa" else 0.0 <= value <= 1.0)
    assert d["overall"]["n"] == 12
    assert d["no_text"]["n"] == 1
    assert d["documents"]["total"] == 4


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.skipif(not (CORPUS / "labels.json").is_file(), reason="corpus absent")
def test_corpus_evaluation_runs_to_completion(tmp_path):
    out = tmp_path / "corpus.json"
    result = CliRunner().invoke(
        app, ["evaluate", str(CORPUS / "labels.json"), "--format", "json", "--output", str(out), "--jobs", "4"]
    )
    assert result.exit_code == 0, result.stderr
    d = json.loads(out.read_text())
    assert d["documents"]["batch_implied"] > 0
    assert d["overall"]["n"] > 0

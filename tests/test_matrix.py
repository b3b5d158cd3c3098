"""The department matrix (issue 14, item 3): one model, drawn as departments.csv, the XLSX workbook's
first sheet and the HTML summary's first screen, whose cells link to the passages that earned them."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import openpyxl  # in the test extra, so CI has it
import pytest
from test_report_samples import doubtful_result, sample_batch, sample_result, sample_rules
from typer.testing import CliRunner

from policy_audit.batch_result import BatchResult
from policy_audit.cli import app
from policy_audit.findings import Grade
from policy_audit.report import Format, get_formatter, render_batch
from policy_audit.report.csv_format import departments_csv
from policy_audit.report.html_summary import SOFT_HYPHEN, breakable, render_summary
from policy_audit.report.matrix import department_matrix, short_title
from policy_audit.report.output_folder import report_names, write_output_dir

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def rows_of(text):
    return list(csv.DictReader(io.StringIO(text)))


# ------------------------------------------------------------------------------------ the model


def test_matrix_rows_are_departments_and_cells_carry_the_deciding_evidence():
    matrix = department_matrix(sample_batch(), sample_rules())
    assert [c.id for c in matrix.columns] == ["intervene.duty", "intervene.training", "medical.aid"]
    assert [c.short for c in matrix.columns] == ["duty", "training", "aid"]
    assert matrix.columns[0].title == "Duty to intervene" and matrix.columns[0].family == "intervene"
    springfield, shelbyville = matrix.rows
    assert springfield.department == "Springfield PD" and springfield.audited == 2
    duty, training, aid = springfield.cells
    assert (duty.grade, duty.document, duty.page) == (Grade.STRONG, "springfield/manual.pdf", 12)
    assert (training.grade, training.document, training.page) == (Grade.PRESENT, "springfield/aid.pdf", 2)
    assert (aid.grade, aid.document, aid.page) == (Grade.STRONG, "springfield/aid.pdf", 1)
    assert "intercede" in duty.evidence.quote
    # neither of Shelbyville's documents could be read: not audited, never "absent"
    assert shelbyville.audited == 0 and {c.grade for c in shelbyville.cells} == {None}


def test_a_department_inherits_the_doubt_of_the_document_that_carries_its_grade():
    batch = sample_batch()
    doubtful = doubtful_result("springfield/manual.pdf", group="Springfield PD")
    batch = BatchResult("core", (doubtful,) + batch.results[1:], batch.groups)
    cells = {c.criterion: c for c in department_matrix(batch, sample_rules()).rows[0].cells}
    assert cells["intervene.duty"].check and not cells["medical.aid"].check


def test_short_titles_come_from_the_id():
    assert short_title("intervene.no_retaliation") == "no retaliation"
    assert short_title("8cw.duty_to_intervene") == "duty to intervene"
    assert short_title("custom") == "custom"


# ------------------------------------------------------------------------------------ CSV


def test_departments_csv_has_grade_document_and_page_per_criterion():
    text = departments_csv(department_matrix(sample_batch(), sample_rules()))
    header = text.splitlines()[0].split(",")
    assert header[:6] == [
        "department",
        "documents",
        "audited",
        "intervene.duty",
        "intervene.duty.document",
        "intervene.duty.page",
    ]
    assert len(header) == 3 + 3 * 3
    springfield, shelbyville = rows_of(text)
    assert springfield["department"] == "Springfield PD" and springfield["documents"] == "2"
    assert (
        springfield["intervene.duty"],
        springfield["intervene.duty.document"],
        springfield["intervene.duty.page"],
    ) == (
        "strong",
        "springfield/manual.pdf",
        "12",
    )
    assert springfield["medical.aid.document"] == "springfield/aid.pdf" and springfield["medical.aid.page"] == "1"
    assert shelbyville["audited"] == "0" and shelbyville["intervene.duty"] == shelbyville["medical.aid.page"] == ""


def test_departments_csv_guards_names_against_formulas():
    batch = sample_batch()
    hostile = '=HYPERLINK("http://x","y")'
    group = replace(batch.groups[0], name=hostile)
    text = departments_csv(department_matrix(BatchResult("core", batch.results, (group,)), sample_rules()))
    assert rows_of(text)[0]["department"] == "'" + hostile


# ------------------------------------------------------------------------------------ HTML


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "href":
                self.hrefs.append(v)
            if k == "id":
                self.ids.add(v)


def links(text):
    parser = Links()
    parser.feed(text)
    return parser


def test_the_matrix_is_the_first_screen_and_each_cell_links_to_its_quote():
    text = render_batch(sample_batch(), sample_rules(), Format.HTML)
    body = text.split("<main>")[1]
    assert body.index('id="departments"') < body.index('id="documents"') < body.index('id="doc-1"')
    # full titles in the heading's tooltip, short ones in the heading, wrapped, never rotated
    assert '<th title="Duty to intervene (intervene.duty)"><span class="fam">in' in text
    assert "rotate" not in text and "writing-mode" not in text
    cell = re.search(r'<td class="g good" data-v="2" title="strong"><a href="#(q-1-intervene-duty)">S</a></td>', text)
    assert cell, "the department's strong cell links to its quote"
    evidence = text.split(f'id="{cell.group(1)}"')[1].split("</section>")[0]
    assert "<mark>shall</mark> <mark>intercede</mark>" in evidence and "p. 12" in evidence
    assert 'href="#doc-1-intervene-duty"' in evidence  # and on to the embedded report's finding
    parsed = links(text)
    assert {h[1:] for h in parsed.hrefs} <= parsed.ids


def test_not_audited_departments_show_a_question_mark_not_absent():
    text = render_batch(sample_batch(), sample_rules(), Format.HTML)
    row = next(line for line in text.splitlines() if line.startswith("<tr") and "<td>Shelbyville PD</td>" in line)
    assert row.count('title="not audited">?</td>') == 3 and "absent" not in row


def test_in_an_output_folder_the_summary_links_to_reports_instead_of_embedding_them(tmp_path):
    batch = sample_batch()
    write_output_dir(batch, sample_rules(), Format.HTML, tmp_path)
    summary = (tmp_path / "summary.html").read_text()
    names = report_names([r.document.path for r in batch.results])
    parsed = links(summary)
    for href in parsed.hrefs:
        if href.startswith("#"):
            assert href[1:] in parsed.ids
            continue
        target, _, anchor = href.partition("#")
        assert target in {f"reports/{n}.html" for n in names}, href
        assert (tmp_path / target).is_file()
        if anchor:
            assert f'id="{anchor}"' in (tmp_path / target).read_text()
    assert f'href="reports/{names[0]}.html"' in summary and f'href="reports/{names[3]}.html"' in summary
    assert f'href="reports/{names[0]}.html#c-intervene-duty"' in summary  # the matrix's quote -> the full report
    assert 'class="document"' not in summary and "Recommended language" not in summary  # no embedded reports
    assert "Recommended language" in (tmp_path / "reports" / f"{names[0]}.html").read_text()
    assert len(summary) < len(render_batch(batch, sample_rules(), Format.HTML))


def test_long_words_in_headings_break_at_soft_hyphens_only_in_the_matrix():
    assert breakable("no retaliation").replace(SOFT_HYPHEN, "-") == "no re-ta-lia-tion"
    assert breakable("duty to") == "duty to" and breakable("8cw") == "8cw"
    assert all(breakable(w).replace(SOFT_HYPHEN, "") == w for w in ("comprehensive", "deescalation", "ems"))
    text = render_summary(sample_batch(), sample_rules(), get_formatter(Format.HTML).options)
    documents = text.split('id="documents"')[1].split("</thead>")[0]
    assert SOFT_HYPHEN not in documents  # that table sizes its columns to its words


# ------------------------------------------------------------------------------------ XLSX


def workbook(tmp_path, batch=None, **kw):
    from policy_audit.report.xlsx_format import write_workbook

    path = tmp_path / "scan.xlsx"
    write_workbook(batch or sample_batch(), sample_rules(), path, **kw)
    return openpyxl.load_workbook(path)


def values(ws):
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_workbook_sheets_departments_first_frozen_filtered_and_coloured(tmp_path):
    wb = workbook(tmp_path)
    assert wb.sheetnames == ["departments", "documents", "evidence", "about"]
    deps = wb["departments"]
    assert values(deps)[0][:6] == [
        "department",
        "documents",
        "audited",
        "intervene.duty",
        "intervene.duty.document",
        "intervene.duty.page",
    ]
    assert values(deps)[1][:6] == ["Springfield PD", 2, 2, "strong", "springfield/manual.pdf", 12]
    for ws in wb.worksheets:
        assert ws.freeze_panes in ("A2", "B2"), ws.title
        assert ws.auto_filter.ref == ws.dimensions, ws.title
    assert deps["D2"].fill.fgColor.rgb.endswith("E3F4E7")  # strong: the HTML report's green
    assert deps["A2"].fill.fill_type is None
    docs = values(wb["documents"])
    assert docs[0][:8] == ["path", "department", "status", "problem", "reason", "pages", "engine", "sha256"]
    assert "seconds" not in docs[0] and docs[1][7] == "ab" * 32
    weak = docs[0].index("medical.aid")
    assert wb["documents"].cell(row=2, column=weak + 1).fill.fgColor.rgb.endswith("FFF3D1")
    evidence = values(wb["evidence"])
    assert evidence[0][:6] == ["document", "department", "criterion", "grade", "rank", "page"]
    quotes = [row[8] for row in evidence[1:]]
    assert any("intercede" in q for q in quotes)


def test_workbook_quote_starting_with_equals_is_a_string_not_a_formula(tmp_path):
    hostile = '=HYPERLINK("http://evil","click")'
    result = sample_result("springfield/manual.pdf", group="Springfield PD", duty_quote=hostile)
    wb = workbook(tmp_path, BatchResult("core", (result,)))
    cells = [c for row in wb["evidence"].iter_rows() for c in row if c.value == hostile]
    assert cells, "the quote is stored verbatim"
    for cell in cells:
        assert cell.data_type == "s" and cell.quotePrefix
    # and in the raw XML nothing is a formula
    import zipfile

    with zipfile.ZipFile(tmp_path / "scan.xlsx") as z:
        assert not any("<f>" in z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_workbook_timings_only_when_asked(tmp_path):
    header = values(workbook(tmp_path, timings=True)["documents"])[0]
    assert header[6:9] == ["engine", "seconds", "sha256"]
    assert values(workbook(tmp_path, timings=True)["documents"])[1][7] == 1.23


def test_xlsx_needs_an_output_and_is_refused_for_check():
    result = CliRunner().invoke(app, ["scan", "nothing-here", "-f", "xlsx"])
    assert result.exit_code == 2 and "-o FOLDER or -o FILE.xlsx" in result.output
    result = CliRunner().invoke(app, ["check", "nothing-here.pdf", "-f", "xlsx"])
    assert result.exit_code == 2 and "xlsx" in result.output


def test_xlsx_without_openpyxl_is_a_usage_error_before_the_scan(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)  # import openpyxl now raises ImportError
    result = CliRunner().invoke(app, ["scan", str(tmp_path / "missing.pdf"), "-f", "xlsx", "-o", str(tmp_path / "o")])
    assert result.exit_code == 2 and "pip install 'policy-audit[xlsx]'" in result.output
    assert not (tmp_path / "o").exists()  # refused before anything was scanned or written


def test_scan_xlsx_to_a_file_and_to_a_folder(tmp_path):
    (tmp_path / "in" / "alpha").mkdir(parents=True)
    (tmp_path / "in" / "alpha" / "p.md").write_text((REPO / "sample_policies" / "strong_policy.md").read_text())
    base = ["scan", str(tmp_path / "in"), "-f", "xlsx", "--no-cache", "--quiet", "--jobs", "1", "--exit-zero"]
    result = CliRunner().invoke(app, [*base, "-o", str(tmp_path / "one.xlsx")])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(tmp_path / "one.xlsx").sheetnames[0] == "departments"
    result = CliRunner().invoke(app, [*base, "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} >= {"departments.csv", "summary.xlsx", "summary.csv", "provenance.json"}
    assert rows_of((out / "departments.csv").read_text())[0]["intervene.duty"] == "strong"


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not (CORPUS / "pdf" / "il").is_dir(), reason="corpus not present")
def test_acceptance_the_illinois_folder_as_a_workbook(tmp_path):
    """Issue 14: `scan ../shared/corpus/pdf/il -f xlsx -o out/` writes a workbook that opens, departments first."""
    import subprocess
    import sys

    il = CORPUS / "pdf" / "il"
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "policy_audit", "scan", str(il), "-f", "xlsx", "-o", str(out)]
        + ["--jobs", "2", "--ocr", "never", "--quiet", "--cache", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    assert done.returncode in (1, 3), done.stderr  # gaps, and scanned documents without OCR
    wb = openpyxl.load_workbook(out / "summary.xlsx")
    assert wb.sheetnames[0] == "departments"
    deps = {row[0]: row for row in values(wb["departments"])[1:]}
    assert {"bloomington", "bartlett", "palos_park"} <= set(deps)
    assert deps["bloomington"][1] == 97
    pdfs = sorted(il.rglob("*.pdf"))
    assert len(values(wb["documents"])) == 1 + len(pdfs)
    assert all(len(row[7]) == 64 for row in values(wb["documents"])[1:] if row[2] == "ok")  # sha256
    about = dict(values(wb["about"])[1:5])
    assert about["standard"] == "core" and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", about["run_at"])

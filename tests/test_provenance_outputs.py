"""Provenance on every scan output (issue 14, item 4): tool version, rules digest, standard and run date,
each document's SHA-256, and two scans of the same files giving the same CSV and JSON bytes apart from
the run date, whether their results came from the cache or not."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import datetime, timezone
from pathlib import Path

import openpyxl
from test_report_samples import sample_batch, sample_rules
from typer.testing import CliRunner

from policy_audit.cli import app
from policy_audit.provenance import Provenance
from policy_audit.report import Format, get_formatter
from policy_audit.report.output_folder import write_output_dir

REPO = Path(__file__).resolve().parent.parent
PROVENANCE = Provenance.now(
    rules_digest="0123456789abcdef", standard="core", clock=datetime(2026, 12, 6, 14, 40, 5, 123, tzinfo=timezone.utc)
)


def render(fmt, provenance=PROVENANCE, **kw):
    return get_formatter(fmt, provenance=provenance, **kw).render_batch(sample_batch(), sample_rules())


def test_json_batch_carries_provenance_at_the_top():
    obj = json.loads(render(Format.JSON))
    assert obj["provenance"] == {
        "tool_version": PROVENANCE.tool_version,
        "rules_digest": "0123456789abcdef",
        "standard": "core",
        "run_at": "2026-12-06T14:40:05Z",
    }
    assert [d["document"]["sha256"] for d in obj["documents"]][0] == "ab" * 32


def test_jsonl_first_line_carries_provenance():
    lines = [json.loads(line) for line in render(Format.JSONL).splitlines()]
    assert lines[0]["kind"] == "batch" and lines[0]["provenance"]["run_at"] == "2026-12-06T14:40:05Z"
    assert [line["kind"] for line in lines[1:]] == ["check"] * 4


def test_provenance_keys_are_documented():
    doc = (REPO / "docs" / "json-schema.md").read_text()
    for key in PROVENANCE.to_dict():
        assert f"| `{key}` |" in doc, key
    assert "| `provenance` | object or null |" in doc


def test_markdown_and_html_summaries_end_with_a_provenance_footer():
    for fmt in (Format.MARKDOWN, Format.HTML):
        text = render(fmt)
        tail = text[text.rindex("policy-audit") :]
        for needed in (PROVENANCE.tool_version, "0123456789abcdef", "core", "2026-12-06T14:40:05Z"):
            assert needed in tail, (fmt, needed)
        assert "2026-12-06T14:40:05Z" not in render(fmt, provenance=None)


def test_html_document_rows_carry_the_sha256():
    text = render(Format.HTML)
    row = next(line for line in text.splitlines() if 'href="#doc-1"' in line and line.startswith("<tr"))
    assert f'<td class="doc sha">{"ab" * 32}</td>' in row


def test_csv_to_stdout_has_sha256_and_nothing_extra():
    text = render(Format.CSV)
    assert text.splitlines()[0].split(",")[7] == "sha256"
    assert "2026-12-06" not in text and "0123456789abcdef" not in text and not text.startswith("#")
    assert next(csv.DictReader(io.StringIO(text)))["sha256"] == "ab" * 32


def test_an_output_folder_has_provenance_json_beside_summary_csv(tmp_path):
    written = write_output_dir(sample_batch(), sample_rules(), Format.CSV, tmp_path, provenance=PROVENANCE)
    assert written[0].name == "departments.csv"  # the matrix is scan's first output
    assert json.loads((tmp_path / "provenance.json").read_text()) == PROVENANCE.to_dict()
    assert (tmp_path / "summary.csv").read_text() == render(Format.CSV)


def test_xlsx_about_sheet(tmp_path):
    from policy_audit.report.xlsx_format import write_workbook

    write_workbook(sample_batch(), sample_rules(), tmp_path / "x.xlsx", provenance=PROVENANCE)
    wb = openpyxl.load_workbook(tmp_path / "x.xlsx")
    about = {row[0].value: row[1].value for row in wb["about"].iter_rows(min_row=2)}
    assert about["rules_digest"] == "0123456789abcdef" and about["run_at"] == "2026-12-06T14:40:05Z"
    assert about["tool_version"] == PROVENANCE.tool_version and about["standard"] == "core"
    assert about["intervene.duty"] == "Duty to intervene"
    assert wb.properties.created == datetime(2026, 12, 6, 14, 40, 5)


def test_timings_and_the_cache_count_only_with_timings():
    assert "seconds" not in render(Format.CSV).splitlines()[0]
    assert "seconds" in render(Format.CSV, timings=True).splitlines()[0]
    assert json.loads(render(Format.JSON))["cached"] is None
    assert json.loads(render(Format.JSON, timings=True))["cached"] == 1
    assert "from cache" not in render(Format.HTML) and "1 from cache" in render(Format.HTML, timings=True)


# ------------------------------------------------------------------------ two runs, same bytes

RUN_AT = re.compile(r'("run_at": ?)"[^"]*"')


def blank_run_at(text: str) -> str:
    return RUN_AT.sub(r'\1""', text)


def folder_texts(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): blank_run_at(p.read_text()) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_scans_give_the_same_csv_and_json_apart_from_the_run_date(tmp_path):
    src = tmp_path / "in"
    for dept, names in {"north": ("strong_policy.md", "weak_policy.md"), "south": ("false_friends.md",)}.items():
        (src / dept).mkdir(parents=True)
        for name in names:
            shutil.copy(REPO / "sample_policies" / name, src / dept / name)
    base = ["scan", str(src), "-f", "json", "--quiet", "--exit-zero", "--jobs", "1"]
    runs = {
        "no-cache-1": ["--no-cache"],
        "no-cache-2": ["--no-cache", "--jobs", "2"],  # worker processes finish in any order
        "cold-cache": ["--cache", str(tmp_path / "cache")],
        "warm-cache": ["--cache", str(tmp_path / "cache")],
    }
    outputs = {}
    for name, extra in runs.items():
        result = CliRunner().invoke(app, [*base, *extra, "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        outputs[name] = folder_texts(tmp_path / name)
        stdout = CliRunner().invoke(app, [*base, *extra, "-f", "csv"])
        outputs[name]["stdout.csv"] = stdout.stdout
    first = outputs["no-cache-1"]
    assert {"departments.csv", "summary.csv", "summary.json", "provenance.json"} <= set(first)
    summary = json.loads(first["summary.json"])
    assert summary["cached"] is None and summary["provenance"]["run_at"] == ""
    assert all(len(d["document"]["sha256"]) == 64 for d in summary["documents"])
    for name, texts in outputs.items():
        assert texts == first, name
    # the run date is the only field blanked, and it is there to blank
    raw = json.loads((tmp_path / "warm-cache" / "summary.json").read_text())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", raw["provenance"]["run_at"])


def test_with_timings_the_runs_say_how_they_went(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(REPO / "sample_policies" / "weak_policy.md", tmp_path / "in" / "weak_policy.md")
    base = ["scan", str(tmp_path / "in"), "--quiet", "--exit-zero", "--jobs", "1", "--cache", str(tmp_path / "c")]
    cold = CliRunner().invoke(app, [*base, "-f", "csv", "--timings"])
    warm = CliRunner().invoke(app, [*base, "-f", "json", "--timings"])
    assert cold.exit_code == warm.exit_code == 0, cold.output + warm.output
    row = next(csv.DictReader(io.StringIO(cold.stdout)))
    assert float(row["seconds"]) >= 0 and len(row["sha256"]) == 64
    assert json.loads(warm.stdout)["cached"] == 1

#!/usr/bin/env python3
"""Screenshot an HTML report with headless Chromium (for the README).

INPUT may be:
  - a JSON result: ``policy-audit check --format json`` output, ``scan --format json`` output, or a
    cached ``AuditResult.to_dict()``; it is rendered with the HTML formatter first;
  - an HTML report already written by ``--format html``;
  - any other file (a policy PDF, .txt, ...): ``policy-audit check FILE --format html`` is run on it.

    python scripts/screenshot_report.py result.json -o docs/report.png
    python scripts/screenshot_report.py sample_policies/strong_policy.md -o docs/report.png --html docs/report.html

Needs Chromium (Debian: ``apt-get install chromium``); says so and exits 2 when it is missing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Without the background-networking flags Chromium waits on the (closed) network and hangs.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    env = os.environ.get("CHROMIUM")
    if env:
        return shutil.which(env)
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _rules_for(standard: str, findings: list[dict]):
    """The built-in rules of the standard (they carry summaries for "what is missing"), completed with
    rules rebuilt from the JSON itself for any criterion they lack (a check object carries the title,
    family, recommendation and sources of each finding)."""
    from policy_audit.findings import Scale
    from policy_audit.rulebook import MatchSpec, Rule, RuleSet, load_rules

    try:
        loaded = list(load_rules().select(standard))
    except Exception as exc:
        print(f"note: built-in rules not loaded ({exc}); using titles from the JSON", file=sys.stderr)
        loaded = []
    known = {r.id for r in loaded}
    rules = list(loaded)
    for f in findings:
        if f["criterion"] in known:
            continue
        known.add(f["criterion"])
        rules.append(
            Rule(
                id=f["criterion"],
                family=f.get("family") or f["criterion"].split(".")[0],
                title=f.get("title") or f["criterion"],
                scale=Scale(f["scale"]),
                summary="",
                rationale="",
                sources=tuple(f.get("sources") or ()),
                model_language=f.get("recommendation") or "",
                match=MatchSpec(require=()),
                examples=(),
                severity=f.get("severity") or "medium",
            )
        )
    return RuleSet(tuple(rules), digest="json")


def _result(obj: dict):
    from policy_audit.findings import AuditResult

    obj = dict(obj)
    if "department" in obj and not obj.get("group"):
        obj["group"] = obj["department"]
    return AuditResult.from_dict(obj)


def html_from_json(data: dict) -> str:
    from policy_audit.findings import BatchResult, Evidence, Grade, GroupGrade, GroupSummary
    from policy_audit.report import Format, render_batch, render_check

    if data.get("kind") == "batch" or "documents" in data:
        results = tuple(_result(d) for d in data.get("documents", ()))
        groups = tuple(
            GroupSummary(
                name=g["name"],
                documents=tuple(g["documents"]),
                grades=tuple(
                    GroupGrade(
                        gg["criterion"],
                        Grade(gg["grade"]),
                        gg.get("document", ""),
                        Evidence.from_dict(gg["evidence"]) if gg.get("evidence") else None,
                    )
                    for gg in g["grades"]
                ),
            )
            for g in data.get("departments", ())
        )
        batch = BatchResult(
            standard=data["standard"],
            results=results,
            groups=groups,
            interrupted=bool(data.get("interrupted")),
            cached=int(data.get("cached") or 0),  # null unless the scan ran with --timings
        )
        findings = [f for d in data.get("documents", ()) for f in d.get("findings", ())]
        return render_batch(batch, _rules_for(data["standard"], findings), Format.HTML)
    return render_check(_result(data), _rules_for(data["standard"], data.get("findings", [])), Format.HTML)


def html_for(path: Path) -> str:
    if path.suffix.lower() in (".html", ".htm"):
        return path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return html_from_json(json.loads(path.read_text(encoding="utf-8")))
    proc = subprocess.run(
        [sys.executable, "-m", "policy_audit", "check", str(path), "--format", "html"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if not proc.stdout.lstrip().startswith("<!DOCTYPE html>"):
        raise RuntimeError(f"policy-audit check failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc.stdout


def screenshot(html_file: Path, png: Path, width: int, height: int, chromium: str) -> None:
    with tempfile.TemporaryDirectory(prefix="pa-chromium-") as profile:
        cmd = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={width},{height}",
            html_file.resolve().as_uri(),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0 or not png.exists():
        raise RuntimeError(f"chromium failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="result JSON, HTML report, or a policy document")
    parser.add_argument("-o", "--output", type=Path, default=Path("report.png"), help="PNG to write")
    parser.add_argument("--html", type=Path, help="also keep the rendered HTML here")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1600)
    args = parser.parse_args(argv)

    chromium = find_chromium()
    if chromium is None:
        print(
            "chromium not found: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM=/path",
            file=sys.stderr,
        )
        return 2
    if not args.input.is_file():
        print(f"{args.input}: no such file", file=sys.stderr)
        return 2
    try:
        html = html_for(args.input)
    except Exception as exc:
        print(f"{args.input}: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pa-report-") as tmp:
        html_file = args.html or Path(tmp) / "report.html"
        html_file.write_text(html, encoding="utf-8")
        try:
            screenshot(html_file, args.output, args.width, args.height, chromium)
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Screenshot an HTML report or card with headless Chromium (for the README, and the tests' checks).

INPUT may be:
  - a JSON result: ``policy-audit check --format json`` output, ``scan --format json`` output, or a
    cached ``AuditResult.to_dict()``; it is rendered with the HTML (or card) formatter first;
  - an HTML report already written by ``--format html`` or ``--format card``;
  - any other file (a policy PDF, .txt, ...): ``policy-audit check FILE --format html`` (or card) is run on it.

    python scripts/screenshot_report.py result.json -o docs/report.png
    python scripts/screenshot_report.py sample_policies/weak_policy.md -o phone.png --width 390 --height 1600
    python scripts/screenshot_report.py sample_policies/weak_policy.md --format card -o card.png --width 816 --height 1056
    python scripts/screenshot_report.py sample_policies/weak_policy.md --width 390 --measure   # overflow as JSON

``--measure`` prints what the page measures at that width instead of a picture: its scroll width, the
viewport's width (more scroll than viewport is horizontal overflow) and its visible text, read with
``--dump-dom`` from a page that holds the report in an iframe of that width and measures it (the
report's own CSP, which would rightly block a measuring script, stays as it is).

Needs Chromium (Debian: ``apt-get install chromium``); says so and exits 2 when it is missing.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policy_audit.report.chromium import (  # noqa: E402  (after the path: the script runs from a checkout)
    CHROMIUM_FLAGS,
    ChromiumError,
    find_chromium,
    run_chromium,
    screenshot,
)

__all__ = ["CHROMIUM_FLAGS", "find_chromium", "html_for", "measure", "screenshot"]
FORMATS = ("html", "card")


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


def html_from_json(data: dict, fmt: str = "html", department: str = "") -> str:
    from policy_audit.batch_result import BatchResult, GroupGrade, GroupSummary
    from policy_audit.findings import Evidence, Grade
    from policy_audit.provenance import Provenance
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
    provenance = Provenance.from_dict(data["provenance"]) if data.get("provenance") else None
    return render_check(
        _result(data),
        _rules_for(data["standard"], data.get("findings", [])),
        Format(fmt),
        provenance=provenance,
        department=department or data.get("department", ""),
    )


def html_for(path: Path, fmt: str = "html", department: str = "") -> str:
    if path.suffix.lower() in (".html", ".htm"):
        return path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        return html_from_json(json.loads(path.read_text(encoding="utf-8")), fmt, department)
    extra = ["--department", department] if department else []
    proc = subprocess.run(
        [sys.executable, "-m", "policy_audit", "check", str(path), "--format", fmt, *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if not proc.stdout.lstrip().startswith("<!DOCTYPE html>"):
        raise RuntimeError(f"policy-audit check failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc.stdout


_MEASURED = re.compile(r'data-scroll-width="(\d+)" data-viewport-width="(\d+)" data-overflowing="([^"]*)"')
# Headless Chromium keeps its window at least 500 px wide, so a phone's width is an iframe's: the page
# lays out (media queries included) at the iframe's width. Once everything has loaded, the script
# writes what it measured, and the page's visible text, where --dump-dom shows them.
_MEASURE_PAGE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="page" style="width:{width}px;height:{height}px;border:0" srcdoc="{srcdoc}"></iframe>
<pre id="text"></pre>
<script>window.addEventListener("load",function(){{var f=document.getElementById("page"),d=f.contentDocument;
document.body.setAttribute("data-scroll-width",d.documentElement.scrollWidth);
document.body.setAttribute("data-viewport-width",f.contentWindow.innerWidth);
var wide=[];Array.prototype.forEach.call(d.querySelectorAll("body *"),function(e){{
if(e.scrollWidth>e.clientWidth+1&&e.clientWidth>0)wide.push(e.tagName.toLowerCase()+(e.className?"."+e.className:""));}});
document.body.setAttribute("data-overflowing",wide.join(" "));
document.getElementById("text").textContent=d.body.innerText;}});</script>
</body></html>"""


def measure(html: str, width: int, chromium: str, height: int = 900) -> dict:
    """{"scroll_width", "viewport_width", "overflowing", "text"} of the page laid out ``width`` pixels
    wide; ``overflowing`` lists the elements whose content is wider than they are (a table scrolling
    sideways in its box: no overflow of the page, but not readable either)."""
    page = _MEASURE_PAGE.format(width=width, height=height, srcdoc=html_lib.escape(html, quote=True))
    with tempfile.TemporaryDirectory(prefix="pa-measure-") as tmp:
        html_file = Path(tmp) / "measure.html"
        html_file.write_text(page, encoding="utf-8")
        dom = run_chromium(chromium, "--dump-dom", html_file.as_uri())
    found = _MEASURED.search(dom)
    text = re.search(r'<pre id="text">(.*?)</pre>', dom, flags=re.S)
    if found is None or text is None:
        raise ChromiumError("the measuring script did not run")
    return {
        "scroll_width": int(found.group(1)),
        "viewport_width": int(found.group(2)),
        "overflowing": found.group(3).split(),
        "text": " ".join(html_lib.unescape(text.group(1)).split()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, help="result JSON, HTML report, or a policy document")
    parser.add_argument("-o", "--output", type=Path, default=Path("report.png"), help="PNG to write")
    parser.add_argument("--html", type=Path, help="also keep the rendered HTML here")
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=1600)
    parser.add_argument("--format", choices=FORMATS, default="html", help="the full report or the one-page card")
    parser.add_argument("--department", default="", help="title the report (a document or JSON input)")
    parser.add_argument("--measure", action="store_true", help="print the page's widths and text as JSON, no PNG")
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
        html = html_for(args.input, args.format, args.department)
    except Exception as exc:
        print(f"{args.input}: {exc}", file=sys.stderr)
        return 2
    if args.measure:
        try:
            print(json.dumps(measure(html, args.width, chromium, args.height)))
        except ChromiumError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        return 0
    with tempfile.TemporaryDirectory(prefix="pa-report-") as tmp:
        html_file = args.html or Path(tmp) / "report.html"
        html_file.write_text(html, encoding="utf-8")
        try:
            screenshot(html_file, args.output, args.width, args.height, chromium)
        except ChromiumError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

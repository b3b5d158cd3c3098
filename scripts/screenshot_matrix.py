#!/usr/bin/env python3
"""Check that a scan's HTML summary shows the whole department matrix at a given width, and screenshot it.

The matrix is the first screen a monitor sees: at 1280 px every criterion must be visible without
scrolling sideways. This renders the page in headless Chromium twice: once for a PNG
(``--screenshot``), once with a measuring script (``--dump-dom``) that writes the page's and the
matrix's widths into the DOM; it prints them as JSON and exits 1 when anything overflows.

INPUT may be:
  - an HTML summary (``policy-audit scan ... -f html -o out/`` writes ``out/summary.html``);
  - a scan's JSON (``policy-audit scan ... -f json``), rendered with the HTML formatter first;
  - documents or folders: ``policy-audit scan INPUT... -f html -o TMP`` is run on them.

    python scripts/screenshot_matrix.py out/summary.html -o matrix.png
    python scripts/screenshot_matrix.py ../shared/corpus/pdf/il --standard all -o matrix.png

Needs Chromium (Debian: ``apt-get install chromium``); says so and exits 2 when it is missing.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _screenshot_report():
    """The sibling script: one home for finding Chromium and the flags that keep it off the network."""
    spec = importlib.util.spec_from_file_location("screenshot_report", Path(__file__).with_name("screenshot_report.py"))
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


# Runs last in the page, so reading the widths lays out everything before it.
MEASURE = (
    "(function(){var d=document.documentElement,b=document.body,t=document.getElementById('departments');"
    "b.setAttribute('data-scroll-width',String(d.scrollWidth));"
    "b.setAttribute('data-client-width',String(d.clientWidth));"
    "if(t){var box=t.parentNode;b.setAttribute('data-matrix-scroll-width',String(box.scrollWidth));"
    "b.setAttribute('data-matrix-client-width',String(box.clientWidth));"
    "var right=0;Array.prototype.forEach.call(t.tHead.rows[0].cells,function(c){"
    "right=Math.max(right,c.getBoundingClientRect().right);});"
    "b.setAttribute('data-matrix-right',String(Math.ceil(right)));"
    "b.setAttribute('data-matrix-columns',String(t.tHead.rows[0].cells.length));}})();"
)


def measuring_copy(html: str) -> str:
    """The page with MEASURE added and allowed by its Content-Security-Policy (which allows only the
    page's own script, by hash); the page shown in the PNG is the unchanged one."""
    digest = base64.b64encode(hashlib.sha256(MEASURE.encode("utf-8")).digest()).decode("ascii")
    html, n = re.subn(r"script-src ", f"script-src 'sha256-{digest}' ", html, count=1)
    if not n:
        raise ValueError("no Content-Security-Policy script-src in the page: not a policy-audit scan summary")
    return html.replace("</body>", f"<script>{MEASURE}</script>\n</body>", 1)


def summary_html(inputs: list[Path], standard: str, tmp: Path) -> str:
    first = inputs[0]
    if len(inputs) == 1 and first.is_file() and first.suffix.lower() in (".html", ".htm"):
        return first.read_text(encoding="utf-8")
    if len(inputs) == 1 and first.is_file() and first.suffix.lower() == ".json":
        return _screenshot_report().html_from_json(json.loads(first.read_text(encoding="utf-8")))
    out = tmp / "scan"
    cmd = [sys.executable, "-m", "policy_audit", "scan", *map(str, inputs), "-f", "html", "-o", str(out)]
    proc = subprocess.run([*cmd, "--standard", standard, "--quiet", "--exit-zero"], capture_output=True, text=True)
    page = out / "summary.html"
    if not page.is_file():
        raise RuntimeError(f"policy-audit scan failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    return page.read_text(encoding="utf-8")


def _attr(dom: str, name: str) -> int | None:
    found = re.search(rf'data-{name}="(\d+)"', dom)
    return int(found.group(1)) if found else None


def measure(html_file: Path, width: int, height: int, chromium: str, flags: tuple[str, ...]) -> dict:
    with tempfile.TemporaryDirectory(prefix="pa-chromium-") as profile:
        cmd = [chromium, *flags, f"--user-data-dir={profile}", f"--window-size={width},{height}", "--dump-dom"]
        proc = subprocess.run([*cmd, html_file.resolve().as_uri()], capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"chromium failed (exit {proc.returncode}): {proc.stderr.strip()[-500:]}")
    names = ("scroll-width", "client-width", "matrix-scroll-width", "matrix-client-width", "matrix-right")
    found = {name.replace("-", "_"): _attr(proc.stdout, name) for name in (*names, "matrix-columns")}
    if found["scroll_width"] is None:
        raise RuntimeError("the measuring script did not run (Content-Security-Policy?)")
    return found


def overflows(m: dict, width: int) -> list[str]:
    problems = []
    if m["scroll_width"] > width:
        problems.append(f"the page is {m['scroll_width']} px wide, more than {width}")
    if m["matrix_scroll_width"] is not None and m["matrix_scroll_width"] > m["matrix_client_width"]:
        problems.append(f"the matrix scrolls sideways ({m['matrix_scroll_width']} > {m['matrix_client_width']} px)")
    if m["matrix_right"] is not None and m["matrix_right"] > width:
        problems.append(f"the matrix's last heading ends at {m['matrix_right']} px")
    return problems


def png_size(png: Path) -> tuple[int, int]:
    head = png.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise RuntimeError(f"{png}: not a PNG")
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", type=Path, nargs="+", help="HTML summary, scan JSON, or documents/folders to scan")
    parser.add_argument("-o", "--output", type=Path, default=Path("matrix.png"), help="PNG to write")
    parser.add_argument("--standard", default="core", help="when scanning documents: the standard")
    parser.add_argument("--html", type=Path, help="also keep the summary page here")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)

    shots = _screenshot_report()
    chromium = shots.find_chromium()
    if chromium is None:
        print(
            "chromium not found: install it (Debian/Ubuntu: apt-get install chromium) or set CHROMIUM=/path",
            file=sys.stderr,
        )
        return 2
    missing = [p for p in args.input if not p.exists()]
    if missing:
        print(f"{missing[0]}: no such file or folder", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="pa-matrix-") as tmp_name:
        tmp = Path(tmp_name)
        try:
            html = summary_html(args.input, args.standard, tmp)
            page = args.html or tmp / "summary.html"
            page.write_text(html, encoding="utf-8")
            probe = tmp / "measure.html"
            probe.write_text(measuring_copy(html), encoding="utf-8")
            widths = measure(probe, args.width, args.height, chromium, shots.CHROMIUM_FLAGS)
            shots.screenshot(page, args.output, args.width, args.height, chromium)
            png_width, png_height = png_size(args.output)
        except (OSError, ValueError, RuntimeError, subprocess.TimeoutExpired) as exc:
            print(f"{args.input[0]}: {exc}", file=sys.stderr)
            return 2
    problems = overflows(widths, args.width)
    report = {**widths, "width": args.width, "png": str(args.output), "png_width": png_width}
    report.update(png_height=png_height, png_bytes=args.output.stat().st_size, overflow=problems)
    print(json.dumps(report, sort_keys=True))
    for problem in problems:
        print(f"overflow: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

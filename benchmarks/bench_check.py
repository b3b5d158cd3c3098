"""Benchmark `policy-audit check` on the 642-page Northbrook manual against `pdftotext`, in one run.

Targets (issue 2, tightened by issue 11): the default engine (pdfium) within 4x of pdftotext's wall time; peak memory under
500 MB. pdftotext does no OCR, so the like-for-like run is `--ocr never`; the default `--ocr auto`
(which OCRs the manual's two scanned attachment pages) and the pdfplumber engine are measured too.
Exits 1 when a target is missed. Run from anywhere: paths resolve against the repository.

The package is byte-compiled first, as `pip install` leaves it (a checkout run with
PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every run, about a tenth of a
second that no installed copy spends). The commands take turns, one run of each per round, so that a
machine that slows down or speeds up during the run weighs on all of them alike.

    python benchmarks/bench_check.py [--repeat 3] [--pdf PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"
NORTHBROOK = next(iter(sorted((CORPUS / "pdf" / "il" / "northbrook").glob("*.pdf"))), None)
RATIO_TARGET = 4.0
MEMORY_TARGET_MB = 500


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one run of cmd, as a fresh process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1 = gaps found, which is a normal audit result
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed with exit {code}: {err.strip()}")
    return elapsed, usage.ru_maxrss / 1024


def in_turns(rows: list[tuple[str, list[str]]], repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall seconds and peak MB per command, the commands run in turns ``repeat`` times
    (pdfplumber, at ~30 s a run, once)."""
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name, _ in rows}
    for round_ in range(repeat):
        for name, cmd in rows:
            if "pdfplumber" in name and round_:
                continue
            runs[name].append(measure(cmd))
    return {name: (statistics.median(r[0] for r in got), max(r[1] for r in got)) for name, got in runs.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per command; the median is kept")
    parser.add_argument("--pdf", type=Path, default=NORTHBROOK, help="the manual to audit")
    parser.add_argument("--skip-pdfplumber", action="store_true", help="pdfplumber takes ~30 s a run")
    args = parser.parse_args()
    if args.pdf is None or not args.pdf.is_file():
        print("bench_check: the Northbrook manual is not at ../shared/corpus/pdf/il/northbrook/", file=sys.stderr)
        return 2
    if not shutil.which("pdftotext"):
        print("bench_check: pdftotext is missing (Debian package poppler-utils)", file=sys.stderr)
        return 2
    pdf = str(args.pdf)
    tool = [sys.executable, "-m", "policy_audit", "check", pdf, "--format", "json", "--exit-zero"]
    rows = [
        ("pdftotext", ["pdftotext", pdf, os.devnull]),
        ("check (pdfium, --ocr never)", tool + ["--ocr", "never"]),
        ("check (pdfium, default --ocr auto)", tool),
    ]
    if not args.skip_pdfplumber:
        rows.append(("check (pdfplumber, --ocr never)", tool + ["--engine", "pdfplumber", "--ocr", "never"]))
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "policy_audit")], check=True)
    results = in_turns(rows, args.repeat)
    base = results["pdftotext"][0]
    print(f"{'command':40s} {'wall s':>8s} {'x pdftotext':>12s} {'peak MB':>8s}")
    for name, (wall, peak) in results.items():
        print(f"{name:40s} {wall:8.2f} {wall / base:12.1f} {peak:8.0f}")
    wall, peak = results["check (pdfium, --ocr never)"]
    ok = wall / base <= RATIO_TARGET and max(p for _, p in results.values()) < MEMORY_TARGET_MB
    print(
        f"\ntarget: default engine within {RATIO_TARGET:.0f}x of pdftotext ({wall / base:.1f}x) and peak under "
        f"{MEMORY_TARGET_MB} MB ({max(p for _, p in results.values()):.0f} MB): {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

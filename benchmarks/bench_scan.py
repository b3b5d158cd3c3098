"""Benchmark `policy-audit scan` against pdftotext, in one run, and check the targets.

    python benchmarks/bench_scan.py [--ocr auto]   # from anywhere; paths resolve from the repo root

Files: the 97 Bloomington general orders and the 642-page Northbrook manual
(../shared/corpus/pdf/il/{bloomington,northbrook}). Runs, one after another:

1. ``pdftotext`` over every file, one file at a time (the floor: text extraction alone);
2. ``scan --no-cache --jobs 1``;
3. ``scan --no-cache --jobs 2``;
4. ``scan --jobs 2`` with a fresh ``--cache`` folder (cold), then
5. the same again (warm: every result from the cache).

The scans run with ``--ocr never`` by default, so that both sides do the same work (read the text
layer): pdftotext does no OCR, and one Bloomington order whose pages are images costs ~30 s of
Tesseract with ``--ocr auto``. Pass ``--ocr auto`` to include it.

Wall time per run; peak RSS per run (the largest process of the tree, from ``wait4``) and, for scans,
the peak RSS of each worker process (``VmHWM`` sampled from /proc while the scan runs). Targets:
cold jobs2 / pdftotext <= 3x, jobs1 / jobs2 >= 1.5x, cold / warm >= 10x, worker peak < 500 MB.
Exits 1 when a target is missed, 2 when a run fails. Timing is never asserted in the test suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = (REPO / ".." / "shared" / "corpus" / "pdf" / "il").resolve()
MB = 1024 * 1024

TARGET_VS_PDFTOTEXT = 3.0
TARGET_JOBS_SPEEDUP = 1.5
TARGET_WARM_SPEEDUP = 10.0
TARGET_WORKER_RSS_MB = 500.0


@dataclass
class Run:
    name: str
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # largest process of the run's tree
    worker_peak_mb: float = 0.0  # largest worker (scans only)
    workers: int = 0
    rows: int = 0
    notes: list[str] = field(default_factory=list)


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out.extend(int(c) for c in fh.read().split())
    except (OSError, ValueError):
        pass
    return out


def _hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


class WorkerWatch(threading.Thread):
    """Samples VmHWM (peak resident memory) of every descendant of ``pid`` until stopped."""

    def __init__(self, pid: int, interval: float = 0.05):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.peaks: dict[int, int] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.is_set():
            stack = _children(self.pid)
            while stack:
                child = stack.pop()
                kb = _hwm_kb(child)
                if kb:
                    self.peaks[child] = max(self.peaks.get(child, 0), kb)
                stack.extend(_children(child))
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()
        self.join()


def run_command(cmd: list[str], *, watch: bool, stdout=subprocess.DEVNULL) -> tuple[float, float, float, int, int]:
    """(wall seconds, tree peak MB, worker peak MB, worker count, exit code) of one command."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=REPO)
    watcher = WorkerWatch(proc.pid) if watch else None
    if watcher:
        watcher.start()
    # wait4 reports the child's peak RSS, or its largest waited-for descendant's if larger
    stderr_chunks = []
    reader = threading.Thread(target=lambda: stderr_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    if watcher:
        watcher.stop()
    workers = watcher.peaks if watcher else {}
    if proc.returncode not in (0, 1, 3):
        sys.stderr.write(b"".join(stderr_chunks).decode(errors="replace")[-2000:])
    return (
        seconds,
        usage.ru_maxrss / 1024,
        max(workers.values(), default=0) / 1024,
        len(workers),
        proc.returncode,
    )


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Benchmark policy-audit scan against pdftotext.")
    parser.add_argument("--ocr", default="never", choices=("never", "auto", "always"))
    args = parser.parse_args(argv)
    bloomington = sorted((CORPUS / "bloomington").glob("*.pdf"))
    northbrook = sorted((CORPUS / "northbrook").glob("*.pdf"))
    files = [str(p) for p in bloomington + northbrook]
    if not bloomington or not northbrook:
        print(f"corpus not found under {CORPUS}", file=sys.stderr)
        return 2
    print(
        f"{len(files)} files: {len(bloomington)} Bloomington general orders + Northbrook manual; "
        f"{os.cpu_count()} cores",
        flush=True,
    )

    runs: list[Run] = []
    failed = False

    # 1. pdftotext, one file after another (the wall time includes process start-up, as the scan's does)
    r = Run("pdftotext (sequential)")
    started = time.perf_counter()
    peak = 0.0
    for f in files:
        s, p, _, _, rc = run_command(["pdftotext", "-q", f, "-"], watch=False)
        peak = max(peak, p)
        if rc != 0:
            r.notes.append(f"exit {rc} on {Path(f).name}")
    r.seconds, r.peak_rss_mb, r.rows = time.perf_counter() - started, peak, len(files)
    runs.append(r)
    print(f"  {r.name}: {r.seconds:.1f} s", flush=True)

    scan = [
        sys.executable,
        "-m",
        "policy_audit",
        "scan",
        *files,
        "--format",
        "csv",
        "--quiet",
        "--exit-zero",
        "--ocr",
        args.ocr,
    ]
    with tempfile.TemporaryDirectory(prefix="bench-scan-") as tmp:
        cache = str(Path(tmp) / "cache")
        plans = [
            ("scan --no-cache --jobs 1", ["--no-cache", "--jobs", "1"]),
            ("scan --no-cache --jobs 2", ["--no-cache", "--jobs", "2"]),
            ("scan --jobs 2 cold cache", ["--cache", cache, "--jobs", "2"]),
            ("scan --jobs 2 warm cache", ["--cache", cache, "--jobs", "2"]),
        ]
        for name, extra in plans:
            out = Path(tmp) / "out.csv"
            with open(out, "wb") as fh:
                s, p, w, n, rc = run_command(scan + extra, watch=True, stdout=fh)
            import csv
            from collections import Counter

            table = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
            rows = len(table)
            run = Run(name, s, p, w, n, rows)
            # a timed-out or crashed document would make a run look faster than it is: say so
            problems = Counter(f"{r['status']} {r['problem']}" for r in table if r["status"] != "ok")
            run.notes.extend(f"{count}x {what}" for what, count in sorted(problems.items()))
            if rc not in (0, 1, 3) or rows != len(files):
                run.notes.append(f"exit {rc}, {rows} rows for {len(files)} files")
                failed = True
            runs.append(run)
            print(f"  {name}: {s:.1f} s", flush=True)

    print()
    print(f"{'run':28} {'wall s':>8} {'peak RSS MB':>12} {'worker peak MB':>15} {'workers':>8} {'rows':>5}  notes")
    for r in runs:
        print(
            f"{r.name:28} {r.seconds:8.2f} {r.peak_rss_mb:12.0f} {r.worker_peak_mb:15.0f} "
            f"{r.workers:8d} {r.rows:5d}  {'; '.join(r.notes)}"
        )

    pdftotext, jobs1, jobs2, cold, warm = runs
    worker_peak = max(r.worker_peak_mb for r in runs[1:])
    checks = [
        (
            "cold jobs2 / pdftotext",
            cold.seconds / pdftotext.seconds,
            f"<= {TARGET_VS_PDFTOTEXT:g}x",
            cold.seconds / pdftotext.seconds <= TARGET_VS_PDFTOTEXT,
        ),
        (
            "jobs1 / jobs2",
            jobs1.seconds / jobs2.seconds,
            f">= {TARGET_JOBS_SPEEDUP:g}x",
            jobs1.seconds / jobs2.seconds >= TARGET_JOBS_SPEEDUP,
        ),
        (
            "cold / warm",
            cold.seconds / warm.seconds,
            f">= {TARGET_WARM_SPEEDUP:g}x",
            cold.seconds / warm.seconds >= TARGET_WARM_SPEEDUP,
        ),
        (
            "peak RSS per worker (MB)",
            worker_peak,
            f"< {TARGET_WORKER_RSS_MB:g}",
            0 < worker_peak < TARGET_WORKER_RSS_MB,
        ),
    ]
    print()
    for name, value, target, ok in checks:
        print(f"{name:28} {value:8.2f}   target {target:8}  {'ok' if ok else 'MISSED'}")
    if warm.workers:
        print(f"note: the warm run started {warm.workers} worker process(es); it should start none")
    if failed:
        return 2
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

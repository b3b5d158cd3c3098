"""Benchmark `scan --cluster` on this machine (issue #16): the cluster against the local pool, and
the cluster's OCR against `tesseract` run directly. Two ratios, and the rates docs/scale.md uses.

1. The same scan (default: the Illinois folder, `--ocr never`, no cache) with the local pool and
   with `--cluster local` (a 2-worker LocalCluster), wall time of the whole command each, start-up
   included: cluster / local.
2. OCR: the image pages of a scanned PDF (default: Palos Park's manual, its pages to OCR) rendered
   once to PNG; `tesseract page.png stdout` run directly on them, N processes at a time
   (OMP_THREAD_LIMIT=1), against the same pages OCR'd by the cluster's page-range tasks on an
   N-worker LocalCluster (rendering included): pages a second each, cluster / direct.
3. Text pages a second a core: a `-j 1` scan of text PDFs (pages from its CSV / wall time).

    python benchmarks/bench_cluster.py [--folder DIR] [--scanned PDF] [--pages 16] [--workers 2]

The machine is shared: run it when it is quiet, and read the ratios, not the seconds.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
CORPUS = REPO.parent / "shared" / "corpus"
IL = CORPUS / "pdf" / "il"
SCANNED = next(iter(sorted((IL / "palos_park").glob("*.pdf"))), None)
TEXT_PDFS = [IL / "northbrook", IL / "springfield"]


def cpu_seconds() -> float:
    """CPU time of this process's finished children and theirs: on a shared machine the wall clock
    measures the neighbours, CPU time the work (pages a CPU-second = pages a second on a free core)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_scan(args: list[str]) -> tuple[float, str]:
    cmd = [sys.executable, "-m", "policy_audit", "scan", *args]
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
    elapsed = time.perf_counter() - started
    global last_cpu
    last_cpu = cpu_seconds() - _cpu_mark
    if done.returncode not in (0, 1, 3):
        raise SystemExit(f"{' '.join(cmd)} failed with exit {done.returncode}: {done.stderr.strip()}")
    return elapsed, done.stdout


last_cpu = 0.0
_cpu_mark = 0.0


def _mark() -> None:
    global _cpu_mark
    _cpu_mark = cpu_seconds()


def scan_ratio(folder: Path, workers: int) -> None:
    common = [str(folder), "--format", "csv", "--ocr", "never", "--no-cache", "--quiet", "-j", str(workers)]
    local, local_csv = run_scan(common)
    cluster, cluster_csv = run_scan([*common, "--cluster", "local"])
    # (the cluster's workers are not this process's children: their CPU time is not comparable here)
    same = _without_seconds(local_csv) == _without_seconds(cluster_csv)
    print(f"scan {folder.name}: local pool {local:.1f} s, {workers}-worker cluster {cluster:.1f} s")
    print(f"  ratio cluster/local: {cluster / local:.2f}  (same rows: {same})")


def _without_seconds(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    for r in rows:
        r.pop("seconds", None)
    return rows


def _render(pdf: Path, pages: list[int], folder: Path) -> list[Path]:
    import pypdfium2 as pdfium

    from policy_audit.extract.ocr import _render_png

    doc = pdfium.PdfDocument(pdf.read_bytes())
    out = []
    try:
        for n in pages:
            target = folder / f"page-{n:04d}.png"
            target.write_bytes(_render_png(doc, n, 300))
            out.append(target)
    finally:
        doc.close()
    return out


def direct_tesseract(pngs: list[Path], processes: int) -> float:
    _mark()
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}

    def one(png: Path) -> None:
        subprocess.run(
            ["tesseract", str(png), "stdout", "-l", "eng", "--psm", "3"], capture_output=True, env=env, check=True
        )

    started = time.perf_counter()
    with ThreadPoolExecutor(processes) as pool:
        list(pool.map(one, pngs))
    elapsed = time.perf_counter() - started
    global last_cpu
    last_cpu = cpu_seconds() - _cpu_mark
    return elapsed


def cluster_ocr(pdf: Path, pages: list[int], workers: int) -> float:
    from dask.distributed import Client, LocalCluster, wait

    from policy_audit.audit import AuditOptions
    from policy_audit.extract.ocr_ranges import split
    from policy_audit.scan.cluster import WorkerTask, ocr_range_on_worker

    task = WorkerTask(AuditOptions(), (), "", None)
    size = max(1, len(pages) // (workers * 2))  # two ranges a worker: the last one does not wait alone
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        client.run(lambda: None)  # workers up before the clock starts
        started = time.perf_counter()
        futures = [client.submit(ocr_range_on_worker, str(pdf), r, task, pure=False) for r in split(pages, size)]
        wait(futures)
        elapsed = time.perf_counter() - started
        got = sum(len([p for p in f.result() if not p.error]) for f in futures)
    if got != len(pages):
        raise SystemExit(f"the cluster OCR'd {got} of {len(pages)} pages")
    return elapsed


def ocr_ratio(pdf: Path, count: int, workers: int) -> None:
    from policy_audit.extract import ReadOptions
    from policy_audit.extract.ocr_ranges import pages_to_ocr

    pages = pages_to_ocr(pdf, ReadOptions())[:count]
    if not pages:
        raise SystemExit(f"{pdf} has no pages to OCR")
    with tempfile.TemporaryDirectory() as tmp:
        pngs = _render(pdf, pages, Path(tmp))
        direct = direct_tesseract(pngs, workers)
        direct_cpu = last_cpu
    ours = cluster_ocr(pdf, pages, workers)
    n = len(pages)
    print(f"OCR {n} pages of {pdf.name}, {workers} processes:")
    print(f"  tesseract direct {n / direct:.2f} pages/s, cluster ranges {n / ours:.2f} pages/s")
    print(f"  ratio cluster/direct (pages/s): {direct / ours:.2f}")
    print(
        f"  OCR pages a CPU-second (tesseract, OMP_THREAD_LIMIT=1): {n / direct_cpu:.2f} ({direct_cpu / n:.2f} s a page)"
    )


def text_rate(folders: list[Path]) -> None:
    _mark()
    seconds, out = run_scan(
        [*map(str, folders), "--format", "csv", "--ocr", "never", "--no-cache", "--quiet", "-j", "1"]
    )
    pages = sum(int(r["pages"] or 0) for r in csv.DictReader(io.StringIO(out)))
    print(f"text: {pages} pages in {seconds:.1f} s with -j 1: {pages / seconds:.1f} pages/s (start-up included)")
    print(f"  {last_cpu:.1f} CPU-seconds: {pages / last_cpu:.1f} pages a CPU-second")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folder", type=Path, default=IL)
    parser.add_argument("--scanned", type=Path, default=SCANNED)
    parser.add_argument("--pages", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-scan", action="store_true", help="not the scan ratio")
    parser.add_argument("--skip-text", action="store_true", help="not the text rate")
    args = parser.parse_args()
    if not args.skip_scan:
        scan_ratio(args.folder, args.workers)
    if args.scanned is None:
        raise SystemExit("no scanned PDF: give --scanned")
    ocr_ratio(args.scanned, args.pages, args.workers)
    if not args.skip_text:
        text_rate([p for p in TEXT_PDFS if p.is_dir()])


if __name__ == "__main__":
    main()

"""Resource limits: --max-bytes and --max-memory reach the reader; a document over the memory limit
is stopped and reported in one line (check: exit 3; scan: one error row, the others intact); the
PDF decompression bomb of the zoo is what it claims to be and is stopped, by the default limit too.

The memory tests allocate for real and are stopped by the watcher (policy_audit.processes.watched); the only
timings are generous safety timeouts.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import zlib
from functools import partial
from pathlib import Path

import pytest
from typer.testing import CliRunner

import policy_audit.audit
import policy_audit.extract
from policy_audit.audit import AuditOptions, audit_path
from policy_audit.cli import app, parse_size
from policy_audit.errors import DocumentError, DocumentProblem, UsageError
from policy_audit.extract import ReadOptions, read_document
from policy_audit.findings import AuditResult, DocumentInfo, Status
from policy_audit.processes import watched
from policy_audit.processes.pool import Pool
from policy_audit.scan import error_row

try:
    from tests.zoo.make_zoo import bomb_pdf, bomb_stream
except ImportError:
    from zoo.make_zoo import bomb_pdf, bomb_stream

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_policies"
EVAL = ROOT / "tests" / "data" / "eval"
MB = 1 << 20
LIMIT = "128MB"  # far above what a sample needs (a few MB), far below the bomb's 5 GB

needs_watcher = pytest.mark.skipif(not watched.can_watch(), reason="needs fork and /proc (Linux)")


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.pdf"
    path.write_bytes(bomb_pdf())
    return path


@pytest.fixture(scope="module")
def mixed(tmp_path_factory, bomb) -> Path:
    """A folder of three good sample policies and the bomb."""
    folder = tmp_path_factory.mktemp("mixed")
    for name in ("strong_policy.pdf", "weak_policy.pdf", "missing_policy.pdf"):
        shutil.copy(SAMPLES / name, folder / name)
    shutil.copy(bomb, folder / "bomb.pdf")
    return folder


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_COLOR="1", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "policy_audit", *map(str, args)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def invoke(*args: str):
    return CliRunner().invoke(app, [str(a) for a in args])


def assert_one_line(stderr: str, *needles: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# -- sizes on the command line ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, size",
    [
        ("512MB", 512 * MB),
        ("2GB", 2 << 30),
        ("1.5g", 3 << 29),
        ("300KiB", 300 << 10),
        ("1048576", MB),
        ("0", 0),
        (" 2 gb ", 2 << 30),
        ("64m", 64 * MB),
    ],
)
def test_sizes_parse(text, size):
    assert parse_size(text, "--max-memory") == size


@pytest.mark.parametrize("text", ["lots", "-1", "1e9", "5PB", "", "MB", "2 GB extra"])
def test_a_bad_size_is_refused(text):
    with pytest.raises(UsageError, match="--max-memory"):
        parse_size(text, "--max-memory")


@pytest.mark.parametrize("command", ["check", "scan", "evaluate"])
@pytest.mark.parametrize("option", ["--max-bytes", "--max-memory"])
def test_a_bad_size_is_a_usage_error_on_every_command(command, option):
    target = EVAL / "labels.json" if command == "evaluate" else SAMPLES / "strong_policy.pdf"
    result = invoke(command, target, option, "lots")
    assert result.exit_code == 2
    assert_one_line(result.stderr, option, "'lots'", "not a size")


def test_audit_options_reach_the_reader(monkeypatch, tmp_path):
    seen = []

    def fake_read(path, options):
        seen.append(options)
        raise DocumentError(path, DocumentProblem.EMPTY, "empty file (0 bytes)")

    monkeypatch.setattr(policy_audit.extract, "read_document", fake_read)
    audit_path(tmp_path / "x.pdf", AuditOptions(max_bytes=1234, max_memory=5678, max_pages=9))
    assert [(o.max_bytes, o.max_memory, o.max_pages) for o in seen] == [(1234, 5678, 9)]


# -- --max-bytes ------------------------------------------------------------------------------


def test_check_max_bytes(tmp_path):
    sample = SAMPLES / "strong_policy.pdf"  # 6.8 KB
    refused = invoke("check", sample, "--max-bytes", "1KB")
    assert refused.exit_code == 3
    assert_one_line(refused.stderr, str(sample), "more than the limit of 1 KB (--max-bytes)")
    assert invoke("check", sample, "--max-bytes", "0", "-f", "json").exit_code == 0  # 0: no limit
    assert invoke("check", sample, "--max-bytes", "8KB", "-f", "json").exit_code == 0


def test_scan_max_bytes(tmp_path):
    result = invoke("scan", SAMPLES, "--max-bytes", "5KB", "-f", "csv", "--no-cache", "-q", "--ocr", "never")
    rows = {Path(r["path"]).name: r for r in csv.DictReader(io.StringIO(result.stdout))}
    big = {n for n in rows if (SAMPLES / n).stat().st_size > 5 * 1024}
    assert big and big != set(rows)  # the samples straddle the limit
    for name, row in rows.items():
        if name in big:
            assert (row["status"], row["problem"]) == ("error", "too_large") and "--max-bytes" in row["reason"]
        else:
            assert row["status"] == "ok", row
    assert result.exit_code == 3


def test_evaluate_max_bytes(tmp_path):
    out = tmp_path / "eval.json"
    result = invoke("evaluate", EVAL / "labels.json", "--max-bytes", "10", "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    found = {d["found"] for d in json.loads(out.read_text())["disagreements"]}
    assert found == {"error"}  # every labelled document refused, so every label disagrees


# -- --max-memory: the watcher ----------------------------------------------------------------


def _hog(cap_mb: int = 1024) -> str:
    """Take memory 8 MB at a time (about 800 MB/s) up to cap_mb; only returns if nobody stops it."""
    held = []
    for _ in range(cap_mb // 8):
        held.append(b"x" * (8 * MB))
        time.sleep(0.01)
    return "not stopped"


def _crash() -> None:
    import faulthandler

    faulthandler.disable()  # pytest's, inherited by the fork: the dump would only clutter the output
    os.kill(os.getpid(), signal.SIGSEGV)


def _refuse(path: str) -> None:
    raise DocumentError(path, DocumentProblem.ENCRYPTED, "encrypted PDF: a password is required")


def _nested_pids() -> tuple[int, int]:
    return os.getpid(), watched.run_watched(os.getpid, memory_limit=64 * MB)


@needs_watcher
def test_run_watched_stops_a_child_past_its_limit_and_keeps_this_process_small():
    before = watched.rss_bytes()
    started = time.monotonic()
    with pytest.raises(watched.MemoryLimitExceeded) as caught:
        watched.run_watched(_hog, memory_limit=64 * MB)
    assert caught.value.limit == 64 * MB
    assert "used more than 64 MB while reading" in str(caught.value)
    assert time.monotonic() - started < 60  # safety: a hog left alone would take ~1.3 s and return
    assert watched.rss_bytes() - before < 64 * MB


@needs_watcher
def test_run_watched_returns_values_raises_errors_and_reports_crashes():
    pid = watched.run_watched(os.getpid, memory_limit=64 * MB)
    assert pid != os.getpid()  # it ran in a child
    assert watched.run_watched(os.getpid, memory_limit=0) == os.getpid()  # 0: no limit, no child
    child, nested = watched.run_watched(_nested_pids, memory_limit=64 * MB)
    assert nested == child  # inside a watched child, no second fork
    with pytest.raises(DocumentError) as caught:
        watched.run_watched(_refuse, "x.pdf", memory_limit=64 * MB)
    assert caught.value.problem is DocumentProblem.ENCRYPTED and caught.value.path == "x.pdf"
    with pytest.raises(watched.ChildCrashed, match="crashed \\(SIGSEGV\\)"):
        watched.run_watched(_crash, memory_limit=64 * MB)


def _watch_a_sleeper(pidfile: str) -> None:
    watched.run_watched(_sleep_and_tell, pidfile, memory_limit=64 * MB)


def _sleep_and_tell(pidfile: str) -> None:
    Path(pidfile).write_text(str(os.getpid()))
    time.sleep(120)


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")  # a zombie no one has reaped yet is dead too


@needs_watcher
def test_a_watched_reader_dies_with_its_watcher(tmp_path):
    """A scan timeout kills the process that reads; the child it forked must not read on, unwatched."""
    pidfile = tmp_path / "pid"
    watcher = multiprocessing.get_context("fork").Process(target=_watch_a_sleeper, args=(str(pidfile),))
    watcher.start()
    child = 0
    try:
        deadline = time.monotonic() + 60
        while not pidfile.exists() or not pidfile.read_text():
            assert time.monotonic() < deadline, "the watched child never started"
            time.sleep(0.02)
        child = int(pidfile.read_text())
        watcher.kill()
        watcher.join(10)
        deadline = time.monotonic() + 10
        while not _gone(child):
            assert time.monotonic() < deadline, "the watched child outlived its watcher"
            time.sleep(0.05)
    finally:
        if child and not _gone(child):
            os.kill(child, signal.SIGKILL)


def _pool_audit(path: str) -> AuditResult:
    if path == "hog":
        watched.run_watched(_hog, memory_limit=64 * MB)
    if path == "grows-after-reading":
        watched.run_watched(len, "read", memory_limit=64 * MB)
        _hog(cap_mb=160)  # not reading any more: the watch has ended
    return AuditResult(document=DocumentInfo(path=path), standard="core")


@needs_watcher
def test_pool_stops_the_worker_over_the_limit_and_finishes_the_others():
    pool = Pool(_pool_audit, partial(error_row, "core"), jobs=2, timeout=120)
    paths = ["a", "hog", "b", "grows-after-reading", "c"]
    results = dict(pool.run(list(enumerate(paths))))
    assert sorted(results) == list(range(len(paths)))
    by_path = {paths[i]: r for i, r in results.items()}
    hog = by_path.pop("hog")
    assert (hog.status, hog.problem) == (Status.ERROR, "too_large")
    assert hog.reason == watched.memory_reason(64 * MB)
    assert all(r.status is Status.OK for r in by_path.values()), by_path
    assert pool.started_workers >= 3  # the hog's worker was replaced


# -- --max-memory on the command line ---------------------------------------------------------


@needs_watcher
def test_check_over_max_memory_is_one_line_and_exit_3(bomb):
    run = run_cli("check", bomb, "--ocr", "never", "--max-memory", LIMIT)
    assert run.returncode == 3, run.stderr
    assert run.stdout == ""
    assert_one_line(run.stderr, str(bomb), "used more than 128 MB while reading", "--max-memory")


@needs_watcher
def test_check_reading_in_this_process_is_watched_too(monkeypatch, bomb):
    """One CPU (no parallel reader): read_document forks its own watched child."""
    monkeypatch.setattr(policy_audit.audit, "_can_fork", lambda: False)
    result = invoke("check", bomb, "--ocr", "never", "--max-memory", LIMIT)
    assert result.exit_code == 3
    assert_one_line(result.stderr, str(bomb), "used more than 128 MB while reading")


def test_without_a_watcher_running_out_of_memory_is_one_line(monkeypatch, tmp_path):
    """No fork or no /proc: the reading runs here, and a MemoryError is still one document's error."""

    def exhausted(path, options):
        raise MemoryError

    monkeypatch.setattr(policy_audit.audit, "_can_fork", lambda: False)
    monkeypatch.setattr(watched, "can_watch", lambda: False)
    monkeypatch.setattr(policy_audit.extract, "_read_document", exhausted)
    sample = SAMPLES / "strong_policy.pdf"
    result = invoke("check", sample)
    assert result.exit_code == 3
    assert_one_line(result.stderr, str(sample), "ran out of memory while reading")


@needs_watcher
def test_scan_over_max_memory_is_one_error_row_and_the_others_are_intact(mixed):
    run = run_cli("scan", mixed, "-f", "csv", "--no-cache", "-q", "--ocr", "never", "--max-memory", LIMIT)
    assert run.returncode == 3, run.stderr
    assert "Traceback" not in run.stderr
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    by_name = {Path(r["path"]).name: r for r in rows}
    assert sorted(by_name) == sorted(p.name for p in mixed.iterdir()) and len(rows) == len(by_name)
    bomb = by_name.pop("bomb.pdf")
    assert (bomb["status"], bomb["problem"]) == ("error", "too_large")
    assert bomb["reason"] == watched.memory_reason(128 * MB)
    assert all(r["status"] == "ok" for r in by_name.values()), by_name
    assert by_name["strong_policy.pdf"]["intervene.duty"] == "strong"
    assert by_name["weak_policy.pdf"]["intervene.duty"] == "weak"


@needs_watcher
def test_evaluate_over_max_memory_counts_the_document_as_unread(tmp_path, bomb):
    shutil.copy(bomb, tmp_path / "bomb.pdf")
    shutil.copy(EVAL / "alpha.txt", tmp_path / "alpha.txt")
    absent = {"grade": "absent", "quote": "", "page": None}
    labels = {
        "docs": [
            {"doc": "bomb.pdf", "labels": {"intervene.duty": absent}},
            {"doc": "alpha.txt", "labels": {"intervene.duty": {**absent, "grade": "strong"}}},
        ]
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels))
    out = tmp_path / "eval.json"
    result = invoke("evaluate", tmp_path / "labels.json", "--max-memory", LIMIT, "-f", "json", "-o", out)
    assert result.exit_code == 0, result.stderr
    disagreements = json.loads(out.read_text())["disagreements"]
    assert [(d["doc"], d["found"]) for d in disagreements] == [("bomb.pdf", "error")]


# -- the PDF bomb -----------------------------------------------------------------------------


def test_bomb_is_small_and_inflates_to_4_gib_of_spaces():
    data = bomb_pdf()
    assert len(data) < 16 * 1024
    assert b"/Filter [/FlateDecode /FlateDecode]" in data
    inner = zlib.decompress(bomb_stream())  # the outer layer: a few MB
    assert inner[:2] == b"\x78\xda"
    # The inner stream is one full-flushed deflate block, repeated: each block resets the
    # compressor, so each inflates on its own, to one MiB of spaces.
    block = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
    block = block.compress(b" " * MB) + block.flush(zlib.Z_FULL_FLUSH)
    assert zlib.decompressobj(-15).decompress(block) == b" " * MB
    body = inner[2:]
    assert body[: 4096 * len(block)] == block * 4096  # 4096 MiB
    assert len(body) - 4096 * len(block) <= 16  # then the final empty block and the checksum


def test_bomb_stream_is_valid_zlib_checksum_included():
    inflated = zlib.decompress(zlib.decompress(bomb_stream(16 * MB)))  # zlib checks the Adler-32
    assert inflated == b" " * (16 * MB)


@needs_watcher
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_bomb_is_stopped_by_either_pdf_engine(bomb, engine):
    with pytest.raises(DocumentError) as caught:
        read_document(bomb, ReadOptions(engine=engine, ocr="never", max_memory=128 * MB))
    assert caught.value.problem is DocumentProblem.TOO_LARGE
    assert str(caught.value) == f"{bomb}: {watched.memory_reason(128 * MB)}"


def _available_memory() -> int:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


@pytest.mark.slow
@needs_watcher
@pytest.mark.skipif(_available_memory() < 4 << 30, reason="the default limit lets the bomb take 2 GB; needs 4 GB free")
def test_bomb_is_stopped_by_the_default_limit(bomb):
    assert ReadOptions().max_memory == AuditOptions().max_memory == 2 << 30
    with pytest.raises(DocumentError) as caught:
        read_document(bomb, ReadOptions(ocr="never"))
    assert caught.value.problem is DocumentProblem.TOO_LARGE
    assert "used more than 2048 MB while reading" in caught.value.reason


# -- the README -------------------------------------------------------------------------------


def test_the_readme_documents_every_limit_with_its_default():
    import re

    from policy_audit import cli
    from policy_audit.scan import ScanOptions

    readme = (ROOT / "README.md").read_text()
    defaults = {
        "--max-pages": str(cli.MaxPagesOption.default),
        "--max-bytes": f"`{cli.MaxBytesOption.default}`",
        "--max-memory": f"`{cli.MaxMemoryOption.default}`",
        "--timeout": f"{ScanOptions().timeout:g}",
    }
    for option, default in defaults.items():
        row = re.search(rf"^\| `{option}[ `][^\n]*$", readme, re.M)
        assert row, f"README: no row for {option} in the options table"
        assert f"(default {default}" in row.group(0), f"README: {option} should say (default {default}: {row.group(0)}"
    assert parse_size(cli.MaxMemoryOption.default, "") == AuditOptions().max_memory == ReadOptions().max_memory
    assert parse_size(cli.MaxBytesOption.default, "") == AuditOptions().max_bytes == ReadOptions().max_bytes

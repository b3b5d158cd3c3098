"""scan --cluster: documents audited on Dask (issue #16, scope 1 and the acceptance tests).

The worker's function is tested here in this process (it is what Dask ships): the same limits as
the local pool, a crash or an overrun costs one row and the worker lives on. Then a real
``LocalCluster(processes=True, n_workers=2)`` scans the Illinois folder through ``--cluster``, and
a worker is killed in the middle of a scan.
"""

from __future__ import annotations

import csv
import io
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="Dask is the cluster extra (pip install 'policy-audit[cluster]')")

from scan_helpers import STRONG_TEXT  # noqa: E402

from policy_audit.audit import AuditOptions  # noqa: E402
from policy_audit.errors import DocumentProblem  # noqa: E402
from policy_audit.findings import AuditResult, DocumentInfo, Status  # noqa: E402
from policy_audit.scan import cluster  # noqa: E402
from policy_audit.scan.batch import error_row  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
IL = CORPUS / "pdf" / "il"


def task(timeout=None, digest="d1", **options):
    return cluster.WorkerTask(AuditOptions(**options), (), digest, timeout)


@pytest.fixture
def worker_fn(monkeypatch):
    """Put an audit function in the worker's cache, as _prepare would after loading the rules."""
    prepared: dict = {}
    monkeypatch.setattr(cluster, "_prepared", prepared)

    def install(fn, t, digest="d1"):
        prepared[(t.audit_options, t.rules_dirs)] = (digest, fn)

    return install


def crash(path):
    import faulthandler

    faulthandler.disable()  # pytest's stack dump would only be noise here
    os.kill(os.getpid(), signal.SIGSEGV)


def hang(path):
    time.sleep(60)


def ok(path):
    return AuditResult(DocumentInfo(path, pages=3), "core", seconds=0.1)


def test_a_document_is_audited_in_a_child_and_its_row_comes_back(worker_fn):
    t = task()

    def where(path):
        return AuditResult(DocumentInfo(path, engine=str(os.getpid())), "core")

    worker_fn(where, t)
    result = cluster.audit_on_worker("/x/a.pdf", t)
    assert result.status is Status.OK
    assert int(result.document.engine) != os.getpid()  # not in the worker process itself


def test_a_crash_in_c_code_is_one_error_row_and_the_worker_lives_on(worker_fn):
    t = task()
    worker_fn(crash, t)
    result = cluster.audit_on_worker("/x/bad.pdf", t)
    assert (result.status, result.problem) == (Status.ERROR, DocumentProblem.CORRUPT.value)
    assert "SIGSEGV" in result.reason
    worker_fn(ok, t)
    assert cluster.audit_on_worker("/x/good.pdf", t).status is Status.OK


def test_the_time_limit_holds_on_a_worker(worker_fn):
    t = task(timeout=1.0)
    worker_fn(hang, t)
    started = time.monotonic()
    result = cluster.audit_on_worker("/x/slow.pdf", t)
    assert result.problem == DocumentProblem.TIMEOUT.value
    assert time.monotonic() - started < 30


def test_a_daemonic_worker_still_forks_its_document(worker_fn):
    # A Dask nanny starts its worker as a daemon process: multiprocessing would refuse the child.
    t = task()
    worker_fn(ok, t)
    config = multiprocessing.current_process()._config
    was = config.get("daemon")
    config["daemon"] = True
    try:
        assert cluster.audit_on_worker("/x/a.pdf", t).status is Status.OK
        assert config["daemon"] is True  # put back
    finally:
        config["daemon"] = was


def test_a_worker_with_other_rules_says_so_instead_of_grading(worker_fn):
    t = task(digest="client-digest")
    worker_fn(ok, t, digest="worker-digest")
    result = cluster.audit_on_worker("/x/a.pdf", t)
    assert result.status is Status.ERROR
    assert "rules differ" in result.reason


def test_the_real_worker_function_audits_a_document(tmp_path, monkeypatch):
    from policy_audit.rulebook import rule_sources_digest

    monkeypatch.setattr(cluster, "_prepared", {})
    doc = tmp_path / "order.txt"
    doc.write_text(STRONG_TEXT)
    result = cluster.audit_on_worker(str(doc), task(digest=rule_sources_digest(())))
    assert result.status is Status.OK
    assert result.finding("intervene.duty").grade.value == "strong"


class _Future:
    def __init__(self, exc):
        self.exc = exc

    def result(self):
        raise self.exc


def test_a_document_that_keeps_killing_workers_becomes_an_error_row():
    from distributed.scheduler import KilledWorker

    pool = cluster.ClusterPool.__new__(cluster.ClusterPool)
    pool.error_fn = lambda path, problem, reason: error_row("core", path, problem, reason)
    row = pool._result(_Future(KilledWorker("audit-x", "tcp://w", 3)), "/x/bomb.pdf")
    assert row.status is Status.ERROR
    assert row.reason == cluster.killed_reason()
    row = pool._result(_Future(RuntimeError("boom")), "/x/odd.pdf")
    assert "boom" in row.reason


def test_a_bad_cluster_address_is_one_usage_error():
    from policy_audit.errors import UsageError

    with pytest.raises(UsageError, match="tcp://host:8786"):
        cluster.connect("somewhere", 1)


# -- a real cluster --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster():
    from dask.distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    client = Client(local)
    yield local, client
    client.close()
    local.close()


def policy_audit_cmd(*args):
    return subprocess.Popen(
        [sys.executable, "-m", "policy_audit", *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )


def finish(proc, timeout=900):
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def rows_without_timings(out):
    rows = list(csv.DictReader(io.StringIO(out)))
    for r in rows:
        r.pop("seconds", None)  # present only with --timings once that option lands
    return rows


SCAN = ("--format", "csv", "--ocr", "never", "--no-cache", "--quiet", "--exit-zero", "-j", "2")


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not IL.is_dir(), reason="corpus not present")
def test_acceptance_the_illinois_folder_on_a_cluster_equals_the_local_scan(dask_cluster, tmp_path):
    local_cluster, _ = dask_cluster
    local = finish(policy_audit_cmd("scan", IL, *SCAN))
    on_cluster = finish(policy_audit_cmd("scan", IL, *SCAN, "--cluster", local_cluster.scheduler_address))
    assert local[0] == on_cluster[0], on_cluster[2]  # 3: the scanned manuals are no_text under --ocr never
    expected = rows_without_timings(local[1])
    assert len(expected) == len(list(IL.rglob("*.pdf")))
    assert rows_without_timings(on_cluster[1]) == expected  # row for row, grade for grade


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.skipif(not IL.is_dir(), reason="corpus not present")
def test_acceptance_killing_a_worker_mid_scan_still_gives_every_row(dask_cluster, tmp_path):
    local_cluster, client = dask_cluster
    # Northbrook's 642-page manual keeps a worker busy for seconds: that worker is the one killed.
    docs = [IL / "northbrook", IL / "springfield"]
    local = finish(policy_audit_cmd("scan", *docs, *SCAN))
    proc = policy_audit_cmd("scan", *docs, *SCAN, "--cluster", local_cluster.scheduler_address)
    killed = None
    deadline = time.monotonic() + 600
    while killed is None and time.monotonic() < deadline and proc.poll() is None:
        for address, keys in client.processing().items():
            if any("Northbrook" in str(k) for k in keys):
                time.sleep(1.0)  # let it get into the document
                pid = client.run(os.getpid, workers=[address])[address]
                os.kill(pid, signal.SIGKILL)
                killed = pid
                break
        time.sleep(0.1)
    code, out, err = finish(proc)
    assert killed is not None, "the manual was never seen on a worker"
    assert code == 0, err
    assert rows_without_timings(out) == rows_without_timings(local[1])  # the killed document too
    assert all(r["status"] != "error" for r in rows_without_timings(out))

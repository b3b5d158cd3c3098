"""Batch scans, with an injected audit function: one row per input, departments, limits, cache."""

from __future__ import annotations

import faulthandler
import os
import signal
from pathlib import Path

from scan_helpers import FakeRules, fake_audit, make_departments

from policy_audit.departments import GroupBy
from policy_audit.findings import Grade, Status
from policy_audit.report.output_folder import report_names
from policy_audit.scan import ScanOptions, scan, summary_line


def options(tmp_path, **over):
    args = dict(jobs=2, timeout=20, cache_dir=None)
    args.update(over)
    return ScanOptions(**args)


def counting_audit(counter: Path):
    """fake_audit that appends a line to ``counter`` per call (works across forked workers)."""

    def audit(path):
        with open(counter, "a") as fh:
            fh.write(path + "\n")
        return fake_audit(path)

    return audit


def calls(counter: Path) -> int:
    return len(counter.read_text().splitlines()) if counter.exists() else 0


def by_name(batch):
    return {Path(r.document.path).name + "@" + r.group: r for r in batch.results}


def test_two_departments_one_row_per_input_and_best_grade_per_department(tmp_path):
    files = make_departments(tmp_path / "in")
    batch = scan([tmp_path / "in"], options(tmp_path), rules=FakeRules(), audit_fn=fake_audit)

    assert len(batch.results) == len(files) == sum(batch.counts().values())
    assert batch.counts() == {"ok": 4, "no_text": 0, "error": 2}
    rows = by_name(batch)
    assert rows["broken.pdf@beta"].status is Status.ERROR and rows["broken.pdf@beta"].problem == "corrupt"
    assert rows["empty.txt@alpha"].status is Status.ERROR
    assert rows["300-force.txt@alpha"].finding("intervene.duty").grade is Grade.STRONG
    # sorted input order, and the paths are as the user named them (not resolved)
    assert [r.document.path for r in batch.results] == sorted(str(p) for p in files.values())

    alpha, beta = batch.groups
    assert (alpha.name, beta.name) == ("alpha", "beta")
    assert alpha.grades[0].grade is Grade.STRONG and alpha.grades[0].document == str(files["alpha_strong"])
    assert "shall intervene" in alpha.grades[0].evidence.quote
    assert beta.grades[0].grade is Grade.WEAK and beta.grades[0].document == str(files["beta_weak"])
    assert [g.criterion for g in alpha.grades] == ["intervene.duty", "medical.aid"]
    assert alpha.grades[1].grade is Grade.ABSENT
    assert "6 documents: 4 ok, 2 error" in summary_line(batch)


def test_missing_paths_and_symlink_loops_are_rows_and_the_rest_still_runs(tmp_path):
    files = make_departments(tmp_path / "in")
    (tmp_path / "in" / "alpha" / "loop").symlink_to(tmp_path / "in")
    batch = scan(
        [tmp_path / "in", tmp_path / "nope.pdf"], options(tmp_path, jobs=1), rules=FakeRules(), audit_fn=fake_audit
    )
    assert len(batch.results) == len(files) + 2
    errors = {Path(r.document.path).name: r.reason for r in batch.results if r.status is Status.ERROR}
    assert "symlink loop" in errors["loop"]
    assert "no such file" in errors["nope.pdf"]


def test_a_document_that_hangs_times_out_and_the_others_finish(tmp_path, monkeypatch):
    files = make_departments(tmp_path / "in")
    monkeypatch.setenv("TEST_HANG_ON", "301-force.txt")
    batch = scan([tmp_path / "in"], options(tmp_path, timeout=1.0), rules=FakeRules(), audit_fn=fake_audit)
    assert len(batch.results) == len(files)
    hung = by_name(batch)["301-force.txt@beta"]
    assert (hung.status, hung.problem) == (Status.ERROR, "timeout")
    assert hung.group == "beta"
    assert batch.counts()["ok"] == 3


def test_a_worker_that_crashes_costs_one_row(tmp_path):
    files = make_departments(tmp_path / "in")

    def crashy(path):
        if path.endswith("410-parking.txt") and "alpha" in path:
            faulthandler.disable()  # pytest's handler would print the child's stack: noise
            os.kill(os.getpid(), signal.SIGSEGV)
        return fake_audit(path)

    batch = scan([tmp_path / "in"], options(tmp_path, jobs=1), rules=FakeRules(), audit_fn=crashy)
    assert len(batch.results) == len(files)
    crashed = by_name(batch)["410-parking.txt@alpha"]
    assert crashed.status is Status.ERROR and "SIGSEGV" in crashed.reason
    assert batch.counts()["ok"] == 3


def test_a_python_error_in_the_audit_is_a_row_too(tmp_path):
    make_departments(tmp_path / "in")

    def buggy(path):
        if path.endswith("301-force.txt"):
            raise MemoryError
        return fake_audit(path)

    batch = scan([tmp_path / "in"], options(tmp_path), rules=FakeRules(), audit_fn=buggy)
    row = by_name(batch)["301-force.txt@beta"]
    assert (row.status, row.problem) == (Status.ERROR, "too_large")


def test_second_run_comes_from_the_cache_without_auditing(tmp_path):
    make_departments(tmp_path / "in")
    counter = tmp_path / "calls.txt"
    opts = options(tmp_path, cache_dir=str(tmp_path / "cache"))
    first = scan([tmp_path / "in"], opts, rules=FakeRules(), audit_fn=counting_audit(counter))
    assert calls(counter) == 6 and first.cached == 0

    second = scan([tmp_path / "in"], opts, rules=FakeRules(), audit_fn=counting_audit(counter))
    assert calls(counter) == 8  # only the two errors (empty, corrupt) are audited again
    assert second.cached == 4
    assert [r.to_dict() | {"seconds": 0} for r in second.results if r.status is Status.OK] == [
        r.to_dict() | {"seconds": 0} for r in first.results if r.status is Status.OK
    ]

    # same bytes at another path: a hit, reported under the new path and group
    (tmp_path / "in2" / "gamma").mkdir(parents=True)
    copy = tmp_path / "in2" / "gamma" / "copy.txt"
    copy.write_bytes((tmp_path / "in" / "alpha" / "300-force.txt").read_bytes())
    third = scan([copy], opts, rules=FakeRules(), audit_fn=counting_audit(counter))
    assert calls(counter) == 8 and third.cached == 1
    assert third.results[0].document.path == str(copy) and third.results[0].group == "gamma"


def test_everything_cached_starts_no_worker(tmp_path, monkeypatch):
    make_departments(tmp_path / "in")
    for bad in ("alpha/empty.txt", "beta/broken.pdf"):
        (tmp_path / "in" / bad).unlink()
    opts = options(tmp_path, cache_dir=str(tmp_path / "cache"))
    scan([tmp_path / "in"], opts, rules=FakeRules(), audit_fn=fake_audit)

    import policy_audit.processes.pool

    def no_pool(*a, **k):
        raise AssertionError("a worker pool was started for a fully cached scan")

    monkeypatch.setattr(policy_audit.processes.pool, "Pool", no_pool)
    batch = scan([tmp_path / "in"], opts, rules=FakeRules(), audit_fn=fake_audit)
    assert batch.cached == len(batch.results) == 4


def test_no_cache_neither_reads_nor_writes(tmp_path):
    make_departments(tmp_path / "in")
    counter = tmp_path / "calls.txt"
    opts = options(tmp_path, cache_dir=None)
    scan([tmp_path / "in"], opts, rules=FakeRules(), audit_fn=counting_audit(counter))
    batch = scan([tmp_path / "in"], opts, rules=FakeRules(), audit_fn=counting_audit(counter))
    assert calls(counter) == 12 and batch.cached == 0


def test_groups_csv_and_group_by(tmp_path):
    files = make_departments(tmp_path / "in")
    csv = tmp_path / "in" / "groups.csv"
    csv.write_text("path,department\nbeta/301-force.txt,Gamma County\n")
    batch = scan([tmp_path / "in"], options(tmp_path, groups_csv=str(csv)), rules=FakeRules(), audit_fn=fake_audit)
    assert {g.name: len(g.documents) for g in batch.groups} == {"Gamma County": 1, "alpha": 3, "beta": 2}
    gamma = next(g for g in batch.groups if g.name == "Gamma County")
    assert gamma.grades[0].grade is Grade.WEAK
    beta = next(g for g in batch.groups if g.name == "beta")
    assert beta.grades[0].grade is Grade.ABSENT  # its only clause now belongs to Gamma County

    none = scan([tmp_path / "in"], options(tmp_path, group_by=GroupBy.none), rules=FakeRules(), audit_fn=fake_audit)
    assert none.groups == () and all(r.group == "" for r in none.results)
    per_file = scan(
        [files["alpha_strong"]], options(tmp_path, group_by=GroupBy.file), rules=FakeRules(), audit_fn=fake_audit
    )
    assert [g.name for g in per_file.groups] == ["300-force.txt"]


def test_globs(tmp_path):
    make_departments(tmp_path / "in")
    batch = scan([str(tmp_path / "in" / "*" / "*force.txt")], options(tmp_path), rules=FakeRules(), audit_fn=fake_audit)
    assert sorted(Path(r.document.path).name for r in batch.results) == ["300-force.txt", "301-force.txt"]


class InterruptAfter:
    """A progress display whose user presses Ctrl-C after ``n`` documents."""

    def __init__(self, n):
        self.n = n

    def start(self, total):
        pass

    def working_on(self, path):
        pass

    def done(self, path):
        self.n -= 1
        if self.n == 0:
            raise KeyboardInterrupt

    def stop(self):
        pass


def test_ctrl_c_keeps_what_finished(tmp_path):
    make_departments(tmp_path / "in")
    batch = scan(
        [tmp_path / "in"], options(tmp_path, jobs=1), rules=FakeRules(), audit_fn=fake_audit, progress=InterruptAfter(3)
    )
    assert batch.interrupted
    assert 0 < len(batch.results) < 6
    assert "interrupted" in summary_line(batch)


def test_report_names_are_unique_and_safe():
    names = report_names(["a/Bloom ington/101.pdf", "a/springfield/101.pdf", "a/springfield/101.PDF", "a/x/../ü?.txt"])
    assert len({n.lower() for n in names}) == 4
    assert all(all(c.isalnum() or c in "._-" for c in n) for n in names)
    assert names[0] == "Bloom_ington__101.pdf"

"""The cycle collector as a command leaves it: young objects collected in larger batches, and what is
prepared frozen, so that a manual's sentences do not make the collector walk spaCy and the rules."""

from __future__ import annotations

import gc
import subprocess
import sys

from policy_audit.processes import collector


def test_tune_collects_young_objects_in_larger_batches_and_keeps_the_older_thresholds():
    before = gc.get_threshold()
    try:
        collector.tune()
        assert gc.get_threshold() == (collector.YOUNG, before[1], before[2])
        assert before[0] < collector.YOUNG
    finally:
        gc.set_threshold(*before)


def test_settle_freezes_what_exists_once(monkeypatch):
    monkeypatch.setattr(collector, "_settled", False)
    try:
        collector.settle()
        frozen = gc.get_freeze_count()
        assert frozen > 0
        later = [[n] for n in range(1000)]  # made after: a second settle must not freeze them
        collector.settle()
        assert gc.get_freeze_count() == frozen
        assert later
    finally:
        gc.unfreeze()


def test_check_settles_after_preparing_and_still_collects_cycles(tmp_path):
    """In the process that grades: the prepared heap is frozen and a cycle made afterwards is collected."""
    probe = tmp_path / "probe.py"
    probe.write_text(
        "import gc, sys, weakref\n"
        "import policy_audit.cli.check_command as c\n"
        "real = c._prepared_rules\n"
        "def watched(*a, **k):\n"
        "    rules = real(*a, **k)\n"
        "    class Node: pass\n"
        "    n = Node(); n.me = n; ref = weakref.ref(n); del n\n"
        "    gc.collect()\n"
        "    print('frozen', gc.get_freeze_count() > 10000, 'cycle freed', ref() is None, 'young', gc.get_threshold()[0],\n"
        "          file=sys.stderr)\n"
        "    return rules\n"
        "c._prepared_rules = watched\n"
        "sys.argv = ['policy-audit', 'check', sys.argv[1], '--format', 'json', '--no-cache', '--exit-zero']\n"
        "from policy_audit.cli import main\n"
        "main()\n"
    )
    doc = tmp_path / "order.txt"
    doc.write_text("USE OF FORCE\nOfficers shall intervene to stop excessive force by another officer.\n")
    done = subprocess.run([sys.executable, str(probe), str(doc)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"frozen True cycle freed True young {collector.YOUNG}" in done.stderr

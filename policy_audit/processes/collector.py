"""CPython's cycle collector, tuned for what this tool's processes do.

A check builds a large heap that lives as long as the process (spaCy's vocabulary and pipeline, the
rule set, the matchers), then a manual's pages, sentences and tokens, which hardly ever form cycles.
With CPython's defaults (a collection of the youngest objects every 700 new containers, and now and
then one that walks the whole heap), collecting found next to nothing and cost about 0.2 s of CPU in
a check of the 642-page manual: 0.04 s in the reader, the rest in the process that grades. With the
two changes below it cost 0.05 s.

* :func:`tune`, at the start of a command: the youngest objects are collected every ``YOUNG``
  new containers instead of 700, so the reader's and the grader's burst of sentences is walked a
  few times, not hundreds.
* :func:`settle`, once the long-lived heap is built: it is frozen (``gc.freeze``), so no later
  collection walks it again, and a forked child that collects does not write to its pages and copy
  them (copy-on-write).

Cycles are still collected, later: memory is measured by ``benchmarks/bench_check.py``.
"""

from __future__ import annotations

import gc

YOUNG = 10_000


def tune() -> None:
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)


_settled = False


def settle() -> None:
    """What exists now lives until the process ends: never walked by the collector again. Only the first
    call freezes: what is frozen is never freed, and `check a.md b.md` prepares once but runs the
    command once per document, whose leftovers must stay collectable."""
    global _settled
    if not _settled:
        gc.freeze()
        _settled = True

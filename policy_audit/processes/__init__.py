"""Work in other processes, with the parent in charge: the one home for forking.

* ``forked_call``: one function in a forked child, its value collected (``check`` reads while the
  rules load; a scan reads its largest document ahead; grading splits over two cores);
* ``watched``: one function under a memory limit, in a child its parent watches (``--max-memory``);
* ``pool``: many documents over forked workers, each with a time limit and crash isolation;
* ``collector``: the cycle collector tuned for a process that prepares a large heap, then reads.

Nothing is imported here: a warm scan touches ``forked_call`` and must not pay for multiprocessing.
See ``docs/design/processes.md`` for the measurements behind these choices.
"""

"""Exceptions made ready to cross a pipe between processes.

A child sends its failure to the parent pickled. Two things can break that. Some libraries' exceptions
pickle but cannot be rebuilt (defusedxml's refusals want six arguments). And tblib, which
dask.distributed installs process-wide, pickles an exception's chain and traceback along with it, so
a clean DocumentError raised while handling such an exception drags it along. The parent then fails
to unpickle, and a document's one-line error became "the reader failed: TypeError".
"""

from __future__ import annotations

import pickle


def portable(exc: BaseException) -> BaseException:
    """``exc`` without its chain and traceback when it survives a round trip through pickle, else a
    RuntimeError naming it in one line."""
    exc.__cause__ = None
    exc.__context__ = None
    exc.__traceback__ = None
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - whatever the library's exception does on the way
        return RuntimeError(f"{type(exc).__name__}: {' '.join(str(exc).split())}")
    return exc

"""'Did you mean' for mistyped names (criterion ids, standards), as git and click do for commands."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(word: str, known: Iterable[str]) -> list[str]:
    known = list(known)
    found = difflib.get_close_matches(word, known, n=3, cutoff=0.8)
    if not found:
        # "duty" for "intervene.duty": a criterion is often typed by its last part alone
        found = [k for k in known if k.rsplit(".", 1)[-1] == word.rsplit(".", 1)[-1]][:3]
    return found


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """ "; did you mean 'intervene.duty'?" to append to an error, or "" when nothing is close."""
    found = close_matches(word, known)
    if not found:
        return ""
    names = [repr(f) for f in found]
    listed = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"; did you mean {listed}?"

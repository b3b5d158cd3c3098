"""Agreement figures between two gradings of the same items: pure functions, no I/O.

A confusion matrix is a mapping ``{expected: {found: count}}``. Categories are plain strings (grade
names), so a found category that is not a grade ("no_text", "error") can sit in a column of its own
and still count against agreement.

Every figure that has a zero denominator is ``None`` rather than a made-up 0 or 1: a precision with
no positive predictions, a recall with no positive labels, a kappa when chance agreement is already
perfect (every item in one category on both sides). Reports print ``None`` as "n/a".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

Matrix = Mapping[str, Mapping[str, int]]

__all__ = [
    "Matrix",
    "accuracy",
    "categories",
    "cohen_kappa",
    "confusion_matrix",
    "merge",
    "precision",
    "recall",
    "total",
]


def confusion_matrix(pairs: Iterable[tuple[str, str]], labels: Sequence[str] = ()) -> dict[str, dict[str, int]]:
    """Count (expected, found) pairs. ``labels`` fixes the order and adds zero rows/columns;
    categories met in ``pairs`` but not in ``labels`` are appended in sorted order."""
    pairs = list(pairs)
    extra = sorted({c for pair in pairs for c in pair} - set(labels))
    cats = list(dict.fromkeys(labels)) + extra
    out = {e: {f: 0 for f in cats} for e in cats}
    for expected, found in pairs:
        out[expected][found] += 1
    return out


def categories(matrix: Matrix) -> list[str]:
    """Every row and column name, rows first, in order of first appearance."""
    seen: dict[str, None] = {}
    for e, row in matrix.items():
        seen.setdefault(e, None)
        for f in row:
            seen.setdefault(f, None)
    return list(seen)


def total(matrix: Matrix) -> int:
    return sum(sum(row.values()) for row in matrix.values())


def merge(matrices: Iterable[Matrix]) -> dict[str, dict[str, int]]:
    """Add matrices cell by cell (pooling several criteria)."""
    out: dict[str, dict[str, int]] = {}
    for m in matrices:
        for e, row in m.items():
            for f, n in row.items():
                out.setdefault(e, {})
                out[e][f] = out[e].get(f, 0) + n
    cats = categories(out)
    return {e: {f: out.get(e, {}).get(f, 0) for f in cats} for e in cats}


def _cell(matrix: Matrix, expected: str, found: str) -> int:
    return matrix.get(expected, {}).get(found, 0)


def accuracy(matrix: Matrix) -> float | None:
    """Share of items where found equals expected; None when there are no items."""
    n = total(matrix)
    if n == 0:
        return None
    return sum(_cell(matrix, c, c) for c in categories(matrix)) / n


def precision(matrix: Matrix, positive: str) -> float | None:
    """Of the items found ``positive``, the share expected ``positive``; None when none was found."""
    found_pos = sum(row.get(positive, 0) for row in matrix.values())
    if found_pos == 0:
        return None
    return _cell(matrix, positive, positive) / found_pos


def recall(matrix: Matrix, positive: str) -> float | None:
    """Of the items expected ``positive``, the share found ``positive``; None when none was expected."""
    expected_pos = sum(matrix.get(positive, {}).values())
    if expected_pos == 0:
        return None
    return _cell(matrix, positive, positive) / expected_pos


def cohen_kappa(matrix: Matrix) -> float | None:
    """Cohen's kappa: (po - pe) / (1 - pe).

    None when there are no items, or when chance agreement pe is 1 (both sides put every item in
    the same single category): kappa is then 0/0, and no number would be honest.
    """
    n = total(matrix)
    if n == 0:
        return None
    cats = categories(matrix)
    po = sum(_cell(matrix, c, c) for c in cats) / n
    row_tot = {c: sum(matrix.get(c, {}).values()) for c in cats}
    col_tot = {c: sum(row.get(c, 0) for row in matrix.values()) for c in cats}
    pe = sum(row_tot[c] * col_tot[c] for c in cats) / (n * n)
    if abs(1.0 - pe) < 1e-12:
        return None
    return (po - pe) / (1.0 - pe)

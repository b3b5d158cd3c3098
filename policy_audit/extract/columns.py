"""Column detection: where a page's text is set in columns, and the order to read them in.

Both PDF engines can interleave the columns of a page line by line ("left line 1 right line 1 /
left line 2 ..."): pdfplumber always (it reads by lines across the page), PDFium when the producer
wrote the page row by row. Every sentence is then destroyed. This module looks only at geometry, so
it serves both engines: given the page and the boxes of its text (lines, pieces of lines or words),
:func:`find_regions` returns the regions to read one after the other, or None for an ordinary page,
which the engines then read as before.

How it decides:

* Words closer than a gutter are joined into pieces of line, and pieces into rows.
* Gutter candidates are points of the text's middle half that many rows leave clear with text
  just left of them, and many rows leave clear with text just right of them (counted apart, since
  columns whose baselines differ give rows with text on one side only).
* Rows are swept top to bottom. A *band* is a run of rows that leave every candidate clear; its
  gutters are the strips all of them leave clear, at least a gutter wide. A row across a candidate
  (a title, a full-width paragraph, a running header or footer, a centred heading) or a large
  vertical gap ends the band: full-width lines do not hide a gutter, they only bound it.
* A band is read as columns only when every column holds text of its own: several rows, mostly ink
  (not the blank between a table's cells or the dots of leaders), at least a fifth of the text's
  width (not a column of list markers or numbers), of comparable widths (not a label column beside
  its values), and paragraphs that do not all start on the same lines (the rows of a table).
* Everything else is read as it always was. A false split scrambles a good page; a missed split
  leaves the page as the engine reads it. Every threshold leans towards not splitting.

Coordinates: x grows to the right and y grows downwards (``top < bottom``), as in pdfplumber. An
engine whose y grows upwards (PDFium) passes negated y values and negates the regions back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from statistics import median


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


# Pages larger than this (points; 200 inches, the largest a PDF page can be without UserUnit) are
# not looked at: the detection works on a one-point grid.
MAX_PAGE = 14400.0
# Boxes lower than this (points) are dots of leaders and rules set as glyphs: they do not count
# towards the height of a line of text.
MIN_LINE_HEIGHT = 2.5
# Fewer boxes than this cannot make two columns of MIN_ROWS rows.
MIN_BOXES = 10
# A gutter keeps this share of the text's width clear of it on each side: text columns are wide,
# while the gap after a list marker, a section number or a form label sits near the margin.
EDGE_SHARE = 0.25
# A gutter has text within this share of the text's width on its left and on its right (column
# lines end raggedly before it; they do not end a column's width away).
REACH = 0.15
# Every column is at least this share of the text's width: narrower ones are table cells, list
# markers or the dots of leaders.
MIN_COLUMN_SHARE = 0.2
# A gutter is at least this wide (points, and line heights): narrower gaps are word spaces.
MIN_GUTTER_PT = 6.0
MIN_GUTTER_LINES = 0.8
# A vertical gap of this many line heights ends a band: the running footer far below the columns,
# or the next section, is not part of them.
MAX_ROW_GAP = 2.5
# Each column has at least this many rows of text.
MIN_ROWS = 5
# Text covers at least this share of a column's rows (words are joined into pieces of line first):
# cells of a table and the dots of leaders leave most of it blank.
INK_SHARE = 0.5
# The narrowest column is at least this share of the widest (a label or number column beside a
# text column is a table or a form, not a page layout).
BALANCE = 0.4
# Paragraphs that start on the same line in every column are the rows of a table: a band is not
# read as columns when at least this share of its paragraph starts line up (given two a column).
ALIGNED_STARTS = 0.6

Interval = tuple[float, float]


@dataclass(frozen=True)
class _Row:
    pieces: tuple[Box, ...]  # left to right
    top: float
    bottom: float


@dataclass(frozen=True)
class _Band:
    rows: tuple[_Row, ...]
    gutters: tuple[Interval, ...]  # clear in every row of the band
    columns: tuple[tuple[Box, ...], ...] = ()  # set when the band is read as columns

    @property
    def top(self) -> float:
        return min(r.top for r in self.rows)

    @property
    def bottom(self) -> float:
        return max(r.bottom for r in self.rows)


def find_regions(page: Box, boxes: Sequence[Box]) -> tuple[Box, ...] | None:
    """Regions of the page in reading order when it has columns; None for an ordinary page."""
    if not (0 < page.width <= MAX_PAGE and 0 < page.height <= MAX_PAGE):
        return None
    boxes = [c for c in (_clip(b, page) for b in boxes) if c.width > 0.5 and c.height > 0.5]
    if len(boxes) < MIN_BOXES:
        return None
    line = _line_height(boxes)
    boxes = [b for b in boxes if b.height <= 4 * line]  # vertical text, drawings set as glyphs
    if len(boxes) < MIN_BOXES:
        return None
    min_gutter = max(MIN_GUTTER_PT, MIN_GUTTER_LINES * line)
    rows = _rows(boxes, line, min_gutter)
    left = min(b.x0 for b in boxes)
    right = max(b.x1 for b in boxes)
    zone = (left + EDGE_SHARE * (right - left), right - EDGE_SHARE * (right - left))
    if zone[1] - zone[0] < min_gutter:
        return None
    seeds = _gutter_seeds(rows, zone, min_gutter, REACH * (right - left), MIN_COLUMN_SHARE * (right - left))
    if not seeds:
        return None
    bands = [_read_as_columns(band, line, right - left) for band in _bands(rows, seeds, zone, min_gutter, line)]
    if not any(band.columns for band in bands):
        return None
    return _regions(page, bands)


def _clip(box: Box, page: Box) -> Box:
    """The part of a box on the page (a damaged file can place text anywhere, even at infinity)."""
    if not all(map(math.isfinite, (box.x0, box.top, box.x1, box.bottom))):
        return Box(0.0, 0.0, 0.0, 0.0)
    return Box(max(box.x0, page.x0), max(box.top, page.top), min(box.x1, page.x1), min(box.bottom, page.bottom))


def _line_height(boxes: Sequence[Box]) -> float:
    heights = [b.height for b in boxes if b.height >= MIN_LINE_HEIGHT]
    return median(heights) if heights else median(b.height for b in boxes)


def _rows(boxes: Sequence[Box], line: float, min_gap: float) -> list[_Row]:
    """Boxes grouped into rows (middles within half a line), and words closer than a gutter joined into
    pieces: a title set word by word must cross the gutter as one piece, not pass for columns."""
    rows: list[_Row] = []
    group: list[Box] = []
    for b in sorted(boxes, key=lambda b: b.middle):
        if group and b.middle - group[0].middle > line / 2:
            rows.append(_row(group, min_gap))
            group = []
        group.append(b)
    if group:
        rows.append(_row(group, min_gap))
    return rows


def _row(boxes: list[Box], min_gap: float) -> _Row:
    boxes = sorted(boxes, key=lambda b: b.x0)
    pieces: list[Box] = []
    piece = boxes[0]
    for b in boxes[1:]:
        if b.x0 - piece.x1 < min_gap:
            piece = Box(piece.x0, min(piece.top, b.top), max(piece.x1, b.x1), max(piece.bottom, b.bottom))
        else:
            pieces.append(piece)
            piece = b
    pieces.append(piece)
    return _Row(tuple(pieces), min(b.top for b in boxes), max(b.bottom for b in boxes))


def _clear(row: _Row, zone: Interval, min_width: float) -> list[Interval]:
    """The stretches of the zone that no piece of the row touches, at least min_width wide."""
    clear: list[Interval] = []
    start = zone[0]
    for piece in row.pieces:
        if piece.x0 - start >= min_width and start < zone[1]:
            clear.append((start, min(piece.x0, zone[1])))
        start = max(start, piece.x1)
    if zone[1] - start >= min_width:
        clear.append((start, zone[1]))
    return [c for c in clear if c[1] - c[0] >= min_width]


def _gutter_seeds(
    rows: Sequence[_Row], zone: Interval, min_gutter: float, reach: float, narrowest: float
) -> list[float]:
    """One x position per gutter candidate: where rows leave a clear stretch with text ending just left
    of it (within reach), and rows leave one with text starting just right of it, MIN_ROWS times each
    or more. Left and right are counted apart because columns whose lines do not share baselines give
    rows with text on one side only; "just" keeps a column that is empty in those rows from passing
    for a gutter."""
    origin = math.floor(zone[0])
    size = math.ceil(zone[1]) - origin + 1
    left = [0] * (size + 1)
    right = [0] * (size + 1)
    for row in rows:
        first = row.pieces[0].x0
        last = max(p.x1 for p in row.pieces)
        for a, b in _clear(row, zone, min_gutter):
            i, j = math.ceil(a) - origin, math.floor(b) - origin
            if first < a:  # text ends at a
                left[i] += 1
                left[max(i, min(j, math.floor(a + reach) - origin))] -= 1
            if last > b:  # text starts at b
                right[min(j, max(i, math.ceil(b - reach) - origin))] += 1
                right[j] -= 1
    support = [min(on_left, on_right) for on_left, on_right in zip(accumulate(left), accumulate(right))]
    runs: list[list[int]] = []  # [start, end) of the stretches with enough support
    for i, count in enumerate(support[:size]):
        if count < MIN_ROWS:
            continue
        if runs and i - runs[-1][1] < min_gutter:  # a dip narrower than a gutter hides no column
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    # Each seed is the middle of the stretch of its run that the fewest rows cross: the gutter itself,
    # not the ragged ends of the lines before it.
    covered = [0] * (size + 1)
    for row in rows:
        for p in row.pieces:
            covered[min(size, max(0, math.floor(p.x0) - origin))] += 1
            covered[min(size, max(0, math.ceil(p.x1) - origin))] -= 1
    crossing = list(accumulate(covered))
    candidates: list[tuple[int, int]] = []  # (rows crossing, index)
    for i, j in runs:
        fewest = min(crossing[i:j])
        stretch = [k for k in range(i, j) if crossing[k] == fewest]
        candidates.append((fewest, (stretch[0] + stretch[-1]) // 2))
    # Gutters have a column between them: of two candidates closer than the narrowest column, the one
    # more rows cross is the ragged end of lines, or the gap between a table's cells, not a gutter.
    seeds: list[int] = []
    for _fewest, k in sorted(candidates):
        if all(abs(k - other) >= narrowest for other in seeds):
            seeds.append(k)
    return sorted(origin + k + 0.5 for k in seeds)


def _around(clear: list[Interval], seeds: Sequence[float]) -> list[Interval] | None:
    """The row's clear stretch around each seed; None when the row covers one of them."""
    found = []
    for seed in seeds:
        stretch = next((c for c in clear if c[0] <= seed <= c[1]), None)
        if stretch is None:
            return None
        found.append(stretch)
    return found


def _distinct(gutters: list[Interval]) -> tuple[Interval, ...]:
    # Two seeds of one gutter (its support dipped between them) end with the same strip: seeds of
    # different gutters are parted by the column between them in some row, so their strips differ.
    return tuple(sorted(set(gutters)))


def _bands(rows: Sequence[_Row], seeds: Sequence[float], zone: Interval, min_gutter: float, line: float) -> list[_Band]:
    """Runs of consecutive rows that leave every seed clear, with the strip around each seed that all of
    them leave clear (at least a gutter wide); a row across a seed, or a large vertical gap, ends a run.
    Rows across a seed are bands of their own, without gutters."""
    bands: list[_Band] = []
    members: list[_Row] = []
    gutters: list[Interval] = []
    for row in rows:
        around = _around(_clear(row, zone, min_gutter), seeds)
        if around is not None and members and row.top - members[-1].bottom <= MAX_ROW_GAP * line:
            shared = [(max(a, c), min(b, d)) for (a, b), (c, d) in zip(gutters, around)]
            if all(b - a >= min_gutter for a, b in shared):
                members.append(row)
                gutters = shared
                continue
        if members:
            bands.append(_Band(tuple(members), _distinct(gutters)))
            members, gutters = [], []
        if around is None:
            bands.append(_Band((row,), ()))
        else:
            members, gutters = [row], around
    if members:
        bands.append(_Band(tuple(members), _distinct(gutters)))
    return bands


def _read_as_columns(band: _Band, line: float, text_width: float) -> _Band:
    """The band with its columns when each of them is text of its own; else the band as it was."""
    if not band.gutters or len(band.rows) < MIN_ROWS:
        return band
    columns: list[list[Box]] = [[] for _ in range(len(band.gutters) + 1)]
    for row in band.rows:
        for piece in row.pieces:
            columns[sum(1 for a, _ in band.gutters if piece.x0 >= a)].append(piece)
    if (
        all(_is_text_column(c, line) for c in columns)
        and min(_width(c) for c in columns) >= MIN_COLUMN_SHARE * text_width
        and _balanced(columns)
        and not _table_rows(columns, line)
    ):
        return _Band(band.rows, band.gutters, tuple(tuple(c) for c in columns))
    return band


def _column_rows(pieces: Sequence[Box], line: float) -> list[Box]:
    """One box per row of a column."""
    rows = []
    for row in _rows(pieces, line, 0.0):
        rows.append(Box(min(p.x0 for p in row.pieces), row.top, max(p.x1 for p in row.pieces), row.bottom))
    return rows


def _is_text_column(pieces: Sequence[Box], line: float) -> bool:
    """Several rows, mostly ink rather than the space between a table's cells or the dots of leaders
    (words were joined into pieces of line, so prose covers its rows)."""
    if not pieces:
        return False
    rows = _column_rows(pieces, line)
    if len(rows) < MIN_ROWS:
        return False
    width = max(r.x1 for r in rows) - min(r.x0 for r in rows)
    return sum(p.width for p in pieces) >= INK_SHARE * width * len(rows)


def _width(pieces: Sequence[Box]) -> float:
    return max(p.x1 for p in pieces) - min(p.x0 for p in pieces)


def _balanced(columns: Sequence[Sequence[Box]]) -> bool:
    widths = [_width(c) for c in columns]
    return min(widths) >= BALANCE * max(widths)


def _starts(pieces: Sequence[Box], line: float) -> list[float]:
    """Tops of the rows that begin a paragraph (not the first row): after a gap half a line wider than
    the column's usual space between lines."""
    rows = _column_rows(pieces, line)
    gaps = [b.top - a.bottom for a, b in zip(rows, rows[1:])]
    if not gaps:
        return []
    usual = median(gaps)
    return [b.top for a, b, gap in zip(rows, rows[1:], gaps) if gap >= usual + line / 2]


def _table_rows(columns: Sequence[Sequence[Box]], line: float) -> bool:
    """Whether paragraphs start on the same lines across the columns, as the cells of a table's rows do."""
    starts = [_starts(c, line) for c in columns]
    total = sum(len(s) for s in starts)
    if total < 2 * len(columns):
        return False
    aligned = sum(
        1
        for i, own in enumerate(starts)
        for top in own
        if all(any(abs(top - other) <= line / 2 for other in starts[j]) for j in range(len(starts)) if j != i)
    )
    return aligned >= ALIGNED_STARTS * total


def _regions(page: Box, bands: Sequence[_Band]) -> tuple[Box, ...]:
    """Full-width regions and column regions, top to bottom; boundaries run through white space."""
    merged: list[_Band] = []
    for band in bands:  # consecutive full-width bands are read as one region
        if merged and not band.columns and not merged[-1].columns:
            merged[-1] = _Band(merged[-1].rows + band.rows, ())
        else:
            merged.append(band)
    edges = [page.top]
    for above, below in zip(merged, merged[1:]):
        edges.append(min(max((above.bottom + below.top) / 2, edges[-1]), page.bottom))
    edges.append(page.bottom)
    regions: list[Box] = []
    for band, top, bottom in zip(merged, edges, edges[1:]):
        if band.columns:
            splits = [page.x0, *((a + b) / 2 for a, b in band.gutters), page.x1]
            regions.extend(Box(x0, top, x1, bottom) for x0, x1 in zip(splits, splits[1:]))
        else:
            regions.append(Box(page.x0, top, page.x1, bottom))
    return tuple(regions)

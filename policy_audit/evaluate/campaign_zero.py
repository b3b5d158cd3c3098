"""Campaign Zero's own coding (``campaign_zero_coding.csv``) read as a labels set.

The CSV has one row per city: a 0/1 column per 8 Can't Wait criterion and, next to it, a
"(Policy Language) <criterion>: ..." column with the language they relied on. Columns are found by
their header names, never by position. Each city becomes a document ``<csv folder>/<City>.txt``
(e.g. ``cz/StPetersburg.txt``, the same ids as in ``labels.json``), resolved against the folder that
holds the CSV's folder. A city whose text file is missing, or whose text is glyph codes rather than
words, is not scored: it is listed in ``LabelSet.skipped`` with the reason.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from policy_audit.evaluate.model import (
    DocLabels,
    Label,
    LabelsError,
    LabelSet,
    read_labels_bytes,
)
from policy_audit.findings import Grade

# CSV header -> criterion id. The header names are Campaign Zero's.
COLUMNS: dict[str, str] = {
    "Requires De-Escalation": "8cw.deescalation",
    "Bans Chokeholds and Strangleholds": "8cw.chokehold_ban",
    "Duty to Intervene": "8cw.duty_to_intervene",
    "Requires Warning Before Shooting": "8cw.warning",
    "Requires Exhaust All Other Means Before Shooting": "8cw.exhaust_alternatives",
    "Restricts Shooting at Moving Vehicles": "8cw.moving_vehicles",
    "Has Use of Force Continuum": "8cw.continuum",
    "Requires Comprehensive Reporting": "8cw.comprehensive_reporting",
}
CITY_COLUMN = "Police Department"
LANGUAGE_PREFIX = "(Policy Language) "

# City names whose text file is spelled differently from the city.
FILE_SPELLINGS = {"Tucson": "Tuscon"}

__all__ = ["COLUMNS", "cited_words", "city_file_stem", "load_cz_csv"]


def city_file_stem(city: str) -> str:
    """'St. Petersburg' -> 'StPetersburg', 'Kansas City, MO' -> 'KansasCity', 'Tucson' -> 'Tuscon'."""
    name = city.split(",", 1)[0].strip()
    name = FILE_SPELLINGS.get(name, name)
    return re.sub(r"[^A-Za-z0-9]", "", name)


# A passage in straight or curly double quotes: the policy's words inside Campaign Zero's comment.
_QUOTED = re.compile(r'["\u201c\u201d]([^"\u201c\u201d]+)["\u201c\u201d]')


def cited_words(language: str) -> str:
    """The policy's words in a "(Policy Language)" cell, its quoted passages joined by "..." (in
    order, with whatever Campaign Zero left out between them); "" when nothing is quoted ("Yes.")."""
    return " ... ".join(p.strip() for p in _QUOTED.findall(language) if p.strip())


def _text_problem(path: Path) -> str:
    """Why this city's text cannot be scored, or "" when it can."""
    if not path.is_file():
        return "no text file"
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"cannot read text file ({exc.strerror or exc})"
    if not text.strip():
        return "empty text file"
    from policy_audit.extract.glyph_codes import garbage_reason

    reason = garbage_reason(text)
    return f"no_text: {reason}" if reason else ""


def load_cz_csv(path: str | Path) -> LabelSet:
    """Read Campaign Zero's coding CSV as a LabelSet (grades met / not_met)."""
    path = Path(path)
    where = str(path)
    try:
        raw = read_labels_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LabelsError(where, "not UTF-8 text")
    try:
        reader = csv.DictReader(raw.splitlines(keepends=True))
        headers = [h.strip() for h in reader.fieldnames or ()]
        rows = list(reader)
    except csv.Error as exc:
        raise LabelsError(where, f"not a valid CSV ({exc})")
    reader_headers = list(reader.fieldnames or ())
    by_name = {h.strip(): orig for h, orig in zip(headers, reader_headers)}
    if CITY_COLUMN not in by_name:
        raise LabelsError(where, f"missing column {CITY_COLUMN!r}")
    grade_cols: dict[str, tuple[str, str | None]] = {}
    for header, criterion in COLUMNS.items():
        if header not in by_name:
            raise LabelsError(where, f"missing column {header!r}")
        language = next((orig for h, orig in by_name.items() if h.startswith(LANGUAGE_PREFIX + header + ":")), None)
        grade_cols[criterion] = (by_name[header], language)

    folder = path.parent
    root = folder.parent
    docs: list[DocLabels] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        city = (row.get(by_name[CITY_COLUMN]) or "").strip()
        if not city:
            raise LabelsError(where, f"row {line}: empty {CITY_COLUMN!r}")
        doc = f"{folder.name}/{city_file_stem(city)}.txt"
        if doc in seen:
            raise LabelsError(where, f"row {line} ({city}): a second row for {doc}")
        seen.add(doc)
        labels: dict[str, Label] = {}
        for criterion, (col, language) in grade_cols.items():
            value = (row.get(col) or "").strip()
            if value not in ("0", "1"):
                raise LabelsError(
                    where, f"row {line} ({city}): column {col.strip()!r}: unknown grade {value!r} (expected 0 or 1)"
                )
            quote = " ".join((row.get(language) or "").split()) if language else ""
            labels[criterion] = Label(
                grade=Grade.MET if value == "1" else Grade.NOT_MET, quote=quote, cited=cited_words(quote)
            )
        problem = _text_problem(root / doc)
        if problem:
            skipped.append((doc, problem))
            continue
        docs.append(DocLabels(doc=doc, labels=tuple(labels.items()), notes=f"Campaign Zero coding for {city}"))
    if not docs and not skipped:
        raise LabelsError(where, "no rows")
    return LabelSet(
        path=where,
        kind="campaign_zero_csv",
        labeller="Campaign Zero (Use of Force Project, 2016)",
        docs=tuple(docs),
        root=str(root),
        skipped=tuple(skipped),
    )

#!/usr/bin/env python3
"""Regenerate the criteria table in README.md from the rule files.

The table sits between ``<!-- criteria-table:start -->`` and ``<!-- criteria-table:end -->``; this
script replaces what is between the markers with the Markdown table of every built-in rule
(``policy_audit.rulebook.load_rules()``), the same table ``policy-audit rules --format markdown`` prints.

    python scripts/gen_criteria_table.py            # rewrite README.md
    python scripts/gen_criteria_table.py --check    # exit 1 if README.md is out of date (CI)

Exit codes: 0 up to date / rewritten, 1 out of date (--check), 2 README or markers missing, rules invalid.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

START = "<!-- criteria-table:start -->"
END = "<!-- criteria-table:end -->"


def render_table() -> str:
    from policy_audit.report.markdown import criteria_table
    from policy_audit.rulebook import load_rules

    return criteria_table(load_rules())


def replace_between_markers(text: str, table: str) -> str:
    start = text.find(START)
    end = text.find(END)
    if start < 0 or end < 0 or end < start:
        raise ValueError(f"README needs the markers {START} and {END}, in that order")
    head = text[: start + len(START)]
    return head + "\n" + table.rstrip("\n") + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if README.md is out of date")
    parser.add_argument("--readme", type=Path, default=ROOT / "README.md", help="file to update (default README.md)")
    args = parser.parse_args(argv)

    try:
        text = args.readme.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{args.readme}: cannot read ({exc.strerror or exc})", file=sys.stderr)
        return 2
    try:
        table = render_table()
        updated = replace_between_markers(text, table)
    except Exception as exc:  # RuleError, missing markers: one line, not a traceback
        print(f"{args.readme}: {exc}", file=sys.stderr)
        return 2
    if updated == text:
        print(f"{args.readme}: criteria table is up to date")
        return 0
    if args.check:
        print(
            f"{args.readme}: criteria table is out of date; run python scripts/gen_criteria_table.py", file=sys.stderr
        )
        return 1
    args.readme.write_text(updated, encoding="utf-8")
    print(f"{args.readme}: criteria table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Regenerate schemas/rule.schema.json and schemas/lists.schema.json from the pydantic models.

They are the JSON Schemas of rule files and of a family's _lists.yaml.

Editors use it to complete and check rule files (see docs/rules.md); tests/test_rule_schema.py fails
when the file no longer matches the models.

    python scripts/gen_rule_schema.py            # rewrite the schema files
    python scripts/gen_rule_schema.py --check    # exit 1 if one is out of date (CI)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMA_PATH = ROOT / "schemas" / "rule.schema.json"
LISTS_SCHEMA_PATH = ROOT / "schemas" / "lists.schema.json"


def schema_text() -> str:
    from policy_audit.rule_schema import rule_json_schema

    return json.dumps(rule_json_schema(), indent=2, ensure_ascii=False) + "\n"


def lists_schema_text() -> str:
    from policy_audit.rule_schema import lists_json_schema

    return json.dumps(lists_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if a schema file is out of date")
    args = parser.parse_args(argv)
    stale = 0
    for path, text in ((SCHEMA_PATH, schema_text()), (LISTS_SCHEMA_PATH, lists_schema_text())):
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        if args.check:
            where = path.relative_to(ROOT)
            print(f"{where} is out of date: run python scripts/gen_rule_schema.py", file=sys.stderr)
            stale = 1
        else:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    return stale


if __name__ == "__main__":
    sys.exit(main())

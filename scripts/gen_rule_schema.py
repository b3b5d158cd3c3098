#!/usr/bin/env python3
"""Regenerate schemas/rule.schema.json, the JSON Schema of rule files, from the pydantic models.

Editors use it to complete and check rule files (see docs/rules.md); tests/test_rule_schema.py fails
when the file no longer matches the models.

    python scripts/gen_rule_schema.py            # rewrite schemas/rule.schema.json
    python scripts/gen_rule_schema.py --check    # exit 1 if it is out of date (CI)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMA_PATH = ROOT / "schemas" / "rule.schema.json"


def schema_text() -> str:
    from policy_audit.rule_schema import rule_json_schema

    return json.dumps(rule_json_schema(), indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the schema file is out of date")
    args = parser.parse_args(argv)
    text = schema_text()
    current = SCHEMA_PATH.read_text(encoding="utf-8") if SCHEMA_PATH.exists() else ""
    if args.check:
        if current != text:
            print(f"{SCHEMA_PATH.relative_to(ROOT)} is out of date: run python scripts/gen_rule_schema.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        SCHEMA_PATH.parent.mkdir(exist_ok=True)
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        print(f"wrote {SCHEMA_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

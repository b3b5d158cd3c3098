"""The cache folder: one SQLite file (``database``) holding audit results (``results``), the file
hashes a warm scan need not compute again, the validated rule set as JSON (``rules``) and the
screens' compiled regular expressions (``regexes``).

Nothing in it can carry code, and nothing in it can stop a scan: a damaged, planted or locked entry
is a cache miss.
"""

from policy_audit.cache.database import DB_NAME
from policy_audit.cache.prepared import kept_regexes, prepared_rules
from policy_audit.cache.results import CACHEABLE, ResultCache, default_cache_dir, file_sha256, options_fingerprint
from policy_audit.cache.rules import load_rules_cached

__all__ = [
    "CACHEABLE",
    "DB_NAME",
    "ResultCache",
    "default_cache_dir",
    "file_sha256",
    "kept_regexes",
    "load_rules_cached",
    "options_fingerprint",
    "prepared_rules",
]

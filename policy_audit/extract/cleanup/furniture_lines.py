"""What a line of page furniture looks like: the patterns the furniture passes test lines against."""

from __future__ import annotations

import re

from policy_audit.list_markers import MARKER_WITH_STUB

# Lines that are always furniture, wherever they are in the zones.
ALWAYS_FURNITURE = re.compile(
    r"""^(?:
        page\s*\d+(?:\s*(?:of|/)\s*\d+)?                        # Page 3 / Page 3 of 40
      | \d+\s*(?:of|/)\s*\d+                                    # 3 of 40
      | -\s*\d{1,4}\s*-                                         # - 3 -
      | copyright\s+lexipol\b.*                                 # Copyright Lexipol, LLC 2020/04/01, ...
      | (?:©|\(c\))\s*\d{4}\s+lexipol\b.*
      | published\s+with\s+permission\s+by\s+.{3,120}           # Published with permission by X
      | adopted:\s*\d{4}/\d{2}/\d{2}\s*©.*                      # older Lexipol footer
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
BARE_NUMBER = re.compile(r"^(?:\d{1,4}|[ivxlc]{1,6})$", re.IGNORECASE)
# Lexipol footers: "Use of Force - 6", "Northbrook PD Policy Manual - 12", "- 613" (index pages).
TITLE_FOOTER = re.compile(r"^(?P<title>[^\s].{0,118}?)?\s*[-\u2013\u2014]\s*(?P<num>\d{1,4})$")
# Lexipol policy badge at the top of a policy's first page: "Policy" / "Procedure" then "300".
BADGE_WORD = re.compile(r"^(?:policy|procedure|general order)$", re.IGNORECASE)
BADGE_NUMBER = re.compile(r"^\d{1,4}(?:\.\d+)*$")
# Header lines that name the agency or the manual rather than a chapter.
NOT_A_TITLE = re.compile(
    r"police\s+department|sheriff|\bpd\b|policy\s+manual|\bmanual\b|department\s+of|"
    r"copyright|published\s+with|all\s+rights\s+reserved|^page\b|\bagency\b|\bcounty\b|\bcity\s+of\b|"
    r"\b(?:revised|effective|issued|updated|rescinds|amends)\b|^(?:policy|directive|general\s+order)\s*#?\s*[\d.]+$",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[A-Za-z]")
# A policy's first numbered part ("502.1 PURPOSE AND SCOPE"): a vendor manual opens every policy with the
# same words under a new policy number, which repeat once digits are masked, but they are the policy's
# structure, not furniture (a running header names a policy or chapter, not its first part). No digits
# after the number, so a header that carries a page number still goes.
_FIRST_PART_HEADING = re.compile(r"^\d{3,4}\.1\s+[A-Z][^\d]*$")


def could_be_header(line: str) -> bool:
    """Whether a repeated line may be treated as a running header (not a list item or a stub)."""
    if len(line) > 160:
        return False
    if len(_LETTERS.findall(line)) < 4:
        return False
    return not MARKER_WITH_STUB.match(line) and not _FIRST_PART_HEADING.match(line)


def title_from_footer(line: str) -> str | None:
    """The title of a Lexipol ``Title - N`` footer ("" for a bare "- 609"), None for other lines."""
    m = TITLE_FOOTER.match(line)
    if not m:
        return None
    return (m.group("title") or "").strip()

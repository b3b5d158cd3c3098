"""Render sample_policies/*.md into the PDFs committed next to them.

    python scripts/make_sample_pdfs.py            # writes sample_policies/*.pdf
    python scripts/make_sample_pdfs.py --check    # fails if a committed PDF is out of date

The .md files use a small, fixed subset of Markdown, chosen so the PDFs look like a policy manual:

    <!-- agency: NAME -->         running header, left
    <!-- chapter: TITLE -->       running header, second line (the chapter title)
    <!-- pagebreak -->            start a new page here, even in the middle of a sentence
    <!-- anything else -->        ignored (the expected grades live in one of these)
    # Title                       document title, large and bold
    ## 310.4 HEADING              section heading, bold
    ### 310.4.1 HEADING           subsection heading, bold
    - (a) text                    list item, indented; continuation lines are indented by two spaces
    - 310.4 TITLE ..... 3         table-of-contents entry: title, dot leaders, page number
    text                          paragraph; consecutive lines are joined with a space

Every page gets a running header (agency, "Policy Manual", chapter title) and a footer
"Page N of M", so the extractor's header and footer removal is exercised. Only the core font
Helvetica is used (no font files to ship); characters outside Latin-1 are replaced. The creation
date is fixed, so re-running the script gives byte-identical files.

The script also checks the page numbers printed in a table of contents against the pages the
headings actually land on, so an edit that moves a section cannot leave a wrong contents page.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_policies"
CREATED = datetime(2024, 1, 1, tzinfo=timezone.utc)

FONT = "Helvetica"
BODY_SIZE = 10.5
LINE_H = 5.2
INDENT = 8.0

_META = re.compile(r"<!--\s*(agency|chapter)\s*:\s*(.*?)\s*-->")
_PAGEBREAK = "<!-- pagebreak -->"
_TOC = re.compile(r"^(?P<title>.*?\S)\s*\.{3,}\s*(?P<page>\d+)$")
_HEADING_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\s")

_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2022": "-",
}


def latin1(text: str) -> str:
    """Core PDF fonts only cover Latin-1: map typographic punctuation to ASCII, drop the rest."""
    text = "".join(_REPLACEMENTS.get(ch, ch) for ch in text)
    return text.encode("latin-1", "replace").decode("latin-1")


@dataclass
class Block:
    kind: str  # "title", "h2", "h3", "para", "item", "toc", "pagebreak"
    text: str = ""
    page_ref: int = 0  # toc entries: the page number printed


@dataclass
class Source:
    path: Path
    agency: str
    chapter: str
    blocks: list[Block] = field(default_factory=list)


def parse(path: Path) -> Source:
    """Read one sample .md into blocks (see the module docstring for the syntax)."""
    raw = path.read_text(encoding="utf-8")
    meta = dict(_META.findall(raw))
    if "agency" not in meta or "chapter" not in meta:
        raise SystemExit(f"{path}: needs <!-- agency: ... --> and <!-- chapter: ... --> lines")
    src = Source(path=path, agency=meta["agency"], chapter=meta["chapter"])

    lines = raw.splitlines()
    current: Block | None = None
    in_comment = False

    def flush() -> None:
        nonlocal current
        if current is not None:
            current.text = " ".join(current.text.split())
            m = _TOC.match(current.text) if current.kind == "item" else None
            if m:
                current.kind, current.text, current.page_ref = "toc", m["title"], int(m["page"])
            src.blocks.append(current)
            current = None

    for line in lines:
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if stripped == _PAGEBREAK:
            flush()
            src.blocks.append(Block("pagebreak"))
            continue
        if stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if not stripped:
            flush()
            continue
        if stripped.startswith("#"):
            flush()
            level = len(stripped) - len(stripped.lstrip("#"))
            kind = {1: "title", 2: "h2"}.get(level, "h3")
            src.blocks.append(Block(kind, stripped.lstrip("#").strip()))
            continue
        if stripped.startswith("- "):
            flush()
            current = Block("item", stripped[2:])
            continue
        if current is None:
            current = Block("para", stripped)
        else:
            current.text += " " + stripped
    flush()
    return src


class PolicyPDF(FPDF):
    def __init__(self, agency: str, chapter: str):
        super().__init__(orientation="P", unit="mm", format="Letter")
        self.agency = latin1(agency)
        self.chapter = latin1(chapter)
        self.set_margins(22, 30, 22)
        self.set_auto_page_break(True, margin=22)
        self.set_creation_date(CREATED)
        self.set_creator("policy-audit scripts/make_sample_pdfs.py")
        self.set_title(f"{self.agency} - {self.chapter}")
        self.set_author(self.agency)

    def header(self) -> None:
        self.set_font(FONT, "B", 9)
        self.set_xy(self.l_margin, 10)
        width = self.w - self.l_margin - self.r_margin
        self.cell(width / 2, 4.5, self.agency, new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_font(FONT, "", 9)
        self.cell(width / 2, 4.5, "Policy Manual", align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "I", 9)
        self.cell(width, 4.5, self.chapter, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = self.get_y() + 1
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, "", 8.5)
        width = self.w - self.l_margin - self.r_margin
        self.cell(width / 2, 4, f"{self.agency} - {self.chapter}", new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.cell(width / 2, 4, f"Page {self.page_no()} of {{nb}}", align="R")


def render(src: Source) -> tuple[bytes, list[str]]:
    """Return the PDF bytes and a list of problems (TOC page numbers that do not match)."""
    pdf = PolicyPDF(src.agency, src.chapter)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    heading_pages: dict[str, int] = {}
    toc: list[Block] = []
    previous = ""

    for block in src.blocks:
        text = latin1(block.text)
        if block.kind == "pagebreak":
            pdf.add_page()
        elif block.kind == "title":
            pdf.set_font(FONT, "B", 15)
            pdf.multi_cell(width, 8, text, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(4)
        elif block.kind in ("h2", "h3"):
            if previous not in ("title", "pagebreak", ""):
                pdf.ln(3 if block.kind == "h2" else 2)
            # keep a heading with the first lines of its section
            if pdf.get_y() + 3 * LINE_H > pdf.page_break_trigger:
                pdf.add_page()
            pdf.set_font(FONT, "B", 11.5 if block.kind == "h2" else 10.5)
            pdf.multi_cell(width, 6, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
            m = _HEADING_NUMBER.match(text)
            heading_pages[m.group(1) if m else text] = pdf.page_no()
        elif block.kind == "toc":
            pdf.set_font(FONT, "", BODY_SIZE)
            number = str(block.page_ref)
            room = width - pdf.get_string_width(text) - pdf.get_string_width(number) - 4
            dots = "." * max(3, int(room / pdf.get_string_width(".")))
            pdf.cell(width - 8, LINE_H + 0.6, f"{text} {dots}", new_x=XPos.RIGHT, new_y=YPos.TOP)
            pdf.cell(8, LINE_H + 0.6, number, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            toc.append(block)
        elif block.kind == "item":
            pdf.set_font(FONT, "", BODY_SIZE)
            pdf.set_x(pdf.l_margin + INDENT)
            pdf.multi_cell(width - INDENT, LINE_H, text, align="L", markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(1)
        else:  # paragraph
            pdf.set_font(FONT, "", BODY_SIZE)
            if previous == "item" or previous == "toc":
                pdf.ln(1.5)
            pdf.multi_cell(width, LINE_H, text, align="L", markdown=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            pdf.ln(2.5)
        previous = block.kind

    problems = []
    for entry in toc:
        m = _HEADING_NUMBER.match(entry.text)
        key = m.group(1) if m else entry.text
        actual = heading_pages.get(key)
        if actual != entry.page_ref:
            problems.append(f"contents lists {entry.text!r} on page {entry.page_ref}, it is on page {actual}")
    return bytes(pdf.output()), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a committed PDF differs from a fresh render")
    args = parser.parse_args(argv)

    status = 0
    for md in sorted(SAMPLES.glob("*.md")):
        if md.name == "README.md":
            continue
        data, problems = render(parse(md))
        for problem in problems:
            print(f"{md.relative_to(ROOT)}: {problem}", file=sys.stderr)
            status = 1
        target = md.with_suffix(".pdf")
        if args.check:
            if not target.exists() or target.read_bytes() != data:
                print(f"{target.relative_to(ROOT)}: out of date; run scripts/make_sample_pdfs.py", file=sys.stderr)
                status = 1
            continue
        target.write_bytes(data)
        print(f"wrote {target.relative_to(ROOT)}")
    return status


if __name__ == "__main__":
    sys.exit(main())

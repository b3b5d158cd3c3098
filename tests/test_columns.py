"""Two-column pages are read column by column (policy_audit/extract/columns.py and both PDF engines).

The unit tests give :func:`find_regions` synthetic boxes in pdfplumber's coordinates (y grows
downwards) on a Letter page; the end-to-end tests build two-column pages with fpdf2, once with the
columns written one after the other and once row by row across both columns, and read them with
both engines.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from policy_audit.extract.columns import Box, find_regions

PAGE = Box(0.0, 0.0, 612.0, 792.0)
LINE = 10.0  # box height
PITCH = 14.0  # baseline to baseline


def lines(x0: float, widths: list[float], top: float = 100.0) -> list[Box]:
    """One box per line, left-aligned at x0, one line pitch apart."""
    return [Box(x0, top + i * PITCH, x0 + w, top + i * PITCH + LINE) for i, w in enumerate(widths)]


def ragged(width: float, count: int) -> list[float]:
    """Line widths of ragged-right prose in a column of the given width: full, nearly full, a short last line."""
    pattern = (1.0, 0.93, 0.86, 0.97, 0.9, 0.82)
    return [width * pattern[i % len(pattern)] for i in range(count - 1)] + [width * 0.4]


LEFT = lines(43.0, ragged(227.0, 14))  # x 43..270
RIGHT = lines(312.0, ragged(227.0, 14))  # x 312..539, a 42-point gutter


def region_of(box: Box, regions: tuple[Box, ...]) -> int:
    x, y = (box.x0 + box.x1) / 2, box.middle
    return next(i for i, r in enumerate(regions) if r.x0 <= x < r.x1 and r.top <= y < r.bottom)


# --- find_regions on synthetic boxes -------------------------------------------------------------


def test_two_columns_are_two_regions_left_then_right():
    regions = find_regions(PAGE, LEFT + RIGHT)
    assert regions is not None and len(regions) == 2
    assert {region_of(b, regions) for b in LEFT} == {0}
    assert {region_of(b, regions) for b in RIGHT} == {1}
    assert 270 <= regions[0].x1 <= 312  # the split runs through the gutter


def test_title_header_and_footer_are_read_before_and_after_the_columns():
    header = Box(200, 30, 412, 40)
    title = Box(150, 60, 460, 76)  # full width, bigger type
    footer = [Box(43, 740, 240, 748), Box(400, 740, 539, 748)]  # "Copyright ..." beside "Use of Force - 3"
    regions = find_regions(PAGE, [header, title, *LEFT, *RIGHT, *footer])
    assert regions is not None and len(regions) == 4
    assert region_of(header, regions) == region_of(title, regions) == 0
    assert {region_of(b, regions) for b in LEFT} == {1}
    assert {region_of(b, regions) for b in RIGHT} == {2}
    assert {region_of(b, regions) for b in footer} == {3}


def test_full_width_paragraph_between_two_column_sections():
    top_left, top_right = lines(43, ragged(227, 6)), lines(312, ragged(227, 6))
    middle = lines(43, [496, 490, 496, 300], top=100 + 7 * PITCH)
    bottom_left = lines(43, ragged(227, 6), top=100 + 12 * PITCH)
    bottom_right = lines(312, ragged(227, 6), top=100 + 12 * PITCH)
    regions = find_regions(PAGE, top_left + top_right + middle + bottom_left + bottom_right)
    assert regions is not None and len(regions) == 5
    order = [top_left, top_right, middle, bottom_left, bottom_right]
    assert [{region_of(b, regions) for b in part} for part in order] == [{0}, {1}, {2}, {3}, {4}]


def test_ragged_and_justified_columns_and_a_narrow_gutter():
    justified = lines(43, [255.0] * 12)  # x 43..298
    ragged_right = lines(310, [229, 180, 200, 150, 229, 120, 210, 229, 90, 229, 200, 60])  # 12-point gutter
    regions = find_regions(PAGE, justified + ragged_right)
    assert regions is not None and len(regions) == 2
    assert 298 <= regions[0].x1 <= 310


def test_columns_whose_baselines_do_not_line_up():
    right = [Box(b.x0, b.top + PITCH / 2, b.x1, b.bottom + PITCH / 2) for b in RIGHT]
    regions = find_regions(PAGE, LEFT + right)
    assert regions is not None and len(regions) == 2
    assert {region_of(b, regions) for b in right} == {1}


def test_words_as_boxes_give_the_same_regions_as_lines():
    def words(box: Box) -> list[Box]:
        out, x = [], box.x0
        while x < box.x1:
            out.append(Box(x, box.top, min(x + 30, box.x1), box.bottom))
            x += 34  # a 4-point word space
        return out

    title = Box(200, 60, 412, 72)
    boxes = [w for b in [title, *LEFT, *RIGHT] for w in words(b)]
    assert find_regions(PAGE, boxes) == find_regions(PAGE, [title, *LEFT, *RIGHT])


def test_three_columns():
    columns = [lines(x, ragged(150, 12)) for x in (43, 231, 419)]  # gutters of 38 points
    regions = find_regions(PAGE, [b for c in columns for b in c])
    assert regions is not None and len(regions) == 3
    assert [{region_of(b, regions) for b in c} for c in columns] == [{0}, {1}, {2}]


def test_one_column_page_is_not_split():
    body = lines(72, [468, 468, 460, 468, 200, 468, 455, 468, 468, 120, 468, 468, 300, 468, 468])
    heading = Box(200, 60, 412, 74)  # centred
    assert find_regions(PAGE, [heading, *body]) is None


def test_indented_list_and_centred_headings_are_not_split():
    boxes = []
    top = 80.0
    for _ in range(8):
        boxes.append(Box(236, top, 376, top + LINE))  # a centred heading
        boxes.append(Box(90, top + PITCH, 102, top + PITCH + LINE))  # "(a)"
        boxes += lines(126, [414, 414, 250], top=top + PITCH)  # hanging indent
        top += 5 * PITCH
    assert find_regions(PAGE, boxes) is None


def test_label_and_value_form_is_not_split():
    labels = lines(72, [60, 90, 45, 110, 70, 85, 50, 95, 60, 80])  # "Name:", "Date of birth:", ...
    values = lines(200, [340, 200, 310, 120, 340, 260, 330, 90, 340, 150])
    assert find_regions(PAGE, labels + values) is None


def test_table_of_short_cells_is_not_split():
    names = lines(72, [70, 58, 62, 80, 75, 66, 71, 60])
    roles = lines(330, [95, 95, 95, 60, 60, 60, 95, 60])
    assert find_regions(PAGE, names + roles) is None


def test_small_table_under_full_width_text_is_not_split():
    # Names beside their roles, centred under a paragraph: each column is a sixth of the text's width.
    paragraph = lines(72, [468, 468, 468, 250])
    names = lines(170, [70, 58, 62, 80, 75, 66], top=100 + 5 * PITCH)
    roles = lines(262, [80, 80, 80, 62, 62, 62], top=100 + 5 * PITCH)
    assert find_regions(PAGE, paragraph + names + roles) is None


def test_two_lists_side_by_side_are_read_one_after_the_other():
    # "Eligible cases" beside "Ineligible cases": short entries, but each list is whole only when
    # it is read apart from the other.
    eligible = lines(72, [150, 190, 60, 90, 170, 140, 185, 210])
    ineligible = lines(330, [120, 110, 105, 150, 190, 200, 160, 120])
    regions = find_regions(PAGE, eligible + ineligible)
    assert regions is not None and len(regions) == 2
    assert {region_of(b, regions) for b in eligible} == {0}
    assert {region_of(b, regions) for b in ineligible} == {1}


def test_table_whose_rows_are_long_cells_is_not_split():
    # Two prose columns, but every paragraph starts on the same line in both: the rows of a table.
    left, right, top = [], [], 100.0
    for rows in (3, 4, 2, 3, 4):
        left += lines(43, ragged(227, rows), top=top)
        right += lines(312, ragged(227, rows), top=top)
        top += (rows + 1) * PITCH
    assert find_regions(PAGE, left + right) is None


def test_dot_leaders_of_a_contents_page_are_not_columns():
    # Titles end before the leaders start, so a clear strip runs down the page; what is right of it is
    # mostly blank between the dots.
    boxes = []
    for i in range(20):
        top = 100 + i * PITCH
        boxes.append(Box(72, top, 72 + 120 + (i * 37) % 80, top + LINE))  # "300 - Use of Force"
        boxes += [Box(x, top + 8, x + 2, top + 9.5) for x in range(300, 520, 11)]  # ". . . ." a point high
        boxes.append(Box(525, top, 540, top + LINE))  # page number
    assert find_regions(PAGE, boxes) is None


def test_damaged_boxes_do_not_break_detection():
    bad = [Box(float("nan"), 10, 20, 20), Box(0, 0, float("inf"), 10), Box(-1e12, 5, 1e12, 15)]
    assert find_regions(PAGE, bad) is None
    regions = find_regions(PAGE, LEFT + RIGHT + bad)
    assert regions is None or len(regions) >= 2
    assert find_regions(Box(0, 0, 1e9, 1e9), LEFT + RIGHT) is None  # no one-point grid over a huge page


def test_too_few_boxes():
    assert find_regions(PAGE, []) is None
    assert find_regions(PAGE, LEFT[:3] + RIGHT[:3]) is None


# --- both engines on generated PDFs --------------------------------------------------------------

fpdf = pytest.importorskip("fpdf")

DUTY = (
    "Any officer present and observing another officer using force that is clearly beyond that which is "
    "objectively reasonable under the circumstances shall, when in a position to do so, intervene to prevent "
    "the use of unreasonable force."
)
LEFT_MORE = "An officer who observes another employee use force that exceeds the degree of force permitted by law shall promptly report these observations to a supervisor."
AID = (
    "Once it is reasonably safe to do so, officers shall promptly provide or obtain medical assistance for any "
    "person who has sustained visible injury, expressed a complaint of injury or continuing pain, or was "
    "rendered unconscious."
)
RIGHT_MORE = "Officers shall summon emergency medical services without delay and render first aid within their training while help is on the way."
TITLE = "USE OF FORCE AND AFTER-FORCE CARE"
CLOSING = "This order takes effect on the date it is signed and supersedes every earlier order on the subject."


def _two_column_pdf(path: Path, row_by_row: bool) -> Path:
    """A Letter page: a title, two columns (x 15-100 mm and 110-195 mm), a full-width closing paragraph.
    row_by_row writes the content stream line by line across both columns, as some producers do."""
    pdf = fpdf.FPDF(format="letter", unit="mm")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.text(50, 20, TITLE)
    pdf.set_font("Helvetica", size=10)
    left = pdf.multi_cell(85, 5, f"{DUTY} {LEFT_MORE}", dry_run=True, output="LINES")
    right = pdf.multi_cell(85, 5, f"{AID} {RIGHT_MORE}", dry_run=True, output="LINES")
    placed = [(35 + 5 * i, 15, text) for i, text in enumerate(left)] + [
        (35 + 5 * i, 110, text) for i, text in enumerate(right)
    ]
    if row_by_row:
        placed.sort()
    for y, x, text in placed:
        pdf.text(x, y, text)
    closing = pdf.multi_cell(180, 5, CLOSING, dry_run=True, output="LINES")
    below = 35 + 5 * max(len(left), len(right)) + 8
    for i, text in enumerate(closing):
        pdf.text(15, below + 5 * i, text)
    pdf.output(str(path))
    return path


def _plain(text: str) -> str:
    return " ".join(text.split())


LAYOUTS = {"columns_one_after_the_other": False, "row_by_row": True}


@pytest.fixture(scope="module", params=sorted(LAYOUTS))
def two_column_pdf(request, tmp_path_factory) -> Path:
    return _two_column_pdf(tmp_path_factory.mktemp("columns") / f"{request.param}.pdf", LAYOUTS[request.param])


@pytest.fixture(params=["pdfium", "pdfplumber"])
def engine(request) -> str:
    return request.param


def test_both_engines_interleave_a_row_by_row_page_without_columns(tmp_path, monkeypatch):
    # The hazard itself: switched off, each engine mixes the columns' lines (so the tests below test something).
    from policy_audit.extract import pdf_pdfium, pdf_plumber

    path = _two_column_pdf(tmp_path / "rows.pdf", row_by_row=True)
    monkeypatch.setattr(pdf_pdfium, "_page_text", lambda page, textpage, rects: textpage.get_text_range())
    monkeypatch.setattr(pdf_plumber, "_page_text", lambda page: page.extract_text() or "")
    for module in (pdf_pdfium, pdf_plumber):
        pages, _ = module.extract_pages(path, path.read_bytes(), 10)
        assert _plain(DUTY) not in _plain(pages[0].text), module.NAME


def test_each_column_is_read_whole_and_in_order(two_column_pdf, engine):
    from policy_audit.extract import ReadOptions, read_document

    doc = read_document(two_column_pdf, ReadOptions(engine=engine, ocr="never"))
    text = _plain(" ".join(p.text for p in doc.pages))
    order = [TITLE, DUTY, LEFT_MORE, AID, RIGHT_MORE, CLOSING]
    for sentence in order:
        assert _plain(sentence) in text, f"{engine}: {sentence[:40]!r} is not whole in {text!r}"
    positions = [text.index(_plain(s)) for s in order]
    assert positions == sorted(positions), f"{engine}: reading order {positions}"


def test_check_grades_the_left_column_duty_and_the_right_column_aid_strong(two_column_pdf, engine):
    from policy_audit.audit import AuditOptions, audit_path

    result = audit_path(two_column_pdf, AuditOptions(engine=engine, ocr="never"))
    duty, aid = result.finding("intervene.duty"), result.finding("medical.aid")
    assert duty.grade.value == "strong", [e.quote for e in duty.evidence]
    assert aid.grade.value == "strong", [e.quote for e in aid.evidence]
    assert "intervene to prevent the use of unreasonable force" in _plain(duty.evidence[0].quote)
    assert "medical" not in duty.evidence[0].quote.lower()  # no line of the other column inside the quote
    assert "provide or obtain medical assistance" in _plain(aid.evidence[0].quote)
    assert "intervene" not in aid.evidence[0].quote.lower()


def test_policy_audit_check_on_a_row_by_row_page(tmp_path):
    path = _two_column_pdf(tmp_path / "rows.pdf", row_by_row=True)
    proc = subprocess.run(
        [sys.executable, "-m", "policy_audit", "check", str(path), "--format", "json", "--ocr", "never", "--exit-zero"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    document = report["documents"][0] if "documents" in report else report
    grades = {f["criterion"]: f for f in document["findings"]}
    assert grades["intervene.duty"]["grade"] == "strong"
    assert grades["medical.aid"]["grade"] == "strong"
    assert re.search(
        r"intervene to prevent\s+the use of unreasonable force", grades["intervene.duty"]["evidence"][0]["quote"]
    )


def test_a_one_column_page_reads_exactly_as_before(tmp_path, engine):
    from policy_audit.extract import pdf_pdfium, pdf_plumber

    pdf = fpdf.FPDF(format="letter", unit="mm")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(180, 5, " ".join([DUTY, LEFT_MORE, AID, RIGHT_MORE] * 3))
    path = tmp_path / "one_column.pdf"
    pdf.output(str(path))
    module = pdf_pdfium if engine == "pdfium" else pdf_plumber
    pages, _ = module.extract_pages(path, path.read_bytes(), 10)
    if engine == "pdfium":
        import pypdfium2

        expected = pypdfium2.PdfDocument(str(path))[0].get_textpage().get_text_range()
    else:
        import pdfplumber

        with pdfplumber.open(str(path)) as plumber:
            expected = plumber.pages[0].extract_text()
    assert pages[0].text == expected


def test_a_two_column_form_reads_exactly_as_before(tmp_path, engine):
    # Labels and their values side by side: a form, not a page layout.
    from policy_audit.extract import pdf_pdfium, pdf_plumber

    pdf = fpdf.FPDF(format="letter", unit="mm")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    fields = ["Officer name", "Badge number", "Date of incident", "Location", "Type of force", "Injuries", "Supervisor"]
    for i, label in enumerate(fields):
        pdf.text(15, 30 + 7 * i, f"{label}:")
        pdf.text(70, 30 + 7 * i, "to be completed by the reporting officer at the end of the shift")
    path = tmp_path / "form.pdf"
    pdf.output(str(path))
    module = pdf_pdfium if engine == "pdfium" else pdf_plumber
    pages, _ = module.extract_pages(path, path.read_bytes(), 10)
    assert "Officer name: to be completed by the reporting officer" in pages[0].text

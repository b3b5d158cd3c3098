"""The second round of the bad-file zoo (issue #12): text that is not what it seems, and formats that
were refused wrongly. Each builder returns the bytes of one file; :func:`hostile_files` maps the zoo
file names (the keys of ``expected.py``) to them. Everything is generated, deterministically.
"""

from __future__ import annotations

import io
import zipfile

try:
    from .make_zoo import _FONT, POLICY_SENTENCES, _stream, _zip_write, pages_pdf, raw_pdf
except ImportError:  # run as a script: python tests/zoo/make_zoo.py DEST
    from make_zoo import _FONT, POLICY_SENTENCES, _stream, _zip_write, pages_pdf, raw_pdf  # type: ignore[no-redef]

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_STRICT_OFFICE_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

INTERVENE, REPORT, AID = POLICY_SENTENCES
FOOTNOTE = "Officers shall render first aid within their training while medical help is on the way."
CHUNK = "Any officer who sees excessive force by a colleague shall step in to stop it."
HIDDEN_MARKER = "zooHiddenMarker"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<w:p><w:r><w:t>{_escape(t)}</w:t></w:r></w:p>" for t in texts)


def _document(body: str, ns: str = _W_NS, rel_ns: str = _OFFICE_REL) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{ns}" xmlns:r="{rel_ns}"><w:body>{body}</w:body></w:document>'
    )


def _rels(*relations: tuple[str, str, str]) -> str:
    items = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in relations)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="{_REL_NS}">{items}</Relationships>'


def docx_package(
    document: str | bytes,
    main: str = "word/document.xml",
    parts: dict[str, str | bytes] | None = None,
    part_rels: tuple[tuple[str, str, str], ...] = (),
    rel_base: str = _OFFICE_REL,
) -> bytes:
    """A Word package: content types, the package relationships naming ``main``, the main part, its
    own relationships (``part_rels``: id, type suffix, target) and any further parts."""
    folder, name = main.rsplit("/", 1)
    files: dict[str, str | bytes] = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{main}" ContentType="{_MAIN_TYPE}"/></Types>'
        ),
        "_rels/.rels": _rels(("rId1", f"{rel_base}/officeDocument", main)),
        main: document,
    }
    if part_rels:
        files[f"{folder}/_rels/{name}.rels"] = _rels(*((i, f"{rel_base}/{t}", target) for i, t, target in part_rels))
    files.update(parts or {})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part, content in files.items():
            _zip_write(zf, part, content.encode("utf-8") if isinstance(content, str) else content)
    return buf.getvalue()


# -- Word -------------------------------------------------------------------------------------


def hidden_vanish_docx() -> bytes:
    """A hidden run (w:vanish) that would make the duty weak, beside the visible binding sentence."""
    hidden = (
        "<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>"
        f"{HIDDEN_MARKER} officers should consider intervening only when convenient.</w:t></w:r></w:p>"
    )
    return docx_package(_document(_paragraphs((INTERVENE, REPORT)) + hidden))


def moved_from_docx() -> bytes:
    """Tracked changes: a sentence moved away (w:moveFrom) is superseded; its new place (w:moveTo) is read."""
    body = (
        _paragraphs((INTERVENE,))
        + f'<w:p><w:moveFrom w:id="1" w:author="x"><w:r><w:t>{HIDDEN_MARKER} old wording: officers may'
        " render aid.</w:t></w:r></w:moveFrom></w:p>"
        + f'<w:p><w:moveTo w:id="2" w:author="x"><w:r><w:t>{_escape(AID)}</w:t></w:r></w:moveTo></w:p>'
    )
    return docx_package(_document(body))


def document2_docx() -> bytes:
    """Word Online / SharePoint: the main part is word/document2.xml, named by the relationships."""
    return docx_package(_document(_paragraphs(POLICY_SENTENCES)), main="word/document2.xml")


def strict_docx() -> bytes:
    """Strict Open XML: the same elements in the purl.oclc.org namespaces."""
    return docx_package(
        _document(_paragraphs(POLICY_SENTENCES), ns=_STRICT_NS, rel_ns=_STRICT_OFFICE_REL),
        rel_base=_STRICT_OFFICE_REL,
    )


def altchunk_docx() -> bytes:
    """The body is an imported HTML chunk (w:altChunk), as mail-merge and web exports write it."""
    body = _paragraphs((INTERVENE,)) + '<w:altChunk r:id="rIdChunk"/>'
    chunk = f"<html><body><h2>Duty</h2><p>{CHUNK}</p><p>{AID}</p></body></html>"
    return docx_package(
        _document(body), parts={"word/afchunk.htm": chunk}, part_rels=(("rIdChunk", "aFChunk", "afchunk.htm"),)
    )


def footnote_docx() -> bytes:
    """A binding clause in a footnote."""
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<w:footnotes xmlns:w="{_W_NS}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="1"><w:p><w:r><w:t>{FOOTNOTE}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    body = f'<w:p><w:r><w:t>{_escape(INTERVENE)}</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    return docx_package(
        _document(body), parts={"word/footnotes.xml": footnotes}, part_rels=(("rIdF", "footnotes", "footnotes.xml"),)
    )


def utf16_entities_docx() -> bytes:
    """A billion-laughs entity declaration in a UTF-16 document part: a byte search for <!ENTITY misses it."""
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f'<w:document xmlns:w="{_W_NS}"><w:body><w:p><w:r><w:t>&b; {INTERVENE}</w:t></w:r></w:p>'
        "</w:body></w:document>"
    )
    return docx_package(xml.encode("utf-16"))


# -- RTF and HTML -----------------------------------------------------------------------------


def policy_rtf() -> bytes:
    """WordPad-style RTF: font and colour tables, a generator destination, \\'xx escapes, \\uN, \\page."""
    return (
        "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil\\fcharset0 Calibri;}}"
        "{\\colortbl ;\\red255\\green0\\blue0;}{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1\n"
        "\\pard\\sa200\\sl276\\slmult1\\b\\f0\\fs22 310.4 DUTY TO INTERVENE\\b0\\par\n"
        f"{INTERVENE} Caf\\'e9 \\u8220?quote\\u8221?.\\par\n\\page\n{AID}\\par\n}}"
    ).encode("ascii")


def hidden_css_html() -> bytes:
    """A collapsed accordion and a display:none block, both hiding weak wording, beside the real text."""
    hidden = f"{HIDDEN_MARKER} officers should intervene only if they feel comfortable doing so. " * 4
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>"
        f"<h1>Use of force</h1><p>{INTERVENE}</p><p>{AID}</p>"
        f"<div style='display: none'>{hidden}</div>"
        f'<section style="color:red; VISIBILITY:hidden"><p>{hidden}</p></section>'
        "</body></html>"
    ).encode()


def utf8_declared_cp1252_html() -> bytes:
    """A UTF-8 page whose CMS template still declares windows-1252."""
    return (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head>'
        f"<body><p>Caf\u00e9 policy \u201cduty\u201d. {INTERVENE}</p></body></html>"
    ).encode()


def charset_html(codec: str) -> bytes:
    """A page whose meta charset names a codec that is not a text encoding."""
    return f'<html><head><meta charset="{codec}"></head><body><p>{INTERVENE}</p></body></html>'.encode("ascii")


def no_head_body_html() -> bytes:
    """No </head>, no <body>: browsers show the paragraphs; so must we."""
    return f"<html><head><title>General Order 300</title><p>{INTERVENE}</p><p>{AID}</p></html>".encode("ascii")


def stray_end_tags_html(count: int = 200_000, depth: int = 5_000) -> bytes:
    """A deep unclosed <nav> and 200,000 stray end tags: each used to be looked up through the stack."""
    return (
        b"<html><body><p>"
        + INTERVENE.encode()
        + b"</p><nav>"
        + b"<div>" * depth
        + b"</p>" * count
        + b"</nav><p>"
        + AID.encode()
        + b"</p></body></html>"
    )


# -- text --------------------------------------------------------------------------------------


def stray_nul_text() -> bytes:
    return ("\n".join(POLICY_SENTENCES) + "\n").encode("ascii").replace(b"report", b"rep\x00ort", 1)


def utf16_no_bom_text() -> bytes:
    return ("\n".join(POLICY_SENTENCES) + "\n").encode("utf-16-le")


# -- PDF ---------------------------------------------------------------------------------------


def _pdf_string(data: bytes) -> bytes:
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def control_chars_pdf() -> bytes:
    """A short one-page order whose font has no Unicode map: its text layer is control characters."""
    codes = bytes(b for b in range(1, 32) if b not in (9, 10, 11, 12, 13))
    return pages_pdf([b"BT /F1 11 Tf 72 700 Td (" + _pdf_string(codes) + b") Tj ET"])


_PLACEHOLDER = (
    b"BT /F1 12 Tf 72 700 Td (Please wait... ) Tj 0 -16 Td (If this message is not eventually replaced by the"
    b" proper contents of the document, your PDF viewer may not be able to display this type of document.) Tj ET"
)


def xfa_pdf(dynamic: bool) -> bytes:
    """An XFA form: dynamic (NeedsRendering: the page is a placeholder) or static (real page text)."""
    content = _PLACEHOLDER if dynamic else b"BT /F1 11 Tf 72 700 Td (" + INTERVENE[:90].encode() + b") Tj ET"
    needs = b" /NeedsRendering true" if dynamic else b""
    template = b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'><template/></xdp:xdp>"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /AcroForm 6 0 R" + needs + b" >>",
            b"<< /Type /Pages /Count 1 /Kids [5 0 R] >>",
            _FONT,
            _stream(content),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>",
            b"<< /Fields [] /XFA 7 0 R >>",
            _stream(template),
        ]
    )


def sideways_pdf() -> bytes:
    """A page shown rotated (/Rotate 90) whose text is set along the unrotated page."""
    lines = [s[i : i + 60] for s in POLICY_SENTENCES for i in range(0, len(s), 60)]
    body = b"".join(
        b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (700 - 14 * k, _pdf_string(line.encode()))
        for k, line in enumerate(lines)
    )
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [5 0 R] >>",
            _FONT,
            _stream(body),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate 90 /Resources << /Font << /F1 3 0 R >> >>"
            b" /Contents 4 0 R >>",
        ]
    )


def with_blank_page_pdf() -> bytes:
    """A policy page, then a page that draws nothing at all (blank paper between sections)."""
    text = b"".join(
        b"BT /F1 11 Tf 72 %d Td (%s) Tj ET\n" % (700 - 14 * k, _pdf_string(s[:95].encode()))
        for k, s in enumerate(POLICY_SENTENCES)
    )
    return pages_pdf([text, b""])


# -- documents we cannot read, which a folder walk must still show ------------------------------


def odt_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("mimetype", date_time=(2024, 1, 1, 0, 0, 0))
        zf.writestr(info, b"application/vnd.oasis.opendocument.text")
        _zip_write(zf, "content.xml", b"<office:document-content/>")
    return buf.getvalue()


def hostile_files() -> dict[str, bytes]:
    return {
        "hidden_css.html": hidden_css_html(),
        "hidden_vanish.docx": hidden_vanish_docx(),
        "moved_from.docx": moved_from_docx(),
        "utf8_declared_cp1252.html": utf8_declared_cp1252_html(),
        "charset_hex.html": charset_html("hex"),
        "charset_rot13.html": charset_html("rot13"),
        "charset_undefined.html": charset_html("undefined"),
        "charset_idna.html": charset_html("idna"),
        "stray_nul.txt": stray_nul_text(),
        "utf16_no_bom.txt": utf16_no_bom_text(),
        "control_chars.pdf": control_chars_pdf(),
        "xfa_dynamic.pdf": xfa_pdf(dynamic=True),
        "xfa_static.pdf": xfa_pdf(dynamic=False),
        "sideways.pdf": sideways_pdf(),
        "blank_page.pdf": with_blank_page_pdf(),
        "document2.docx": document2_docx(),
        "strict.docx": strict_docx(),
        "altchunk.docx": altchunk_docx(),
        "footnote.docx": footnote_docx(),
        "policy.rtf": policy_rtf(),
        "no_head_body.html": no_head_body_html(),
        "stray_end_tags.html": stray_end_tags_html(),
        "utf16_entities.docx": utf16_entities_docx(),
        "GENERAL_ORDER_300": ("\n".join(POLICY_SENTENCES) + "\n").encode("ascii"),
        "order.odt": odt_bytes(),
    }

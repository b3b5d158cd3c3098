"""Build the bad-file zoo: the broken, disguised and hostile files that real records-request
collections contain, each paired with what policy-audit must do with it (``expected.py``).

    python -m tests.zoo.make_zoo DEST     # write the zoo into DEST (created if needed)

Everything is generated, deterministically and in well under five seconds, so the repository holds
no binary fixtures: fpdf2 for the ordinary PDFs, hand-written PDF syntax where fpdf2 would be slow
(3000 pages, one 200,000-character page), ``zipfile`` streaming for the zip bomb so that its
256 MiB of XML never sits in memory, and repeated deflate blocks for the PDF bomb, whose 4 GiB of
content stream is never inflated here at all.
"""

from __future__ import annotations

import os
import random
import re
import struct
import sys
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

try:
    from .expected import EXPECTED, Expect
except ImportError:  # run as a script: python tests/zoo/make_zoo.py DEST
    from expected import EXPECTED, Expect  # type: ignore[no-redef]

__all__ = ["ZooCase", "build_zoo"]

_CREATED = datetime(2024, 1, 1, tzinfo=timezone.utc)
_ZIP_DATE = (2024, 1, 1, 0, 0, 0)

POLICY_SENTENCES = (
    "Any officer who observes another officer using force that is clearly beyond what is objectively "
    "reasonable shall intervene to prevent or stop it, when in a position to do so.",
    "The observing officer shall report the incident to a supervisor as soon as it is safe to do so.",
    "After any use of force, officers shall render aid and request medical assistance for any person "
    "who is injured or complains of injury.",
)


@dataclass(frozen=True)
class ZooCase:
    name: str  # file name inside the zoo, also the test id
    path: Path
    expected: str  # a DocumentProblem value, or "ok"
    expect: Expect  # the full expectation (why, format, warning, contains, excludes)
    skip: str = ""  # reason the case cannot be tested here ("" = run it)


# -- small builders ---------------------------------------------------------------------------


_PAGE_TOPICS = ("DUTY TO INTERVENE", "REPORTING BY WITNESSES", "MEDICAL AID")


def policy_pdf(encryption: dict | None = None) -> bytes:
    """An ordinary three-page text PDF made with fpdf2, optionally encrypted (RC4: deterministic).

    Each page says something different: text repeated on every page is what a running header
    looks like, and the reader rightly drops it.
    """
    from fpdf import FPDF

    pdf = FPDF(format="Letter")
    pdf.set_creation_date(_CREATED)
    if encryption:
        pdf.set_encryption(**encryption)
    for number, (topic, sentence) in enumerate(zip(_PAGE_TOPICS, POLICY_SENTENCES), start=1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, f"310.{number} {topic}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(0, 5.5, sentence, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        pdf.multi_cell(
            0,
            5.5,
            f"Section 310.{number} applies to every sworn member. "
            + " ".join(POLICY_SENTENCES[(number + k) % 3] for k in range(1, 3)),
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


def raw_pdf(objects: list[bytes]) -> bytes:
    """Assemble a PDF from object bodies (object 1 must be the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
_LETTER = b"[0 0 612 792]"


def pages_pdf(contents: list[bytes], shared: bool = False) -> bytes:
    """One page per content stream; with ``shared`` every page uses contents[0] (cheap page counts)."""
    count = len(contents)
    streams = contents[:1] if shared else contents
    first_stream = 4
    first_page = first_stream + len(streams)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Count %d /Kids [%s] >>" % (count, kids),
        _FONT,
    ]
    objects += [_stream(c) for c in streams]
    for i in range(count):
        content_ref = first_stream + (0 if shared else i)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>"
            % (_LETTER, content_ref)
        )
    return raw_pdf(objects)


def many_pages_pdf(count: int = 3000) -> bytes:
    return pages_pdf([b"BT /F1 9 Tf 300 40 Td (-) Tj ET"] * count, shared=True)


def long_page_pdf(chars: int = 200_000) -> bytes:
    """One Letter page with ``chars`` characters of real sentences in 2-point type."""
    text = " ".join(POLICY_SENTENCES) + " "
    body = (text * (chars // len(text) + 1))[:chars]
    width = 560  # characters per line at 2 pt (Helvetica averages about half an em)
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    ops = [b"BT /F1 2 Tf 2.1 TL 20 780 Td"]
    ops += [b"(" + line.encode("latin-1") + b") Tj T*" for line in lines]
    ops.append(b"ET")
    return pages_pdf([b"\n".join(ops)])


def image_only_pdf() -> bytes:
    """A 'scanned' page: grey paper and black bars where lines of text would be, no text operators."""
    bars = [b"0.93 g 0 0 612 792 re f", b"0.1 g"]
    rng = random.Random(14)
    y = 720
    while y > 80:
        bars.append(b"72 %d %d 7 re f" % (y, rng.randint(300, 468)))
        y -= 14
    return pages_pdf([b"\n".join(bars)])


def png_bytes(width: int = 16, height: int = 16) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes((x * 16) % 256 for x in range(width)) for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _zip_write(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    b"</Types>"
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" '
    b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    b'Target="word/document.xml"/></Relationships>'
)
_W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(paragraphs: tuple[str, ...] = POLICY_SENTENCES) -> bytes:
    import io

    body = b"".join(
        b"<w:p><w:r><w:t>" + p.replace("&", "&amp;").replace("<", "&lt;").encode("utf-8") + b"</w:t></w:r></w:p>"
        for p in paragraphs
    )
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
        + _W
        + b"><w:body>"
        + body
        + b"</w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _zip_write(zf, "[Content_Types].xml", _CONTENT_TYPES)
        _zip_write(zf, "_rels/.rels", _RELS)
        _zip_write(zf, "word/document.xml", document)
    return buf.getvalue()


def write_zip_bomb(path: Path, inflated: int = 256 << 20) -> None:
    """A well-formed DOCX whose document.xml is ``inflated`` bytes, mostly spaces, streamed in 1 MiB chunks."""
    head = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ' + _W + b"><w:body><w:p><w:r><w:t>"
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(path, "w") as zf:
        _zip_write(zf, "[Content_Types].xml", _CONTENT_TYPES)
        _zip_write(zf, "_rels/.rels", _RELS)
        info = zipfile.ZipInfo("word/document.xml", date_time=_ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w", force_zip64=True) as fh:
            fh.write(head)
            remaining = inflated - len(head) - len(tail)
            while remaining > 0:
                piece = chunk if remaining >= len(chunk) else chunk[:remaining]
                fh.write(piece)
                remaining -= len(piece)
            fh.write(tail)


_ADLER = 65521


def _adler32_of_repeats(byte: int, count: int) -> int:
    """Adler-32 of ``count`` copies of one byte, in closed form: the running sum after k bytes is
    1 + k*byte, and the second sum adds those up, count + byte*count*(count+1)/2."""
    a = (1 + byte * count) % _ADLER
    b = (count + byte * (count * (count + 1) // 2)) % _ADLER
    return (b << 16) | a


def bomb_stream(inflated: int = 4 << 30, unit: int = 1 << 20) -> bytes:
    """A zlib stream of ``inflated`` spaces, deflated twice (for ``[/FlateDecode /FlateDecode]``).

    One MiB of spaces is deflated once, ending in a full flush: the flush resets the compressor, so
    every further MiB would deflate to the very same bytes, and the inner stream is that block
    repeated (4 GiB: 4096 blocks of about 1 KB). Deflating the inner stream, which repeats itself
    every kilobyte, shrinks it a thousandfold again: ~10 KB in all, built in milliseconds.
    """
    assert inflated % unit == 0
    inner = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zlib.Z_RLE)  # raw deflate: the zlib frame is ours
    block = inner.compress(b" " * unit) + inner.flush(zlib.Z_FULL_FLUSH)
    again = inner.compress(b" " * unit) + inner.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "this zlib does not repeat itself after a full flush"
    last = inner.flush(zlib.Z_FINISH)
    outer = zlib.compressobj(9)
    parts = [outer.compress(b"\x78\xda")]  # the zlib header of the inner stream
    parts += [outer.compress(block) for _ in range(inflated // unit)]
    parts.append(outer.compress(last + struct.pack(">I", _adler32_of_repeats(ord(" "), inflated))))
    parts.append(outer.flush())
    return b"".join(parts)


def bomb_pdf(inflated: int = 4 << 30) -> bytes:
    """One page whose content stream is ~10 KB on disk and ``inflated`` bytes of spaces once decoded."""
    data = bomb_stream(inflated)
    stream = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n" % len(data) + data + b"\nendstream"
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Count 1 /Kids [5 0 R] >>",
            _FONT,
            stream,
            b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
            % _LETTER,
        ]
    )


def zip_archive_bytes() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        _zip_write(zf, "README.txt", b"Scanned policies, see the folder.\n")
        _zip_write(zf, "policies/index.csv", b"file,title\n300.pdf,Use of Force\n")
    return buf.getvalue()


def truncate(data: bytes, share: float = 0.6) -> bytes:
    return data[: int(len(data) * share)]


def break_xref(data: bytes) -> bytes:
    """Overwrite every in-use xref offset with a wrong one of the same width (file length unchanged)."""
    start = data.rindex(b"\nxref\n")
    end = data.index(b"trailer", start)
    table = re.sub(rb"\d{10} 00000 n", b"0000000042 00000 n", data[start:end])
    return data[:start] + table + data[end:]


def cp1252_text() -> bytes:
    return (
        "USE OF FORCE\r\n\r\n"
        "310.4 DUTY TO INTERVENE\r\n"
        "Any officer who observes another officer using excessive force shall intervene \u201cwhen in a "
        "position to do so\u201d \u2013 and shall report it to a supervisor.\r\n"
        "Officers may not accept gifts from the caf\u00e9 on Main Street.\r\n"
    ).encode("cp1252")


def utf16_text() -> bytes:
    text = "MEDICAL AID\n\n" + "\n".join(POLICY_SENTENCES) + "\n"
    return "\ufeff".encode("utf-16-le") + text.encode("utf-16-le")


def cid_garbage_text() -> bytes:
    rng = random.Random(12)
    lines = ["".join(f"(cid:{rng.randint(3, 180)})" for _ in range(rng.randint(8, 30))) for _ in range(60)]
    return ("\n".join(lines) + "\n").encode("ascii")


def html_text() -> bytes:
    return (
        b'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Policy 310 Use of Force</title>\n'
        b"<style>.zooStyleMarker { color: red } p > b { font-weight: bold }</style>\n"
        b"<script>var zooScriptMarker = '<p>Officers shall not intervene</p>'; if (a < b && b > c) { run(); }</script>\n"
        b"</head><body>\n<h1>310.4 Duty to Intervene</h1>\n"
        b"<p>Any officer who observes excessive force shall intervene &amp; report it to a supervisor,"
        b"&nbsp;&#8220;when in a position to do so&#8221;.</p>\n"
        b"<p>After any use of force, officers shall render aid &lt;as soon as it is safe&gt;.</p>\n"
        b"<noscript>Enable JavaScript</noscript>\n</body></html>\n"
    )


# -- the zoo -----------------------------------------------------------------------------------


def build_zoo(dest: Path) -> list[ZooCase]:
    """Write every zoo file into ``dest`` and return the cases, in the order of ``EXPECTED``."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    good = policy_pdf()
    files: dict[str, bytes] = {
        "empty.pdf": b"",
        "truncated.pdf": truncate(good),
        "bad_xref.pdf": break_xref(good),
        "encrypted_user_password.pdf": policy_pdf(encryption={"owner_password": "owner", "user_password": "secret"}),
        "encrypted_owner_only.pdf": policy_pdf(encryption={"owner_password": "owner"}),
        "png_named.pdf": png_bytes(),
        "zip_named.pdf": zip_archive_bytes(),
        "random_bytes.pdf": random.Random(1234).randbytes(4096),
        "docx_named.pdf": docx_bytes(),
        "cp1252.txt": cp1252_text(),
        "utf16_bom.txt": utf16_text(),
        "cid_garbage.txt": cid_garbage_text(),
        "image_only.pdf": image_only_pdf(),
        "unreadable.pdf": good,
        "many_pages.pdf": many_pages_pdf(),
        "long_page.pdf": long_page_pdf(),
        "script_entities.html": html_text(),
        "pdf_bomb.pdf": bomb_pdf(),
    }
    try:
        from .make_hostile import hostile_files
    except ImportError:  # run as a script
        from make_hostile import hostile_files  # type: ignore[no-redef]
    files.update(hostile_files())
    for name, data in files.items():
        target = dest / name
        if target.exists():  # rebuilding into the same folder: undo the chmod 000
            target.chmod(0o644)
        target.write_bytes(data)

    skips: dict[str, str] = {}
    unreadable = dest / "unreadable.pdf"
    unreadable.chmod(0)
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        skips["unreadable.pdf"] = (
            "running as root: a chmod 000 file is still readable, so permission_denied cannot happen"
        )
    elif os.access(unreadable, os.R_OK):
        skips["unreadable.pdf"] = "this file system ignores chmod 000 (the file is still readable)"

    write_zip_bomb(dest / "zip_bomb.docx")
    (dest / "folder.pdf").mkdir(exist_ok=True)
    for link, target in (
        ("loop_a.pdf", "loop_b.pdf"),
        ("loop_b.pdf", "loop_a.pdf"),
        ("dangling.pdf", "no_such_file.pdf"),
    ):
        if os.path.lexists(dest / link):
            os.unlink(dest / link)
        try:
            os.symlink(target, dest / link)
        except (OSError, NotImplementedError) as exc:  # Windows without the privilege
            skips.setdefault("loop_a.pdf" if link != "dangling.pdf" else link, f"cannot create symlinks here ({exc})")
    missing = dest / "missing.pdf"
    if missing.exists():
        missing.unlink()

    cases = []
    for name, expect in EXPECTED.items():
        path = dest / name
        if not os.path.lexists(path) and name != "missing.pdf":
            raise AssertionError(f"zoo: {name} is in expected.py but build_zoo did not create it")
        cases.append(ZooCase(name=name, path=path, expected=expect.outcome, expect=expect, skip=skips.get(name, "")))
    return cases


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m tests.zoo.make_zoo DEST", file=sys.stderr)
        return 2
    cases = build_zoo(Path(argv[0]))
    for case in cases:
        note = f"  (skip: {case.skip})" if case.skip else ""
        print(f"{case.expected:<20} {case.path}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

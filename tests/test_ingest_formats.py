"""Reading the formats of a newsroom's archive (#16): saved web pages, WARC and ARC crawls,
PDF, Word and e-mail, and the broken or hostile files among them.

Every file is real and made by the tool of its format, here in the test: warcio's
``WARCWriter`` writes the crawls, python-docx the Word files, the standard ``email``
package the messages, and the PDFs are written byte by byte (a minimal valid PDF with a
text layer, as a PDF producer writes it) and passed through pypdf for metadata and
encryption. The texts are real Wikinews articles from the test corpus (CC BY 2.5, see
``tests/data/news/PROVENANCE.md``); the saved page with its full chrome (cookie banner,
navigation, share bar, related links, comments) is ``tests/data/formats/saved-page.html``
(see the PROVENANCE.md beside it).

One folder mixing every format with broken files is indexed once through the real
``news-search index``; single files are read through :func:`search.ingest.read_file`,
which shows what a reader gives before indexing (format, metadata, parent).
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import zipfile
from datetime import UTC, date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader, PdfWriter
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from search.cli import EXIT_SKIPPED, cli
from search.config import Settings
from search.ingest import Limits, detect_format, find_files, read_file
from search.ingest import reading as R
from search.ingest.sandbox import ReaderProcess
from search.models import Article, SkippedFile

REPO = Path(__file__).resolve().parent.parent
FORMATS = REPO / "tests" / "data" / "formats"
SAVED_PAGE = FORMATS / "saved-page.html"
COURIER = "https://www.harbour-courier.example/science/2019/02/11/walter-munk-dies"
WIKINEWS = REPO / "tests" / "data" / "news" / "wikinews.jsonl"
ARTICLES = {
    r["id"]: r for r in map(json.loads, WIKINEWS.read_text("utf-8").splitlines())
}
MUNK = ARTICLES["wikinews-62f10a6e22d3"]  # Walter Munk dies (2019-02-11)
NOTRE = ARTICLES["wikinews-fa626d79c339"]  # Notre Dame fire (2019-04-16)
ZAPATA = ARTICLES["wikinews-a8ced75f87c4"]  # Franky Zapata (2019-08-06)
PELOSI = ARTICLES["wikinews-b815ca1248d4"]  # Nancy Pelosi elected Speaker (2019-01-04)
MAGNITOGORSK = ARTICLES["wikinews-e8d671d30811"]  # building collapse (2019-01-04)

#: What the saved page shows around its story; none of it may reach the index.
CHROME = (
    "cookies",
    "Accept all",
    "You are here",
    "Skip to content",
    "Subscribe",
    "Share on Facebook",
    "Print this article",
    "Advertisement",
    "Market voices",
    "Read more",
    "Coral reef",
    "Related stories",
    "Arctic sea ice",
    "Sign up",
    "newsletter",
    "Trawlerman77",
    "Bathymetry",
    "fisheries quota",
    "Most read",
    "Harbour regatta",
    "All rights reserved",
    "STI 3,262",
)


def paragraphs(record: dict) -> list[str]:
    """The paragraphs of a Wikinews record, without its weekday dateline."""
    return [" ".join(p.split()) for p in record["text"].split("\n\n")[1:] if p.strip()]


# ------------------------------------------------------------------- making files


def pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def text_page(title: str, paras: list[str], width: int = 90) -> list[bytes]:
    """Content streams of pages set as a PDF producer sets them: the title in 18 pt,
    paragraphs in 10 pt lines of ``width`` characters, a blank line between them."""
    pages, ops, y = [], [], 740
    ops.append(b"BT /F1 18 Tf 72 %d Td %s Tj ET" % (y, pdf_string(title)))
    y -= 36
    for para in paras:
        line = ""
        lines = []
        for word in para.split():
            if line and len(line) + len(word) + 1 > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
        for text in lines:
            if y < 72:
                pages.append(b"\n".join(ops))
                ops, y = [], 740
            ops.append(b"BT /F1 10 Tf 72 %d Td %s Tj ET" % (y, pdf_string(text)))
            y -= 12
        y -= 12
    pages.append(b"\n".join(ops))
    return pages


def pdf_bytes(contents: list[bytes]) -> bytes:
    """A minimal valid PDF, written object by object with its cross-reference table:
    one page per content stream (pages with equal streams share one object), Helvetica
    as ``/F1`` and a 64x64 grey picture as ``/Im1``."""
    objects: list[bytes] = [b""] * 4  # catalog, page tree, font, picture
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[2] = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>"
    )
    picture = bytes(range(256)) * 16
    objects[3] = (
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace "
        b"/DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n%s\nendstream"
        % (len(picture), picture)
    )
    streams: dict[bytes, int] = {}
    kids = []
    for content in contents:
        if content not in streams:
            objects.append(
                b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)
            )
            streams[content] = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> /XObject << /Im1 4 0 R >> >> >>"
            % streams[content]
        )
        kids.append(b"%d 0 R" % len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def pdf_file(
    contents: list[bytes],
    info: dict[str, str] | None = None,
    password: str | None = None,
    owner_password: str | None = None,
) -> bytes:
    """:func:`pdf_bytes` through pypdf, with document information and encryption."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(contents))))
    if info:
        writer.add_metadata(info)
    if password is not None:
        writer.encrypt(password, owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_file(
    heading: str,
    paras: list[str],
    *,
    title: str = "",
    created: datetime | None = None,
    table: list[list[str]] | None = None,
) -> bytes:
    document = docx.Document()
    document.add_heading(heading, level=1)
    for para in paras:
        document.add_paragraph(para)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    document.core_properties.title = title
    document.core_properties.author = "Wikinews"
    if created:
        document.core_properties.created = created
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def eml_file() -> bytes:
    """A forwarded story with a PDF, a Word file and a picture attached."""
    message = EmailMessage()
    message["From"] = "Wikinews Desk <Desk@Wikinews.example>"
    message["To"] = "Reporter One <one@news.example>, two@news.example"
    message["Cc"] = "Night Editor <editor@news.example>"
    message["Subject"] = f"Fwd: {NOTRE['title']}"
    message["Date"] = format_datetime(datetime(2019, 4, 16, 7, 30, tzinfo=UTC))
    message["Message-ID"] = "<notre-dame-1@wikinews.example>"
    body = "\n\n".join(paragraphs(NOTRE)[:3])
    message.set_content(
        f"Our story of last night, and two older ones attached.\n\n{body}\n\n"
        "-- \nWikinews desk | Quetzalcoatl Plaza 1\n"
    )
    message.add_attachment(
        pdf_file(text_page(MUNK["title"], paragraphs(MUNK))),
        maintype="application",
        subtype="pdf",
        filename="munk.pdf",
    )
    message.add_attachment(
        docx_file(ZAPATA["title"], paragraphs(ZAPATA), created=datetime(2019, 8, 6)),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="zapata.docx",
    )
    message.add_attachment(
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        maintype="image",
        subtype="png",
        filename="spire.png",
    )
    return bytes(message)


def mbox_file() -> bytes:
    """Two messages as a mail program keeps them, a ``From`` line quoted in one."""
    out = b""
    for n, (record, message_id) in enumerate(
        ((PELOSI, "<pelosi@wikinews.example>"), (MAGNITOGORSK, None))
    ):
        message = EmailMessage()
        message["From"] = "Wikinews <news@wikinews.example>"
        message["To"] = "archive@news.example"
        message["Subject"] = record["title"]
        message["Date"] = format_datetime(datetime(2019, 1, 4, 9 + n, tzinfo=UTC))
        if message_id:
            message["Message-ID"] = message_id
        message.set_content(
            "\n\n".join(paragraphs(record))
            + "\n\nFrom Washington and Moscow, Wikinews.\n"
        )
        raw = bytes(message).replace(b"\nFrom ", b"\n>From ")
        out += b"From news@wikinews.example Fri Jan  4 09:00:00 2019\n" + raw + b"\n"
    return out


def page_html(record: dict, *, published: str | None, charset: str = "utf-8") -> bytes:
    meta = (
        f'<meta property="article:published_time" content="{published}">'
        if published
        else ""
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs(record))
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{record["title"]}'
        f" - Wikinews, the free news source</title>{meta}</head><body><nav><a href="
        f'"/wiki/Main_Page">Main page</a> <a href="/wiki/Special:Random">Random '
        f"article</a></nav><article><h1>{record['title']}</h1>{body}</article><footer>"
        f"Text is available under the Creative Commons Attribution 2.5 License"
        f"</footer></body></html>"
    ).encode(charset)


def warc_file(gzip: bool = True) -> bytes:
    """A crawl as a crawler writes it: its warcinfo, a request and a response per page,
    a picture, a redirect and a revisit of a page seen before."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(
        writer.create_warcinfo_record(
            "crawl.warc.gz", {"software": "news-search tests"}
        )
    )
    captured = "2019-08-07T10:00:00Z"

    def fetch(uri: str, payload: bytes, content_type: str, status: str = "200 OK"):
        request = StatusAndHeaders(
            f"GET {uri} HTTP/1.1", [("Host", "example")], is_http_request=True
        )
        writer.write_record(
            writer.create_warc_record(
                uri,
                "request",
                http_headers=request,
                warc_headers_dict={"WARC-Date": captured},
            )
        )
        headers = StatusAndHeaders(
            status, [("Content-Type", content_type)], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload),
                http_headers=headers,
                warc_headers_dict={"WARC-Date": captured},
            )
        )

    courier = COURIER
    fetch(courier, SAVED_PAGE.read_bytes(), "text/html; charset=utf-8")
    fetch(
        "https://en.wikinews.org/wiki/Notre_Dame_in_Paris_catches_fire",
        page_html(NOTRE, published="2019-04-16"),
        "text/html; charset=utf-8",
    )
    fetch(
        "https://en.wikinews.org/wiki/Franky_Zapata",  # no date in page or URL
        page_html(ZAPATA, published=None, charset="windows-1252"),
        "text/html; charset=windows-1252",
    )
    fetch(
        "https://en.wikinews.org/logo.png",
        b"\x89PNG\r\n\x1a\n" + bytes(64),
        "image/png",
    )
    fetch(
        "https://en.wikinews.org/wiki/Old_title",
        b"",
        "text/html",
        "301 Moved Permanently",
    )
    revisit = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_revisit_record(
            courier,
            digest="sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ",
            refers_to_uri=courier,
            refers_to_date=captured,
            http_headers=revisit,
        )
    )
    return out.getvalue()


def record_offsets(data: bytes) -> list[int]:
    """Where each record of a WARC file starts."""
    records = ArchiveIterator(io.BytesIO(data))
    return [records.offset for _record in records]


def cut_crawl(gzip: bool = True) -> tuple[bytes, int]:
    """A crawl cut off in the middle of its third page (its seventh record), and where
    that record starts."""
    data = warc_file(gzip)
    offsets = record_offsets(data)
    return data[: (offsets[6] + offsets[7]) // 2], offsets[6]


def arc_file() -> bytes:
    """An ARC file (the Internet Archive's format before WARC), written as its spec says."""
    head = b"1 0 news-search tests\nURL IP-address Archive-date Content-type Archive-length\n"
    out = b"filedesc://crawl.arc 0.0.0.0 20190807100000 text/plain %d\n%s\n" % (
        len(head),
        head,
    )
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
    http += page_html(NOTRE, published="2019-04-16")
    out += b"https://en.wikinews.org/wiki/Notre_Dame 91.198.174.192 20190807100000 "
    out += b"text/html %d\n%s\n" % (len(http), http)
    return out


def slow_pdf(pages: int = 3000) -> bytes:
    """A small PDF that keeps a reader busy: thousands of pages share one content
    stream of 20,000 drawing operators (no text: nothing stops reading early)."""
    return pdf_bytes([b"0 0 m 1 1 l S " * 20_000] * pages)


def huge_docx(paragraphs: int = 300_000) -> bytes:
    """A Word file of ``paragraphs`` short paragraphs of Wikinews words, its XML written
    straight into the archive (python-docx takes minutes to add that many)."""
    words = [w for r in ARTICLES.values() for w in r["text"].split() if w.isalpha()]
    chunk = "".join(
        f"<w:p><w:r><w:t>{' '.join(words[n * 8 : n * 8 + 8])}</w:t></w:r></w:p>"
        for n in range(2000)
    )
    template = zipfile.ZipFile(io.BytesIO(docx_file("Huge report", ["Short."])))
    xml = template.read("word/document.xml").decode("utf-8")
    xml = xml.replace("<w:sectPr", chunk * (paragraphs // 2000) + "<w:sectPr", 1)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for part in template.infolist():
            data = xml if part.filename == "word/document.xml" else template.read(part)
            archive.writestr(part.filename, data)
    return out.getvalue()


def bomb_docx(megabytes: int = 300) -> bytes:
    """A Word file with a 'picture' that packs ``megabytes`` MB of zeros into ~300 kB."""
    out = io.BytesIO(docx_file(ZAPATA["title"], paragraphs(ZAPATA)))
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/media/image1.png", "w", force_zip64=True) as part:
            for _ in range(megabytes):
                part.write(bytes(1 << 20))
    return out.getvalue()


# --------------------------------------------------------------------- reading


def read(path: Path, **limits: float) -> list[Article | SkippedFile]:
    return list(read_file(path, limits=Limits(**limits)))  # type: ignore[arg-type]


def articles(items: list[Article | SkippedFile]) -> dict[str, Article]:
    return {i.id: i for i in items if isinstance(i, Article)}


def meta(article: Article, name: str) -> list[str]:
    return [value for key, value in article.metadata if key == name]


def test_a_saved_news_page_keeps_the_story_and_drops_the_chrome():
    [page] = read(SAVED_PAGE)
    assert isinstance(page, Article)
    assert page.title == MUNK["title"]  # the <h1>, not og:title with the site's name
    assert page.body == "\n\n".join(paragraphs(MUNK))  # every paragraph, nothing else
    for chrome in CHROME:
        assert chrome.lower() not in page.body.lower(), chrome
    # Published, not updated (2019-02-14), from the page's markup.
    assert (page.published, page.published_source) == (date(2019, 2, 11), "metadata")
    assert page.url.endswith("/science/2019/02/11/walter-munk-dies")  # canonical
    assert page.kind == "html" and page.source == str(SAVED_PAGE)
    assert meta(page, "sitename") == ["The Harbour Courier"]


def test_html_is_told_by_its_content(tmp_path):
    page = SAVED_PAGE.read_bytes()
    (tmp_path / "munk").write_bytes(page)  # saved without a suffix
    (tmp_path / "munk.pdf").write_bytes(page)  # an error page saved as the PDF
    for name in ("munk", "munk.pdf"):
        assert detect_format(tmp_path / name, page[:8192]) == "html"
        [article] = read(tmp_path / name)
        assert article.title == MUNK["title"] and article.kind == "html", name


def mhtml_file() -> bytes:
    """The saved page as Chrome saves a page as one file: MIME, the HTML part in
    quoted-printable, its picture beside it, the save date in the Date header."""
    message = EmailMessage()
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = COURIER
    message["Subject"] = "Oceanographer Walter Munk dies at 101 | The Harbour Courier"
    message["Date"] = "Wed, 1 May 2024 10:00:00 -0000"
    message["MIME-Version"] = "1.0"
    message.set_content(
        SAVED_PAGE.read_text("utf-8"), subtype="html", cte="quoted-printable"
    )
    message.make_related()
    message.get_payload()[0]["Content-Location"] = COURIER
    message.add_related(
        b"\xff\xd8\xff\xe0" + bytes(64), maintype="image", subtype="jpeg", cid="munk"
    )
    return bytes(message)


def test_a_page_saved_as_one_file_is_read_as_the_page(tmp_path):
    path = tmp_path / "munk.mhtml"
    path.write_bytes(mhtml_file())
    [page] = read(path)
    assert isinstance(page, Article), page
    assert (page.title, page.body) == (MUNK["title"], "\n\n".join(paragraphs(MUNK)))
    assert page.published == date(2019, 2, 11)  # not the day it was saved
    assert (page.url, page.kind) == (COURIER, "mhtml")
    (tmp_path / "saved").write_bytes(mhtml_file())  # told by its content too
    assert read(tmp_path / "saved")[0].title == MUNK["title"]


def test_the_parts_a_browser_saves_beside_a_page_are_no_articles(tmp_path):
    (tmp_path / "munk.html").write_bytes(SAVED_PAGE.read_bytes())
    (tmp_path / "munk_files").mkdir()
    (tmp_path / "munk_files" / "saved_resource.html").write_text(
        "<html><body><p>Share this story with your friends today!</p></body></html>"
    )
    (tmp_path / "other_files").mkdir()  # no other.html beside it: read
    (tmp_path / "other_files" / "page.html").write_bytes(SAVED_PAGE.read_bytes())
    found = [item for item in find_files([tmp_path]) if isinstance(item, tuple)]
    assert [base for _path, base in found] == ["munk", "other_files-page"]


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_every_html_page_of_a_crawl_is_an_article(tmp_path, gzip, caplog):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(warc_file(gzip))
    with caplog.at_level(logging.INFO, logger="search.ingest"):
        items = read(path)
    assert all(isinstance(i, Article) for i in items), items
    by_url = {a.url: a for a in items}
    assert len(by_url) == 3
    munk = by_url[
        "https://www.harbour-courier.example/science/2019/02/11/walter-munk-dies"
    ]
    assert munk.body == "\n\n".join(paragraphs(MUNK))
    assert (munk.published, munk.published_source) == (date(2019, 2, 11), "metadata")
    notre = by_url["https://en.wikinews.org/wiki/Notre_Dame_in_Paris_catches_fire"]
    assert (notre.title, notre.published) == (NOTRE["title"], date(2019, 4, 16))
    assert "Creative Commons" not in notre.body and "Random article" not in notre.body
    # No date in page or URL: the capture date, marked as such.
    zapata = by_url["https://en.wikinews.org/wiki/Franky_Zapata"]
    assert (zapata.published, zapata.published_source) == (date(2019, 8, 7), "captured")
    assert "Louis Blériot" in zapata.body  # windows-1252, as the HTTP header says
    for article in items:
        assert article.kind == "warc" and article.source == str(path)
        assert meta(article, "captured") == ["2019-08-07"]
        assert re.fullmatch(r"crawl-[0-9a-f]{12}", article.id)
    # Revisit, picture, redirect, request and warcinfo records: passed over, counted.
    assert (
        f"{path}: 3 pages from 12 records; passed over: 1 revisits, 1 not status 200, "
        "1 not HTML, 6 requests, metadata and crawl records"
    ) in caplog.text


def test_crawl_ids_are_stable_across_readings(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_file())
    first, second = read(path), read(path)
    assert [a.id for a in first] == [a.id for a in second]
    assert len({a.id for a in first}) == 3


def test_an_arc_file_is_read_as_a_crawl(tmp_path):
    path = tmp_path / "old-crawl.arc"
    path.write_bytes(arc_file())
    [article] = read(path)
    assert isinstance(article, Article), article
    assert (article.title, article.url) == (
        NOTRE["title"],
        "https://en.wikinews.org/wiki/Notre_Dame",
    )
    assert article.kind == "arc" and article.published == date(2019, 4, 16)
    assert [a.id for a in read(path)] == [article.id]  # keyed by offset: stable


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_truncated_crawl_keeps_the_pages_before_the_damage(tmp_path, gzip):
    data, damaged = cut_crawl(gzip)
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    path.write_bytes(data)
    *pages, damage = read(path)
    assert [a.title for a in pages] == [MUNK["title"], NOTRE["title"]]
    assert damage == SkippedFile(
        f"{path}:byte {damaged}",
        "damaged or truncated WARC (the file ends inside a record); the rest of the "
        "file was not read",
    )
    # Cut inside a record's header, or with garbage after the good records.
    path.write_bytes(data[: damaged + 20])
    assert read(path)[-1].path == f"{path}:byte {damaged}"
    path.write_bytes(data[:damaged] + b"this is no WARC record\r\n" * 10)
    *pages, damage = read(path)
    assert len(pages) == 2 and damage.path == f"{path}:byte {damaged}", damage


def test_pdf_title_date_and_paragraphs(tmp_path):
    path = tmp_path / "munk.pdf"
    path.write_bytes(
        pdf_file(
            text_page(MUNK["title"], paragraphs(MUNK)),
            {
                "/Title": "Microsoft Word - munk_final.docx",
                "/CreationDate": "D:20190211093000Z",
            },
        )
    )
    [article] = read(path)
    assert isinstance(article, Article), article
    assert (
        article.title == MUNK["title"]
    )  # the heading: the metadata title is a file name
    assert article.body == "\n\n".join(paragraphs(MUNK))  # lines joined into paragraphs
    assert (article.published, article.published_source) == (
        date(2019, 2, 11),
        "metadata",
    )
    assert article.kind == "pdf" and meta(article, "pages") == ["1"]


def test_pdf_metadata_title_and_pages(tmp_path):
    path = tmp_path / "notre.pdf"
    long_text = paragraphs(NOTRE) + paragraphs(MUNK) + paragraphs(ZAPATA)  # 3 pages
    path.write_bytes(
        pdf_file(
            text_page("Europe in brief", long_text),
            {
                "/Title": NOTRE["title"],
                "/Author": "Wikinews",
                "/CreationDate": "D:20190416",
            },
        )
    )
    [article] = read(path)
    assert article.title == NOTRE["title"]
    assert article.body.startswith("Europe in brief\n\nThe roof of Notre Dame")
    assert int(meta(article, "pages")[0]) > 1 and meta(article, "author") == [
        "Wikinews"
    ]
    assert article.body == "\n\n".join(["Europe in brief", *long_text])


def test_a_pdf_that_only_restricts_printing_is_read(tmp_path):
    path = tmp_path / "restricted.pdf"
    path.write_bytes(
        pdf_file(
            text_page(MUNK["title"], paragraphs(MUNK)), password="", owner_password="x"
        )
    )
    [article] = read(path)
    assert isinstance(article, Article), article
    assert article.title == MUNK["title"]


def test_word_title_date_body_and_tables(tmp_path):
    path = tmp_path / "zapata.docx"
    table = [
        ["Leg", "Time"],
        ["Sangatte to boat", "10 min"],
        ["Boat to Dover", "12 min"],
    ]
    path.write_bytes(
        docx_file(
            ZAPATA["title"],
            paragraphs(ZAPATA),
            created=datetime(2019, 8, 6, 9),
            table=table,
        )
    )
    [article] = read(path)
    assert isinstance(article, Article), article
    assert article.title == ZAPATA["title"]  # Heading 1: the title property is empty
    assert article.body.startswith(paragraphs(ZAPATA)[0])
    assert article.body.endswith(
        "Leg | Time\n\nSangatte to boat | 10 min\n\nBoat to Dover | 12 min"
    )
    assert (article.published, article.published_source) == (
        date(2019, 8, 6),
        "metadata",
    )
    assert article.kind == "docx" and meta(article, "author") == ["Wikinews"]
    path.write_bytes(
        docx_file("Draft", paragraphs(ZAPATA), title="Flyboard crosses Channel")
    )
    assert read(path)[0].title == "Flyboard crosses Channel"  # the title property


def test_an_email_and_its_attachments(tmp_path):
    path = tmp_path / "notre.eml"
    path.write_bytes(eml_file())
    items = read(path)
    assert all(isinstance(i, Article) for i in items), items
    found = articles(items)
    assert list(found) == [
        "notre",
        "notre-att1",
        "notre-att2",
    ]  # the picture is no article
    message = found["notre"]
    assert message.title == f"Fwd: {NOTRE['title']}"
    assert (message.published, message.published_source) == (
        date(2019, 4, 16),
        "metadata",
    )
    assert message.body.startswith("Our story of last night")
    assert (
        "The roof of Notre Dame" in message.body and "Quetzalcoatl" not in message.body
    )
    assert meta(message, "from") == ["Wikinews Desk <desk@wikinews.example>"]
    assert meta(message, "to") == [
        "Reporter One <one@news.example>",
        "two@news.example",
    ]
    assert meta(message, "cc") == ["Night Editor <editor@news.example>"]
    assert meta(message, "attachment") == ["munk.pdf", "zapata.docx", "spire.png"]
    pdf, word = found["notre-att1"], found["notre-att2"]
    assert (pdf.title, pdf.parent, meta(pdf, "format")) == (
        MUNK["title"],
        "notre",
        ["pdf"],
    )
    assert pdf.body == "\n\n".join(paragraphs(MUNK))
    assert (word.title, word.parent, meta(word, "format")) == (
        ZAPATA["title"],
        "notre",
        ["docx"],
    )
    assert word.published == date(2019, 8, 6) and meta(word, "attachment") == [
        "zapata.docx"
    ]
    # Attachments carry the message's people, and its date when they have none.
    assert meta(word, "from") == meta(message, "from")
    assert (pdf.published, pdf.published_source) == (date(2019, 4, 16), "metadata")
    assert {a.kind for a in items} == {"eml"} and {a.source for a in items} == {
        str(path)
    }


def test_an_mbox_is_read_message_by_message(tmp_path):
    path = tmp_path / "Inbox"  # as mail programs keep them: no suffix
    path.write_bytes(mbox_file())
    assert detect_format(path, path.read_bytes()[:8192]) == "mbox"
    items = read(path)
    pelosi, magnitogorsk = items
    assert isinstance(pelosi, Article) and isinstance(magnitogorsk, Article), items
    assert (pelosi.title, pelosi.published) == (PELOSI["title"], date(2019, 1, 4))
    assert pelosi.body.endswith(
        "From Washington and Moscow, Wikinews."
    )  # ">From" unquoted
    assert re.fullmatch(r"Inbox-[0-9a-f]{12}", pelosi.id)  # from the Message-ID
    assert magnitogorsk.id == "Inbox-m2"  # no Message-ID: its place in the file
    assert [a.id for a in read(path)] == [pelosi.id, magnitogorsk.id]
    assert meta(pelosi, "from") == ["Wikinews <news@wikinews.example>"]


# ------------------------------------------------------------ broken and hostile


def test_a_pdf_with_a_password_is_skipped(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(
        pdf_file(text_page("Secret", ["Nothing to see."]), password="s3cret")
    )
    assert read(path) == [SkippedFile(str(path), "encrypted PDF (needs a password)")]


def test_a_scan_without_text_layer_is_skipped(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf_file([b"q 500 0 0 700 50 50 cm /Im1 Do Q"]))
    assert read(path) == [SkippedFile(str(path), "no text layer (OCR not available)")]


def test_a_file_over_the_size_limit_is_skipped_unread(tmp_path):
    path = tmp_path / "big.pdf"
    pages = text_page(MUNK["title"], paragraphs(MUNK) * 40)
    path.write_bytes(pdf_bytes(pages) + b"%" + bytes(1_200_000))  # 1.2 MB of padding
    size = path.stat().st_size / 1e6
    assert read(path, max_file_bytes=1_000_000) == [
        SkippedFile(
            str(path), f"too large ({size:.1f} MB; the limit is max_file_mb = 1)"
        )
    ]
    assert isinstance(read(path)[0], Article)  # under the default limit it is read


def test_a_hostile_pdf_is_stopped_at_the_time_limit_and_the_next_file_read(tmp_path):
    slow, good = tmp_path / "slow.pdf", tmp_path / "good.pdf"
    slow.write_bytes(slow_pdf())
    good.write_bytes(pdf_file(text_page(MUNK["title"], paragraphs(MUNK))))
    assert slow.stat().st_size < 1_000_000
    assert read(slow, timeout=1) == [
        SkippedFile(str(slow), "timed out after 1 s (the limit is file_timeout = 1)")
    ]
    [article] = read(good, timeout=1)  # a new reader process takes over
    assert article.title == MUNK["title"]


def test_a_corrupt_word_file_is_skipped(tmp_path):
    path = tmp_path / "corrupt.docx"
    data = docx_file(ZAPATA["title"], paragraphs(ZAPATA))
    path.write_bytes(data[: len(data) // 2])
    [skipped] = read(path)
    assert skipped == SkippedFile(
        str(path), "corrupt .docx (not a zip archive: File is not a zip file)"
    )


def test_a_zip_bomb_is_refused_without_unpacking(tmp_path):
    path = tmp_path / "bomb.docx"
    path.write_bytes(bomb_docx())
    assert path.stat().st_size < 1_000_000
    [skipped] = read(path)
    assert skipped == SkippedFile(
        str(path),
        "zip bomb or too large (unpacks to 315 MB; the limit is max_file_mb = 100; "
        "refused without unpacking)",
    )


def test_a_file_that_needs_too_much_memory_fails_alone(tmp_path):
    """A reader whose memory is capped at 200 MB meets a 6 MB Word file of 300,000
    paragraphs that takes about 400 MB to parse: a skip, and the next file is read."""
    path = tmp_path / "huge.docx"
    path.write_bytes(huge_docx())
    reader = ReaderProcess(memory=200 * 2**20)
    limits = Limits(max_chars=100_000_000)
    try:
        [skipped] = reader.read("docx", path, "huge", limits)
        assert skipped == SkippedFile(
            str(path), "too large to read (over the reader's 200 MB of memory)"
        )
        good = tmp_path / "good.docx"
        good.write_bytes(docx_file(ZAPATA["title"], paragraphs(ZAPATA)))
        [article] = reader.read("docx", good, "good", limits)
        assert article.title == ZAPATA["title"]
    finally:
        reader.stop()


# ------------------------------------------------- a folder of everything, indexed


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """(folder, result of ``news-search index folder``): every format, good and bad."""
    base = tmp_path_factory.mktemp("archive")
    root = base / "archive"
    (root / "web").mkdir(parents=True)
    (root / "print").mkdir()
    (root / "mail").mkdir()
    (root / "web" / "munk.html").write_bytes(SAVED_PAGE.read_bytes())
    (root / "web" / "crawl.warc.gz").write_bytes(warc_file())
    (root / "web" / "cut.warc.gz").write_bytes(cut_crawl()[0])
    (root / "print" / "notre.pdf").write_bytes(
        pdf_file(
            text_page(NOTRE["title"], paragraphs(NOTRE)),
            {"/CreationDate": "D:20190416"},
        )
    )
    (root / "print" / "zapata.docx").write_bytes(
        docx_file(ZAPATA["title"], paragraphs(ZAPATA), created=datetime(2019, 8, 6))
    )
    (root / "print" / "locked.pdf").write_bytes(
        pdf_file(text_page("Atlantis found", ["Atlantis was found."]), password="x")
    )
    (root / "print" / "scan.pdf").write_bytes(pdf_file([b"q 9 0 0 9 0 0 cm /Im1 Do Q"]))
    (root / "print" / "bomb.docx").write_bytes(bomb_docx())
    good = docx_file("Springfield", ["Springfield news."])
    (root / "print" / "corrupt.docx").write_bytes(good[: len(good) // 2])
    (root / "mail" / "notre.eml").write_bytes(eml_file())
    (root / "mail" / "Inbox").write_bytes(mbox_file())
    env = {k: "" for k in os.environ if k.startswith("NEWS_SEARCH_")}
    result = CliRunner().invoke(
        cli,
        ["--silent", "--index-dir", str(base / "index"), "index", str(root)],
        env=env,
    )
    return root, result


def hits(root: Path, text: str) -> dict[str, dict]:
    result = CliRunner().invoke(
        cli,
        ["--index-dir", str(root.parent / "index"), "search", text, "--json"]
        # Every copy: the same story saved, crawled and mailed is one group otherwise.
        + ["--page-size", "50", "--no-fold"],
    )
    assert result.exit_code == 0, result.output
    return {hit["id"]: hit for hit in json.loads(result.stdout)["hits"]}


ARCHIVE_SKIPS = {  # where -> reason (the start of it)
    "print/locked.pdf": "encrypted PDF (needs a password)",
    "print/scan.pdf": "no text layer (OCR not available)",
    "print/bomb.docx": "zip bomb or too large (unpacks to 315 MB",
    "print/corrupt.docx": "corrupt .docx",
    "web/cut.warc.gz:byte": "damaged or truncated WARC",
}


def test_the_archive_run_reports_one_line_per_broken_file(archive):
    root, result = archive
    assert result.exit_code == EXIT_SKIPPED, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(lines) == len(ARCHIVE_SKIPS), lines
    for where, reason in ARCHIVE_SKIPS.items():
        assert any(
            line.startswith(f"skipped {root / where}") and reason in line
            for line in lines
        ), (where, lines)
    assert "Traceback" not in result.output


def test_the_archive_run_indexes_every_good_article(archive):
    root, result = archive
    found = hits(root, "")
    titles = {hit["title"] for hit in found.values()}
    assert {
        MUNK["title"],  # the saved page, its crawled copy and the PDF attachment
        NOTRE["title"],
        ZAPATA["title"],
        f"Fwd: {NOTRE['title']}",
        PELOSI["title"],
        MAGNITOGORSK["title"],
    } == titles
    # Saved page 1, crawl 3, cut crawl 2, PDF 1, Word 1, e-mail 3, mbox 2.
    assert len(found) == 13, sorted(found)
    assert result.stdout.startswith(
        "indexed 13, updated 0, unchanged 0, removed 0, skipped 5"
    )
    # (Quoted: a word no article has is otherwise searched as its nearest spelling.)
    assert hits(root, '"Atlantis"') == {} and hits(root, '"Springfield"') == {}


def test_boilerplate_never_reaches_a_snippet(archive):
    root, _result = archive
    for word in (
        "cookies",
        "Trawlerman77",
        "Bathymetry",
        "voices",
        "newsletter",
        "regatta",
    ):
        assert hits(root, f'"{word}"') == {}, word  # quoted: searched as typed
    for hit in hits(root, "Munk").values():
        for chrome in CHROME:
            assert chrome.lower() not in hit["snippet"].lower(), (chrome, hit["id"])


def test_each_format_gives_title_date_url_and_source(archive):
    root, _result = archive
    found = hits(root, "")
    page = found["web-munk"]
    assert (page["published"], page["published_source"]) == ("2019-02-11", "metadata")
    assert page["source"].endswith("web/munk.html") and page["url"]
    crawled = [h for h in found.values() if h["source"].endswith("crawl.warc.gz")]
    assert {h["url"] for h in crawled} >= {"https://en.wikinews.org/wiki/Franky_Zapata"}
    zapata_page = next(h for h in crawled if h["url"].endswith("Franky_Zapata"))
    assert (zapata_page["published"], zapata_page["published_source"]) == (
        "2019-08-07",
        "captured",
    )
    assert found["print-notre"]["published"] == "2019-04-16"
    assert found["print-zapata"]["published"] == "2019-08-06"
    assert found["mail-notre"]["source"].endswith("mail/notre.eml")
    assert found["mail-notre-att1"]["title"] == MUNK["title"]


# ---------------------------------------------------------------------- settings


def test_the_limits_are_settings_with_the_readers_defaults():
    defaults = Settings.load(environ={})
    assert Limits.from_settings(defaults) == Limits()
    assert (defaults.file_timeout, defaults.max_file_mb) == (
        R.FILE_TIMEOUT,
        R.MAX_FILE_MB,
    )
    assert defaults.max_article_chars == R.MAX_ARTICLE_CHARS
    chosen = Settings.load({"file_timeout": "5", "max_file_mb": "7"}, environ={})
    assert Limits.from_settings(chosen) == Limits(timeout=5, max_file_bytes=7_000_000)

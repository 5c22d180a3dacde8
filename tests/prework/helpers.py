"""Plain helpers for the pre-work tests: the room's people acting through the dispatcher,
teams made as rows (the breakouts package owns the commands that make them), real files
(a small valid PDF written by hand, a PowerPoint skeleton, a PNG) and fakes, and the rows
and files a refusal must leave alone."""
import io
import json
import random
import zipfile
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from PIL import Image

from app.core.scopes import Actor
from app.extensions import db
from app.presentations.models import Presentation
from app.prework.models import PreworkTask, PrivateNote, Submission, Upload
from tests import support
from tests.support import make_teams, number_of

#: the reference course's pre-work and presentation items (sessions/online-course.yaml)
SDG_PREP = "s1-prep-session-1"  # individual, text, two questions
READING = "s1-prep-session-2"  # individual, nothing to hand in
SLIDES_PREP = "s2-prep-session-3"  # team, file, 2-3 slides, facilitator and presenter
REFLECTION = "s4-prep-session-5"  # individual, private notes, four questions
PRESENTATIONS = "s3-team-presentations"  # 4 minutes per team, slides of SLIDES_PREP

#: page colours of tiny_pdf, in order
PAGE_COLOURS = [(255, 0, 0), (0, 0, 255), (0, 128, 0)]


def future(days: int = 3) -> str:
    return (datetime.now(UTC) + timedelta(days=days)).isoformat()


def past(days: int = 1) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def tiny_pdf(pages: int = 2, size: tuple[int, int] = (200, 100), heavy: int = 0) -> bytes:
    """A valid PDF written by hand: 200×100 pt pages (or `size`), a 100 pt square at the
    bottom left of page n filled with PAGE_COLOURS[n], the rest left white; and with
    `heavy`, one more page of that many curves."""
    streams = []
    for n in range(pages):
        r, g, b = (c / 255 for c in PAGE_COLOURS[n % len(PAGE_COLOURS)])
        streams.append(f"{r:.3f} {g:.3f} {b:.3f} rg 0 0 100 100 re f".encode())
    if heavy:
        streams.append(curves(heavy, size))
    return pdf_of(streams, size, compress=bool(heavy))


def heavy_pdf(count: int) -> bytes:
    """One 600×600 pt page of `count` random Bézier strokes, compressed: a few hundred KB
    that take pdfium seconds to draw (about 10,000 curves a second here)."""
    return pdf_of([curves(count, (600, 600))], (600, 600), compress=True)


def curves(count: int, size: tuple[int, int]) -> bytes:
    """A content stream of `count` random Bézier strokes across a page of `size`."""
    rnd = random.Random(16)
    width, height = size
    strokes = [b"%d %d m %d %d %d %d %d %d c S" % tuple(
        rnd.randint(0, width if n % 2 == 0 else height) for n in range(8))
        for _ in range(count)]
    return b"0.1 w\n" + b"\n".join(strokes)


def pdf_of(streams: list[bytes], size: tuple[int, int], compress: bool = False) -> bytes:
    """A PDF with one page per content stream, each of `size` points."""
    pages = len(streams)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
                   b" ".join(b"%d 0 R" % (3 + 2 * n) for n in range(pages)), pages)]
    for n, stream in enumerate(streams):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                       b"/Contents %d 0 R >>" % (*size, 4 + 2 * n))
        data = zlib.compress(stream) if compress else stream
        flate = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(data), flate, data))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def fake_pdf() -> bytes:
    """Starts like a PDF, is not one."""
    return b"%PDF-1.7\n" + b"this is a letter, not a document\n" * 20


def executable() -> bytes:
    """The start of a Windows program (an MZ header and its DOS stub)."""
    return (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
            + b"\x00" * 44 + b"\x80\x00\x00\x00"
            + b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 200)


def pptx() -> bytes:
    """The parts that make a zip a PowerPoint presentation (OOXML).

    Every entry has the same date, so two calls give the same bytes to compare.
    """
    def entry(name):
        return zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(entry("[Content_Types].xml"), (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
            'package/2006/content-types"><Override PartName="/ppt/presentation.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"'
            '/></Types>'))
        archive.writestr(entry("ppt/presentation.xml"), "<p:presentation/>")
    return buffer.getvalue()


def other_zip() -> bytes:
    """A zip that is no presentation (a word processor file's shape)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (10, 200, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def prework_rows(room_id: int) -> dict:
    """Everything a pre-work command or upload could write in a room (a part of the
    footprint)."""
    tasks = sa.select(PreworkTask.id).where(PreworkTask.room_id == room_id)
    return {
        "tasks": number_of(PreworkTask, PreworkTask.room_id == room_id),
        "submissions": sorted(json.dumps([s.owner, s.participant_id, s.answers, s.upload_id])
                              for s in db.session.execute(sa.select(Submission).where(
                                  Submission.task_id.in_(tasks))).scalars()),
        "notes": number_of(PrivateNote, PrivateNote.task_id.in_(tasks)),
        "uploads": number_of(Upload, Upload.room_id == room_id),
        "presentations": sorted(json.dumps([p.queue, p.current, p.page, p.status])
                                for p in db.session.execute(sa.select(Presentation).where(
                                    Presentation.room_id == room_id)).scalars()),
    }


def png_bomb(side: int = 20_000) -> bytes:
    """A PNG that declares side × side pixels in a few bytes (its header says so; there is
    no image data behind it): decoding it would take side² × 3 bytes."""
    header = png()
    start = header.index(b"IHDR")
    chunk = b"IHDR" + side.to_bytes(4, "big") * 2 + header[start + 12:start + 17]
    return (header[:start] + chunk + zlib.crc32(chunk).to_bytes(4, "big")
            + header[start + 21:])



def upload_files(room_id: int) -> dict:
    """The files and folders under the uploads folder (a part of the footprint); each test
    has an instance directory of its own."""
    folder = Path(current_app.config["INSTANCE_DIR"]) / "uploads"
    return {"files": sorted(p.name for p in folder.rglob("*")) if folder.exists() else []}


def store_upload(app, participant: Actor, content: bytes, name: str = "slides.pdf") -> int:
    """An upload for the room's open file task, kept by the service the upload view calls
    (for tests that need a file to hand in, not the upload itself)."""
    from app.prework import service

    with app.app_context():
        task_id = db.session.execute(sa.select(PreworkTask.id).where(
            PreworkTask.room_id == participant.room_id, PreworkTask.status == "open",
            PreworkTask.deliverable == "file").order_by(PreworkTask.id).limit(1)).scalar_one()
        value = service.upload(participant, task_id, content, name).id
        db.session.remove()
    return value


class Stage(support.Stage):
    """The shared stage (people acting through the dispatcher), with pre-work steps."""

    parts = (prework_rows, upload_files)

    def open_task(self, key: str, **data) -> int:
        return self.ok(self.fac, "prework.open", {"item_id": self.item(key), **data})["task_id"]

    def submit(self, participant: Actor, task_id: int, **data) -> dict:
        return self.do(participant, "prework.submit", {"task_id": task_id, **data})

    def teams(self, *members: list[Actor], presenters: tuple[Actor, ...] = ()) -> list[int]:
        return make_teams(self.app, self.room.id, *members, presenters=presenters)

    def upload(self, participant: Actor, content: bytes, name: str = "slides.pdf") -> int:
        return store_upload(self.app, participant, content, name)

"""Files on disk: what an upload is (told from its content, never its name), where it is
kept (a random name under the instance directory), and a PDF's pages as PNG images,
rendered once on the server so that no participant needs a PDF plugin."""
import io
import os
import re
import secrets
import shutil
import threading
import unicodedata
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from app.core.errors import Invalid
from app.core.pdfpages import OverBudget, page_count, render_page
from app.extensions import socketio

#: the parts every PowerPoint (OOXML presentation) file has
_PPTX_PARTS = ("[Content_Types].xml", "ppt/presentation.xml")
_PPTX_TYPE = b"application/vnd.openxmlformats-officedocument.presentationml"
EXTENSIONS = {"pdf": "pdf", "pptx": "pptx", "png": "png", "jpeg": "jpg"}
MIMETYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg",
             "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation"}
#: rendered slide width in pixels: sharp on a shared screen, small on a phone link
PAGE_WIDTH = 1280
#: and height at most, so an odd page shape (1 pt wide, 10 m tall) cannot exhaust memory
PAGE_HEIGHT = 2000
#: an uploaded image's pixels at most (a 48 MP phone photo fits)
IMAGE_PIXELS = 50_000_000
#: the pages being drawn now, so that a room asking at once waits for one drawing
_drawing: set[Path] = set()
_drawing_lock = threading.Lock()


def _refused() -> Invalid:
    return Invalid(_("This file is not a PDF, a PowerPoint (.pptx), a PNG or a JPEG image."),
                   {"file": [_("Unsupported file type.")]})


def _pdf_pages(content: bytes) -> int:
    try:
        pages = page_count(content)
    except pdfium.PdfiumError as err:
        raise Invalid(_("This file claims to be a PDF but cannot be read as one."),
                      {"file": [_("Damaged or fake PDF.")]}) from err
    if pages < 1:
        raise Invalid(_("This PDF has no pages."), {"file": [_("No pages.")]})
    return pages


def _is_pptx(content: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if not all(part in names for part in _PPTX_PARTS):
                return False
            with archive.open("[Content_Types].xml") as types:
                return _PPTX_TYPE in types.read(1_000_000)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _image_kind(content: bytes) -> str | None:
    try:
        with Image.open(io.BytesIO(content)) as image:
            kind = {"PNG": "png", "JPEG": "jpeg"}.get(image.format)
            if kind and image.width * image.height > IMAGE_PIXELS:
                raise _too_many_pixels()
            if kind:
                image.verify()
            return kind
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as err:
        raise _too_many_pixels() from err
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


def _too_many_pixels() -> Invalid:
    """An image that declares more pixels than any screen shows: a phone asked to decode
    it would run out of memory (a decompression bomb is a few KB on the wire)."""
    return Invalid(_("This image has too many pixels to be shown."),
                   {"file": [_("At most %(mp)s megapixels.", mp=IMAGE_PIXELS // 1_000_000)]})


def detect(content: bytes) -> tuple[str, int | None]:
    """(kind, pages) of an upload from its bytes; anything else is refused."""
    if content.startswith(b"%PDF-"):
        return "pdf", _pdf_pages(content)
    if content.startswith(b"PK\x03\x04") and _is_pptx(content):
        return "pptx", None
    if content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        kind = _image_kind(content)
        if kind:
            return kind, None
    raise _refused()


def clean_name(name: str | None, kind: str) -> str:
    """A display name from the uploader's file name: letters, digits, spaces and a few
    marks, no path, with the extension of what the file really is."""
    stem = Path((name or "").replace("\\", "/")).name.rsplit(".", 1)[0]
    stem = unicodedata.normalize("NFKC", stem)
    stem = re.sub(r"[^\w .()-]+", "_", stem).strip(" ._")[:100] or "file"
    return f"{stem}.{EXTENSIONS[kind]}"


def folder(room_id: int) -> Path:
    path = Path(current_app.config["INSTANCE_DIR"]) / "uploads" / str(int(room_id))
    path.mkdir(parents=True, exist_ok=True)
    return path


def store(room_id: int, content: bytes) -> str:
    """Write the bytes under a new random name; return that name."""
    stored = secrets.token_hex(16)
    path = folder(room_id) / stored
    with open(path, "xb") as out:
        out.write(content)
    return stored


def path_of(room_id: int, stored: str) -> Path:
    return folder(room_id) / stored


def remove(room_id: int, stored: str) -> None:
    """The file and the page images rendered from it, if any."""
    path_of(room_id, stored).unlink(missing_ok=True)
    shutil.rmtree(folder(room_id) / f"{stored}.pages", ignore_errors=True)


def rendered_pages(pages: int) -> int:
    return min(pages, current_app.config["MAX_SLIDE_PAGES"])


def page_png(room_id: int, stored: str, page: int) -> Path | None:
    """The PNG of one PDF page (1-based), rendered on first request (outside the event
    loop, see app/core/pdfpages.py) and kept on disk; None for a page over the render
    budget, which is remembered too, so it costs its budget once."""
    cache = folder(room_id) / f"{stored}.pages"
    target, refused = cache / f"{page}.png", cache / f"{page}.over"
    with _drawing_lock:  # a whole room asks for a new page at once: one draws it
        first = target not in _drawing
        _drawing.add(target)
    if not first:
        while target in _drawing:
            socketio.sleep(0.05)
        return target if target.exists() else None
    try:
        if target.exists() or refused.exists():
            return target if target.exists() else None
        cache.mkdir(exist_ok=True)
        drawn = render_page(path_of(room_id, stored), page, PAGE_WIDTH, PAGE_HEIGHT)
        if isinstance(drawn, OverBudget):
            refused.write_text(drawn.reason)
            return None
        partial = cache / f".{page}.{secrets.token_hex(4)}.png"
        partial.write_bytes(drawn)
        os.replace(partial, target)
        return target
    finally:
        with _drawing_lock:
            _drawing.discard(target)

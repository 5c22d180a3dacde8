"""Slide decks: a PDF uploaded in the course editor becomes one slide per page, each with
the page as its image.

The pages are drawn by the one PDF renderer (`core.pdfpages.render_page`: worker
processes with a time and a pixel budget), so a heavy deck never freezes live rooms. The
deck is kept in a temporary folder only while its pages are drawn. Every page is drawn and
kept before any slide is made: a deck that fails at any page makes nothing.
"""
import io
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from flask import current_app
from flask_babel import gettext as _
from PIL import Image

from app.core.errors import Invalid, TooLarge
from app.core.pdfpages import OverBudget, page_count, render_page
from app.course import images

#: a deck page's image: as wide as a shared screen, and an odd page shape kept in bounds
PAGE_WIDTH, PAGE_HEIGHT = 1280, 2000


def _refused(message: str) -> Invalid:
    return Invalid(message, {"deck": message})


def page_images(content: bytes) -> list[str]:
    """The deck's pages as slide images (their names), or a clear refusal."""
    limit = current_app.config["MAX_UPLOAD_BYTES"]
    if len(content) > limit:
        message = _("The deck is larger than %(size)s MB.", size=limit // (1024 * 1024))
        raise TooLarge(message, {"deck": message})
    if not content.startswith(b"%PDF-"):
        raise _refused(_("This file is not a PDF. Save PowerPoint slides as PDF first."))
    if b"/Encrypt" in content:
        raise _refused(_("This PDF is protected by a password. Save a copy without the "
                         "protection and upload that."))
    unreadable = _("A page of this PDF cannot be read. Save the deck as PDF again and "
                   "upload that.")
    try:
        pages = page_count(content)
    except pdfium.PdfiumError as err:
        raise _refused(_("This file claims to be a PDF but cannot be read as one.")) from err
    most = current_app.config["MAX_DECK_PAGES"]
    if pages > most:
        raise _refused(_("This deck has %(pages)s pages; at most %(most)s can be made into "
                         "slides. Split it into smaller decks.", pages=pages, most=most))
    if pages < 1:
        raise _refused(_("This PDF has no pages."))
    with tempfile.TemporaryDirectory(dir=current_app.config["INSTANCE_DIR"]) as folder:
        deck = Path(folder) / "deck.pdf"
        deck.write_bytes(content)
        names = []
        for page in range(1, pages + 1):
            drawn = render_page(deck, page, PAGE_WIDTH, PAGE_HEIGHT)
            if isinstance(drawn, OverBudget):
                raise _refused(unreadable)
            with Image.open(io.BytesIO(drawn)) as rendered:
                rendered.load()
                names.append(images.store_image(rendered, "png"))
    return names

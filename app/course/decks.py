"""Slide decks: a PDF uploaded in the course editor becomes one slide per page, each with
the page as its image.

The pages are rendered by the pre-work uploads' page renderer (`uploads.page_png`), the one
path that turns a PDF page into a PNG, so a deck gets whatever limits that renderer has.
A deck is kept there as the upload of no room (room ids start at 1), only while its pages
are rendered, then removed. Every page is rendered and kept before any slide is made: a
deck that fails at any page makes nothing.
"""
from flask import current_app
from flask_babel import gettext as _
from PIL import Image

from app.core.errors import Invalid, TooLarge
from app.course import images
from app.prework import uploads

#: the uploads folder decks pass through: the room of none
DECK_ROOM = 0


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
    try:
        kind, pages = uploads.detect(content)
    except Invalid as err:
        raise _refused(err.message) from err
    most = current_app.config["MAX_DECK_PAGES"]
    if kind != "pdf":
        raise _refused(_("This file is not a PDF. Save PowerPoint slides as PDF first."))
    if pages > most:
        raise _refused(_("This deck has %(pages)s pages; at most %(most)s can be made into "
                         "slides. Split it into smaller decks.", pages=pages, most=most))
    stored = uploads.store(DECK_ROOM, content)
    try:
        names = []
        for page in range(1, pages + 1):
            with Image.open(uploads.page_png(DECK_ROOM, stored, page)) as rendered:
                rendered.load()
                names.append(images.store_image(rendered, "png"))
        return names
    except Invalid as err:  # the renderer's own refusal (a budget), for the whole deck
        raise _refused(err.message) from err
    except Exception as err:  # a page pdfium cannot render: the whole deck is refused
        current_app.logger.warning("deck page failed to render: %r", err)
        raise _refused(_("A page of this PDF cannot be read. Save the deck as PDF again "
                         "and upload that.")) from err
    finally:
        uploads.remove(DECK_ROOM, stored)

"""Slide images: uploaded with a slide in the course editor or made from a slide deck's
pages, kept under the instance directory by the hash of their content and served by the
app to everyone in a room.

An upload is told from its content (Pillow), never its name, size-limited, and written
again from its pixels: no metadata (a phone photo's location) and nothing but the image
survives. The name is the SHA-256 of what is kept, so the same image is kept once, a
duplicated course or a new cohort shares it, and a name cannot be guessed.
"""
import hashlib
import io
import os
import re
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from markupsafe import escape
from PIL import Image, UnidentifiedImageError

from app.core.errors import Invalid, TooLarge

NAME = re.compile(r"^[0-9a-f]{64}\.(png|jpg)$")
#: most pixels an uploaded image may have (a 6000 × 4000 photo has 24 million)
MAX_PIXELS = 40_000_000
#: where they are served (app/course/views.py); fixed, so course imports need no request
URL = "/slides/images/"
#: widest image kept: a full-width slide on a shared screen
MAX_WIDTH = 2560


def folder() -> Path:
    path = Path(current_app.config["INSTANCE_DIR"]) / "slide-images"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(name: str) -> Path | None:
    """Where an image is kept, or None for a name that is not one of ours."""
    if not NAME.match(name or ""):
        return None
    path = folder() / name
    return path if path.exists() else None


def _refused() -> Invalid:
    return Invalid(_("This file is not a PNG or JPEG image."),
                   {"image": _("Upload a PNG or JPEG image.")})


def store_image(image: Image.Image, kind: str) -> str:
    """Write an image (already checked) by the hash of its bytes; return its name."""
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, max(1, round(image.height * MAX_WIDTH / image.width))))
    out = io.BytesIO()
    if kind == "jpg":
        image.convert("RGB").save(out, "JPEG", quality=88)
    else:
        image.save(out, "PNG", optimize=True)
    content = out.getvalue()
    name = f"{hashlib.sha256(content).hexdigest()}.{kind}"
    target = folder() / name
    if not target.exists():
        partial = folder() / f".{name}.{secrets.token_hex(4)}"
        partial.write_bytes(content)
        os.replace(partial, target)
    return name


def store_upload(content: bytes) -> str:
    """Check an uploaded slide image and keep it; its name, or Invalid / TooLarge."""
    if len(content) > current_app.config["MAX_SLIDE_IMAGE_BYTES"]:
        megabytes = current_app.config["MAX_SLIDE_IMAGE_BYTES"] // (1024 * 1024)
        raise TooLarge(_("The image is larger than %(size)s MB.", size=megabytes),
                       {"image": _("The image is larger than %(size)s MB.", size=megabytes)})
    if not content.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
        raise _refused()
    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = {"PNG": "png", "JPEG": "jpg"}.get(probe.format)
            if kind is None or probe.width * probe.height > MAX_PIXELS:
                raise _refused()
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            image.load()
            mode = "RGBA" if kind == "png" and image.mode in ("RGBA", "LA", "P") else "RGB"
            return store_image(image.convert(mode), kind)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as err:
        raise _refused() from err


def figure(name: str | None, title: str) -> str:
    """The HTML a slide's image adds to its text (the name was checked by the schema)."""
    if not name or not NAME.match(name):
        return ""
    return (f'<p class="slide-image"><img src="{URL}{name}" alt="{escape(title)}"></p>')

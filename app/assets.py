"""Static files: the hashed, pre-compressed build in static/dist/ served by WhiteNoise, and
the `asset()` helper templates use to name the current build's file.

A hashed name changes whenever its content does, so browsers keep those files for a year
without asking again; WhiteNoise picks the .br or .gz copy the browser accepts.
"""
import json
import re

from flask import Flask, current_app
from whitenoise import WhiteNoise

from app.config import ROOT

STATIC = ROOT / "static"
MANIFEST = STATIC / "dist" / "manifest.json"
#: a year: the longest lifetime caches honour; a new build brings new names
FOREVER = "public, max-age=31536000, immutable"
#: esbuild's "[name]-[hash]": eight base32 characters before the extension
_HASHED = re.compile(r"-[A-Z2-7]{8}\.\w+$")


def _hashed(_path: str, url: str) -> bool:
    return bool(_HASHED.search(url))


def _cache_headers(headers, _path: str, url: str) -> None:
    if _hashed(_path, url):
        headers["Cache-Control"] = FOREVER


def _manifest() -> dict[str, str]:
    """The build's entry → file map; read once per process (a new build means a restart,
    or every page in debug mode)."""
    cached = current_app.extensions.get("workshop.manifest")
    if cached is None or current_app.debug:
        try:
            cached = json.loads(MANIFEST.read_text())
        except FileNotFoundError:
            raise RuntimeError(f"{MANIFEST} is missing: build the browser code "
                               "(make assets)") from None
        current_app.extensions["workshop.manifest"] = cached
    return cached


def asset(name: str) -> str:
    """The URL of the current build of `name` ("participant.js", "app.css")."""
    return f"/static/dist/{_manifest()[name]}"


def init_app(app: Flask) -> None:
    """Static files answered before Flask (and before Socket.IO) sees the request."""
    app.wsgi_app = WhiteNoise(app.wsgi_app, root=str(STATIC / "dist"), prefix="static/dist/",
                              autorefresh=app.debug, allow_all_origins=False,
                              immutable_file_test=_hashed, add_headers_function=_cache_headers)
    app.jinja_env.globals["asset"] = asset

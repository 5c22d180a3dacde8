"""Settings from the environment, with safe defaults.

Every setting here is listed in README.md with its default; keep the two in step.
"""
import os
import secrets
import socket
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _secret_key(instance: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in instance/.

    Keeping it on disk means rejoin tokens and sign-ins survive a restart without a
    secret ever living in the repository.
    """
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _database_url(instance: Path) -> str:
    """DATABASE_URL, with plain postgres:// URLs sent to psycopg2, the driver that
    wsgi.py makes cooperative under eventlet and gevent (psycogreen)."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'workshop.db'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def _origins() -> list[str] | None:
    """None means same-origin only (Socket.IO's own check); never '*' by default."""
    raw = os.environ.get("WORKSHOP_ALLOWED_ORIGINS", "").strip()
    return [o.strip() for o in raw.split(",") if o.strip()] or None


def from_environment() -> dict:
    instance = Path(os.environ.get("WORKSHOP_INSTANCE_DIR", ROOT / "instance"))
    host = os.environ.get("HOST", "127.0.0.1")
    port = _int("PORT", 5000)
    database_url = _database_url(instance)
    return {
        "WORKER_NAME": os.environ.get("WORKSHOP_WORKER_NAME", f"{socket.gethostname()}:{port}"),
        "TRUSTED_PROXIES": _int("WORKSHOP_TRUSTED_PROXIES", 0),
        "MAX_CONNECTIONS": _int("WORKSHOP_MAX_CONNECTIONS", 5000),
        "INSTANCE_DIR": str(instance),
        "SECRET_KEY": _secret_key(instance),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "HOST": host,
        "PORT": port,
        "PUBLIC_URL": os.environ.get("WORKSHOP_PUBLIC_URL", f"http://{host}:{port}").rstrip("/"),
        "ASYNC_MODE": os.environ.get("WORKSHOP_ASYNC_MODE", "eventlet"),
        "ALLOWED_ORIGINS": _origins(),
        "MESSAGE_QUEUE": os.environ.get("WORKSHOP_MESSAGE_QUEUE") or None,
        "COURSE_DIR": os.environ.get("WORKSHOP_COURSE_DIR", str(ROOT / "sessions")),
        "MAX_COMMAND_BYTES": _int("WORKSHOP_MAX_COMMAND_BYTES", 16_384),
        "MAX_MESSAGE_BYTES": _int("WORKSHOP_MAX_MESSAGE_BYTES", 65_536),
        "COMMAND_RATE": _float("WORKSHOP_COMMAND_RATE", 10.0),
        "COMMAND_BURST": _int("WORKSHOP_COMMAND_BURST", 30),
        "JOIN_RATE_PER_MINUTE": _int("WORKSHOP_JOIN_RATE_PER_MINUTE", 300),
        "SIGNIN_RATE_PER_MINUTE": _int("WORKSHOP_SIGNIN_RATE_PER_MINUTE", 10),
        "LOCK_TIMEOUT": _float("WORKSHOP_LOCK_TIMEOUT", 5.0),
        "READY_TIMEOUT": _float("WORKSHOP_READY_TIMEOUT", 0.5),
        "SYNC_MAX_EVENTS": _int("WORKSHOP_SYNC_MAX_EVENTS", 500),
        "AGGREGATE_INTERVAL": _float("WORKSHOP_AGGREGATE_INTERVAL", 0.25),
        "FANOUT_WINDOW": _float("WORKSHOP_FANOUT_WINDOW", 0.05),
        "WORKER_GONE_AFTER": _float("WORKSHOP_WORKER_GONE_AFTER", 30.0),
        "REJOIN_TOKEN_DAYS": _int("WORKSHOP_REJOIN_TOKEN_DAYS", 60),
        "MAX_UPLOAD_BYTES": _int("WORKSHOP_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
        "MAX_SLIDE_PAGES": _int("WORKSHOP_MAX_SLIDE_PAGES", 40),
        "PDF_RENDER_SECONDS": _float("WORKSHOP_PDF_RENDER_SECONDS", 10.0),
        "PDF_PAGE_PIXELS": _int("WORKSHOP_PDF_PAGE_PIXELS", 4_000_000),
        "PDF_RENDER_WORKERS": _int("WORKSHOP_PDF_RENDER_WORKERS", 1),
        "PDF_RENDER_MEMORY_MB": _int("WORKSHOP_PDF_RENDER_MEMORY_MB", 1024),
        "MAX_COURSE_BYTES": _int("WORKSHOP_MAX_COURSE_BYTES", 2 * 1024 * 1024),
        #: a slide's image uploaded in the course editor, and a slide deck's pages
        "MAX_SLIDE_IMAGE_BYTES": _int("WORKSHOP_MAX_SLIDE_IMAGE_BYTES", 5 * 1024 * 1024),
        "MAX_DECK_PAGES": _int("WORKSHOP_MAX_DECK_PAGES", 60),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("WORKSHOP_SECURE_COOKIES", "0") == "1",
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": ["en", "fr", "es", "ar", "zh", "ru"],
        # a connection that dies without a close (a phone leaving coverage) is noticed by
        # both ends within interval + timeout seconds
        "PING_INTERVAL": _int("WORKSHOP_PING_INTERVAL", 10),
        "PING_TIMEOUT": _int("WORKSHOP_PING_TIMEOUT", 5),
        # Flask-Compress: brotli or gzip for pages and JSON; streamed answers (downloads)
        # are left as they are
        "COMPRESS_ALGORITHM": ["br", "gzip"],
        "COMPRESS_STREAMS": False,
        # a ping per checkout finds PostgreSQL connections dropped by a restart; a local
        # SQLite file never drops, so it is spared the extra statement per command
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
    }

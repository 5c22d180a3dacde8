"""Workshop Room: a live room server for facilitated online workshops."""
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, has_request_context, jsonify, request
from flask_babel import get_locale
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import ROOT, from_environment
from app.extensions import babel, db, migrate, socketio


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record):
    """WAL (readers never wait for the writer), a busy timeout instead of instant
    'database is locked', foreign keys enforced, and commits that survive kill -9."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "busy_timeout=10000", "foreign_keys=ON",
                       "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()


def _select_locale():
    """?lang= (remembered in a cookie), else the browser's preference; outside a request
    (CLI, background tasks) the default."""
    if not has_request_context():
        return None
    languages = current_app.config["LANGUAGES"]
    wanted = request.args.get("lang") or request.cookies.get("lang")
    if wanted in languages:
        return wanted
    return request.accept_languages.best_match(languages) or "en"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"))
    app.config.update(from_environment())
    app.config.update(config or {})
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    Path(app.config["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(ROOT / "app" / "translations"))
    # manage_session off: socket handlers only read the sign-in cookie at connect, so no
    # socket needs its own copy of the session for as long as it is open
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      cors_allowed_origins=app.config["ALLOWED_ORIGINS"],
                      message_queue=app.config["MESSAGE_QUEUE"],
                      max_http_buffer_size=app.config["MAX_MESSAGE_BYTES"],
                      manage_session=False)

    from app.core.batching import Batcher
    from app.core.fanout import Coalescer, Publisher
    from app.core.ratelimit import Buckets
    from app.people.workers import Heartbeat

    app.extensions["workshop.coalescer"] = Coalescer(app.config["MESSAGE_QUEUE"])
    app.extensions["workshop.publisher"] = Publisher()
    app.extensions["workshop.heartbeat"] = Heartbeat(app.config["MESSAGE_QUEUE"],
                                                     app.config["WORKER_GONE_AFTER"])
    app.extensions["workshop.batcher"] = Batcher()
    app.extensions["workshop.command_buckets"] = Buckets(app.config["COMMAND_RATE"],
                                                         app.config["COMMAND_BURST"])

    from app import (  # noqa: F401  (registers commands, parts…)
        boards,
        breakouts,
        cli,
        course,
        i18n,
        people,
        polls,
        prework,
    )
    from app.boards.views import bp as boards_bp
    from app.core.sockets import serve_events
    from app.course.views import bp as course_bp
    from app.people.views import bp as people_bp
    from app.polls.views import bp as polls_bp
    from app.prework.views import bp as prework_bp

    app.register_blueprint(people_bp)
    app.register_blueprint(course_bp)
    app.register_blueprint(polls_bp)
    app.register_blueprint(prework_bp)
    app.register_blueprint(boards_bp)
    app.cli.add_command(cli.workshop)
    serve_events(app)
    app.context_processor(i18n.page_context)
    _add_health(app)
    _add_guards(app)
    return app


def _add_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """Liveness: the process answers."""
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        """Readiness: the database answers too."""
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # any driver error means not ready
            return jsonify(status="unavailable", database="unreachable"), 503
        finally:
            db.session.remove()
        return jsonify(status="ready", database="ok")


def _add_guards(app: Flask) -> None:
    @app.before_request
    def same_origin_posts():
        """A state-changing request from another site is refused (with SameSite cookies,
        this closes cross-site request forgery)."""
        if request.method != "POST":
            return
        origin = request.headers.get("Origin")
        if origin is None:
            return
        allowed = app.config["ALLOWED_ORIGINS"] or []
        if urlsplit(origin).netloc != request.host and origin not in allowed:
            abort(403)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers["Content-Language"] = str(get_locale())
        chosen = request.args.get("lang")
        if chosen in app.config["LANGUAGES"] and request.cookies.get("lang") != chosen:
            response.set_cookie("lang", chosen, max_age=365 * 86_400, samesite="Lax")
        return response

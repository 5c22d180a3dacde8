"""Workshop Room: a live room server for facilitated online workshops."""
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Flask,
    abort,
    current_app,
    has_app_context,
    has_request_context,
    jsonify,
    request,
)
from flask_babel import get_locale
from sqlalchemy import event
from sqlalchemy.engine import Engine
from werkzeug.middleware.proxy_fix import ProxyFix

from app import assets
from app.config import ROOT, from_environment
from app.core.commands import can_write
from app.core.errors import waited_too_long
from app.core.fields import RecordIdConverter
from app.extensions import babel, compress, db, migrate, socketio


@event.listens_for(Engine, "connect")
def _connection_settings(dbapi_connection, _record):
    """How long a write waits for a lock before the command answers `unavailable`
    (WORKSHOP_LOCK_TIMEOUT); and on SQLite WAL (readers never wait for the writer),
    foreign keys enforced, and commits that survive kill -9."""
    waits = int(1000 * (current_app.config["LOCK_TIMEOUT"] if has_app_context() else 5))
    module = type(dbapi_connection).__module__
    if module.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", f"busy_timeout={waits}", "foreign_keys=ON",
                       "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
    elif module.startswith("psycopg2"):
        dbapi_connection.autocommit = True  # a setting of the connection, not a transaction
        cursor = dbapi_connection.cursor()
        cursor.execute(f"SET lock_timeout = {waits}")
        cursor.close()
        dbapi_connection.autocommit = False


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
    app.url_map.converters["int"] = RecordIdConverter

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    babel.init_app(app, locale_selector=_select_locale,
                   default_translation_directories=str(ROOT / "app" / "translations"))
    # declared before a server exists, Flask-SocketIO keeps the handlers and gives them to
    # every app's server (a test run or a restart makes several apps in one process)
    from app.core import sockets  # noqa: F401
    # manage_session off: socket handlers only read the sign-in cookie at connect, so no
    # socket needs its own copy of the session for as long as it is open
    socketio.init_app(app, async_mode=app.config["ASYNC_MODE"],
                      cors_allowed_origins=app.config["ALLOWED_ORIGINS"],
                      message_queue=app.config["MESSAGE_QUEUE"],
                      max_http_buffer_size=app.config["MAX_MESSAGE_BYTES"],
                      manage_session=False,
                      ping_interval=app.config["PING_INTERVAL"],
                      ping_timeout=app.config["PING_TIMEOUT"])
    compress.init_app(app)
    assets.init_app(app)

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
        assessment,
        boards,
        breakouts,
        chat,
        cli,
        course,
        i18n,
        people,
        plenary,
        polls,
        presentations,
        prework,
        questions,
        settings,
        teams,
    )
    from app.assessment.views import bp as assessment_bp
    from app.boards.views import bp as boards_bp
    from app.core.sockets import serve_events
    from app.course.views import bp as course_bp
    from app.exports.views import bp as exports_bp
    from app.people.views import bp as people_bp
    from app.polls.views import bp as polls_bp
    from app.prework.views import bp as prework_bp

    app.register_blueprint(people_bp)
    app.register_blueprint(course_bp)
    app.register_blueprint(polls_bp)
    app.register_blueprint(assessment_bp)
    app.register_blueprint(prework_bp)
    app.register_blueprint(boards_bp)
    app.register_blueprint(exports_bp)
    app.register_blueprint(i18n.bp)
    app.cli.add_command(cli.workshop)
    _connect_domains()
    serve_events(app)
    app.context_processor(i18n.page_context)
    _add_health(app)
    _add_guards(app)
    return app


def _connect_domains() -> None:
    """Plug the domains into core and into each other, in one place.

    Receivers of a signal run one after the other, in the order connected here, inside the
    sender's transaction, and later ones build on what earlier ones wrote:
    - a socket's attendance span opens (people) before its team's "who is online" is due
      (breakouts), which reads the open spans; on disconnect, likewise closed first;
    - a rename shows in the team (teams) before the open help calls (breakouts): the log
      keeps the order the clients have always seen.
    Connecting again (a second app in one process) changes nothing.
    """
    from app.assessment import erasure as assessment_erasure
    from app.assessment import state as assessment
    from app.boards import erasure as board_erasure
    from app.boards import removal as board_removal
    from app.breakouts import service as breakouts
    from app.breakouts import state as breakout_state
    from app.core import scopes, signals, sockets
    from app.people import access
    from app.people import service as people
    from app.polls import erasure as poll_erasure
    from app.presentations import service as presentations
    from app.prework import erasure as prework_erasure
    from app.teams import service as teams
    from app.teams import state as team_state

    sockets.authenticate_with(access.actor_from_auth)
    scopes.register_teams(team_state.teams_of, team_state.team_people)

    signals.socket_connected.connect(people.connected)
    signals.socket_connected.connect(breakout_state.team_presence)
    signals.socket_disconnected.connect(people.disconnected)
    signals.socket_disconnected.connect(breakout_state.team_presence)

    signals.participant_joined.connect(teams.place_late_joiner)
    signals.participant_renamed.connect(teams.show_new_name)
    signals.participant_renamed.connect(breakouts.help_renamed)

    # no new or earlier teams while a breakout runs
    signals.teams_changing.connect(breakouts.not_while_running)
    # scores per team follow the teams
    signals.teams_changed.connect(assessment.teams_changed)
    # slides a team hands in reach its presentation while it is to come or running
    signals.team_submitted.connect(presentations.refresh)
    # an erasure request reaches everything a person wrote or answered
    for erasure in (board_erasure, poll_erasure, assessment_erasure, prework_erasure):
        signals.participant_erasing.connect(erasure.erase_participant)
    # a participant the staff removed: their notes hidden when the staff chose so
    signals.participant_removed.connect(board_removal.hide_notes_of)


def _add_health(app: Flask) -> None:
    @app.get("/healthz")
    def healthz():
        """Liveness: the process answers."""
        return jsonify(status="ok")

    @app.get("/readyz")
    def readyz():
        """Readiness: the database takes a write, within READY_TIMEOUT."""
        try:
            can_write(app.config["READY_TIMEOUT"])
        except Exception as err:  # any driver error means not ready
            state = "locked" if waited_too_long(err) else "unreachable"
            return jsonify(status="unavailable", database=state), 503
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
        if app.config["SESSION_COOKIE_SECURE"]:  # served over HTTPS: browsers keep to it
            response.headers.setdefault("Strict-Transport-Security",
                                        "max-age=31536000; includeSubDomains")
        response.headers["Content-Language"] = str(get_locale())
        chosen = request.args.get("lang")
        if chosen in app.config["LANGUAGES"] and request.cookies.get("lang") != chosen:
            response.set_cookie("lang", chosen, max_age=365 * 86_400, samesite="Lax")
        return response

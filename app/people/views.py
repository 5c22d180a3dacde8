"""Pages and JSON for people: sign-in, join, co-facilitator invitations."""
import hashlib
import re
import secrets
import uuid
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from marshmallow import ValidationError
from sqlalchemy import select

from app.core.commands import execute
from app.core.errors import Invalid, NotFound, RateLimited
from app.core.fanout import publish
from app.core.models import Room
from app.core.ratelimit import Buckets
from app.core.scopes import Actor
from app.extensions import db
from app.people import service, tokens
from app.people.schemas import SignInSchema

bp = Blueprint("people", __name__)
#: the browser's device id: a removed participant cannot rejoin from it under a new name
DEVICE_COOKIE = "wr_device"
_DEVICE = re.compile(r"[A-Za-z0-9_-]{1,64}")


class ParticipantPage(NamedTuple):
    """What the participant page shows of its room (the rest comes over the socket)."""

    title: str
    join_code: str


#: where sign-in may send you back to: a plain path on this site, nothing a browser could
#: read as another host (//x, /\x, tabs and other characters browsers strip)
_LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9/_.~%-]*")


def _allow_attempt(kind: str) -> bool:
    """Joins ("JOIN") and sign-ins ("SIGNIN") per client address, against guessing codes
    and passwords; joins get a large budget, since a whole class may share one address."""
    per_minute = current_app.config[f"{kind}_RATE_PER_MINUTE"]
    buckets = current_app.extensions.setdefault(f"workshop.attempts.{kind}",
                                                Buckets(per_minute / 60, per_minute))
    return buckets.allow(request.remote_addr or "?")


def _room_by_code(code) -> Room | None:
    if not isinstance(code, str) or not 1 <= len(code) <= 12:
        return None
    return db.session.execute(
        select(Room).where(Room.join_code == code.strip().upper())).scalar_one_or_none()


def _run_as(actor: Actor, body: dict, type: str, **extra):
    """Run a command from an HTTP request through the same spine as socket commands."""
    envelope = {"id": body.get("id") or uuid.uuid4().hex, "type": type,
                "data": {"name": body.get("name"), **extra}}
    ack, messages = execute(actor, envelope)
    publish(actor.room_id, messages)
    return jsonify(ack), 200 if ack["ok"] else 400


def _current_link(kind: str, token) -> tuple[int, int | None] | None:
    """A link's claim if it is of the room's current generation (not renewed since)."""
    claim = tokens.read(kind, token)
    if claim is None or (claim[1] or 0) != service.link_generation(claim[0], kind):
        return None
    return claim


def _json_body() -> dict:
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else {}


_MAX_PAGES = 512


def _shared_page(template: str, **context) -> str:
    """A page that is the same for everyone of one language, rendered once per process:
    a join storm asks for each a thousand times."""
    pages = current_app.extensions.setdefault("workshop.pages", {})
    key = (template, request.path, str(get_locale()), *sorted(context.items()))
    page = pages.get(key)
    if page is None:
        if len(pages) >= _MAX_PAGES:  # codes typed in the address bar: keep it bounded
            pages.clear()
        page = pages[key] = render_template(template, **context)
    return page


@bp.get("/")
@bp.get("/join")
def join_page():
    return _shared_page("join.html", code=request.args.get("code", "")[:12])


@bp.post("/api/join")
def join():
    """A participant's first visit: {code, name, id} → rejoin token."""
    if not _allow_attempt("JOIN"):
        return jsonify(RateLimited(_("Too many attempts; wait a minute.")).as_ack()), 429
    body = _json_body()
    room = _room_by_code(body.get("code"))
    if room is None:
        return jsonify(NotFound(_("No room has this code."), {"code": ["unknown"]}).as_ack()), 404
    device = request.cookies.get(DEVICE_COOKIE)
    if not device or not _DEVICE.fullmatch(device):
        # a first join: named after its command id, so that a retry (the cookie not kept
        # yet) is the same command, and gets the same answer
        device = hashlib.sha256(f"device:{body.get('id')}".encode()).hexdigest()[:24] \
            if body.get("id") else secrets.token_urlsafe(18)
    response, status = _run_as(Actor("guest", None, room.id), body, "participant.join",
                               device=device)
    response.set_cookie(DEVICE_COOKIE, device, max_age=365 * 86_400, httponly=True,
                        samesite="Lax")
    return response, status


@bp.get("/r/<code>")
def participant_page(code):
    room = _room_by_code(code)
    if room is None:
        return redirect(url_for("people.join_page", code=code[:12]))
    return _shared_page("participant.html", room=ParticipantPage(room.title, room.join_code))


@bp.get("/cohost/<invite>")
def cohost_page(invite):
    claim = _current_link("cofacilitator-invite", invite)
    if claim is None:
        abort(404)
    return render_template("console.html", room=db.session.get(Room, claim[0]),
                           role="cofacilitator", invite=invite, links=None)


@bp.post("/api/cohost")
def cohost_accept():
    """A co-facilitator accepts the room's invitation: {invite, name, id} → token."""
    body = _json_body()
    claim = _current_link("cofacilitator-invite", body.get("invite"))
    if claim is None:
        return jsonify(Invalid(_("This invitation link is not valid.")).as_ack()), 400
    return _run_as(Actor("invitee", None, claim[0]), body, "cofacilitator.accept")


@bp.get("/projector/<int:room_id>")
def projector_page(room_id):
    claim = _current_link("projector", request.args.get("key"))
    if claim is None or claim[0] != room_id:
        abort(404)
    return render_template("projector.html", room=db.get_or_404(Room, room_id),
                           key=request.args["key"])


@bp.route("/signin", methods=["GET", "POST"])
def signin():
    error = None
    if request.method == "POST":
        try:
            form = SignInSchema().load(request.form.to_dict())
        except ValidationError:
            form = None
        if not _allow_attempt("SIGNIN"):
            error = _("Too many attempts; wait a minute.")
        elif form and (account := service.check_password(form["email"], form["password"])):
            session.clear()
            session["facilitator_id"] = account.id
            target = request.args.get("next", "")
            return redirect(target if _LOCAL_PATH.fullmatch(target) else url_for("course.rooms"))
        else:
            error = _("E-mail or password is wrong.")
    return render_template("signin.html", error=error), 401 if error else 200


@bp.post("/signout")
def signout():
    session.clear()
    return redirect(url_for("people.signin"))


def links(room: Room) -> dict:
    """The shareable links of a room, for the console and the start-up banner."""
    base = current_app.config["PUBLIC_URL"]
    return {
        "join": f"{base}/join?code={room.join_code}",
        "projector": f"{base}/projector/{room.id}?key={service.link_token(room.id, 'projector')}",
        "cohost": f"{base}/cohost/{service.link_token(room.id, 'cofacilitator-invite')}",
        "console": f"{base}/facilitate/{room.id}",
    }

"""Helpers shared by the tests: plain functions and small data classes, no fixtures.

Imported after tests/conftest.py has pointed the app at a temporary instance directory.
Objects handed to tests are plain data (ids, codes, tokens), never ORM instances, so a test
never depends on which database session loaded them.
"""
import copy
import time
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa
from argon2 import PasswordHasher

from app import create_app
from app.config import ROOT
from app.core.scopes import Actor, can_see
from app.course import markdown
from app.course import service as course_service
from app.extensions import db, socketio
from app.people import service as people_service
from app.people import tokens

_render = markdown.render

REFERENCE_COURSE = ROOT / "sessions" / "online-course.yaml"
PASSWORD = "correct horse battery staple"

BASE_CONFIG = {
    "ASYNC_MODE": "threading",
    "TESTING": True,
    "AGGREGATE_INTERVAL": 0.05,
    # one `event` message per event, as the tests count them; batching has its own tests
    "FANOUT_WINDOW": 0,
    # the documented defaults, pinned so a developer's WORKSHOP_* variables cannot leak in
    "MESSAGE_QUEUE": None,
    "ALLOWED_ORIGINS": None,
    "PUBLIC_URL": "http://127.0.0.1:5000",
    "COURSE_DIR": str(ROOT / "sessions"),
    "MAX_COMMAND_BYTES": 16_384,
    "MAX_MESSAGE_BYTES": 65_536,
    "COMMAND_RATE": 10.0,
    "COMMAND_BURST": 30,
    "JOIN_RATE_PER_MINUTE": 30,
    "SIGNIN_RATE_PER_MINUTE": 10,
    "SYNC_MAX_EVENTS": 500,
    "REJOIN_TOKEN_DAYS": 60,
    "TRUSTED_PROXIES": 0,
    "WORKER_NAME": "test-host:5000",
}

TINY_COURSE = """\
course:
  slug: tiny
  title: Tiny course
sessions:
  - title: One
    items:
      - kind: slide
        id: intro
        title: Hello
        minutes: 2
      - kind: poll
        id: p1
        title: A poll
        poll:
          options: [a, b]
  - title: Two
    minutes: 60
    items:
      - kind: board
        title: Board
        board: {columns: [x]}
"""


# --------------------------------------------------------------------------- apps

def make_app(database_url: str, **settings):
    """A new app on a database; the caller creates the tables (or runs the migrations)."""
    return create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **settings})


class Retired(BaseException):
    """Ends a finished app's aggregate loop (tests/conftest.py lets it pass silently)."""


def _retired():
    raise Retired


def retire(application) -> None:
    """Stop a finished app's aggregate loop for good.

    The coalescer's background task never ends on its own; left running it would keep a
    pool connection to a dropped database, emit through the next test's server (the
    SocketIO object is shared by every app) and keep the whole app in memory. Its next
    `_take` raises Retired, which is no Exception, so the loop's handler lets it end it.
    """
    application.extensions["workshop.coalescer"]._take = _retired
    renderers = application.extensions.get("workshop.pdfpages")
    if renderers is not None:  # its idle PDF page workers end with it
        renderers.close()


def dispose(application) -> None:
    retire(application)
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


# --------------------------------------------------------------------------- content

@dataclass(frozen=True)
class SessionInfo:
    id: int
    title: str
    items: tuple[int, ...]


@dataclass(frozen=True)
class CourseInfo:
    id: int
    slug: str
    sessions: tuple[SessionInfo, ...]

    @property
    def item_ids(self) -> list[int]:
        return [i for s in self.sessions for i in s.items]


@dataclass(frozen=True)
class RoomInfo:
    id: int
    code: str
    course_id: int


@dataclass(frozen=True)
class Account:
    id: int
    email: str
    name: str
    password: str


def course_info(course) -> CourseInfo:
    return CourseInfo(course.id, course.slug, tuple(
        SessionInfo(s.id, s.title, tuple(i.id for i in s.items)) for s in course.sessions))


_RENDERED: dict[str, str] = {}


def _render_once(source: str) -> str:
    if source not in _RENDERED:
        _RENDERED[source] = _render(source)
    return _RENDERED[source]


def import_course(application, data: dict) -> CourseInfo:
    """service.import_course, with Markdown (a pure function, and most of an import's time)
    rendered once per distinct text for the whole run."""
    markdown.render = _render_once
    try:
        with application.app_context():
            info = course_info(course_service.import_course(copy.deepcopy(data)))
            db.session.remove()
    finally:
        markdown.render = _render
    return info


def open_room(application, course_id: int, title: str | None = None) -> RoomInfo:
    from app.course.models import Course

    with application.app_context():
        room = course_service.open_room(db.session.get(Course, course_id), title)
        info = RoomInfo(room.id, room.join_code, room.course_id)
        db.session.remove()
    return info


def create_account(application, email="facilitator@example.org", name="Fran Facilitator",
                   password=PASSWORD) -> Account:
    """A facilitator account through the real service. The hash is made with cheap argon2
    parameters: verifying reads them from the hash, so sign-ins stay real but quick."""
    real = people_service._hasher
    people_service._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    try:
        with application.app_context():
            account = people_service.create_facilitator(email, name, password)
            info = Account(account.id, account.email, account.name, password)
            db.session.remove()
    finally:
        people_service._hasher = real
    return info


# --------------------------------------------------------------------------- sockets

def send(client, type: str, data: dict | None = None, id: str | None = None) -> dict:
    """Send one command over a socket and return its ack."""
    envelope = {"id": id or uuid.uuid4().hex, "type": type,
                "data": {} if data is None else data}
    return client.emit("command", envelope, callback=True)


def received(client, name: str = "event") -> list[dict]:
    """Take everything the client got so far; return the payloads of one message name."""
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def wait_for(predicate, timeout: float = 1.0, step: float = 0.01):
    """Poll until predicate() is truthy (aggregates come from a background task)."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def sign_in(application, account: Account):
    """A Flask test client signed in through /signin."""
    http = application.test_client()
    response = http.post("/signin", data={"email": account.email, "password": account.password})
    assert response.status_code == 302, response.status_code
    return http


@dataclass
class Peer:
    """A connected socket client and who it is."""

    client: object
    role: str
    id: int | None
    room_id: int
    token: str | None = None
    snapshot: dict = field(default_factory=dict)

    @property
    def actor(self) -> Actor:
        return Actor(self.role, self.id, self.room_id)

    def send(self, type: str, data: dict | None = None, id: str | None = None) -> dict:
        return send(self.client, type, data, id)

    def events(self) -> list[dict]:
        return received(self.client, "event")


#: long enough for a few aggregate flushes at the tests' AGGREGATE_INTERVAL (0.05 s)
QUIET = 0.3


class Inbox:
    """What one connection received, kept here (get_received drains the client): its
    events, taken or not, and its aggregates by name."""

    def __init__(self, peer: Peer):
        self.peer = peer
        self._events: list[dict] = []
        self._aggregates: list[dict] = []

    def pull(self) -> "Inbox":
        for message in self.peer.client.get_received():
            if message["name"] == "event":
                self._events.append(message["args"][0])
            elif message["name"] == "aggregate":
                self._aggregates.append(message["args"][0])
        return self

    def events(self) -> list[dict]:
        """The events received and not taken yet."""
        return list(self.pull()._events)

    def take_events(self) -> list[dict]:
        events = self.events()
        self._events = []
        return events

    def aggregates(self, name: str) -> list[dict]:
        """The data of every push of one aggregate, in order."""
        return [a["data"] for a in self.pull()._aggregates if a["name"] == name]

    def last(self, name: str) -> dict | None:
        found = self.aggregates(name)
        return found[-1] if found else None

    def clear(self) -> None:
        self.pull()
        self._events, self._aggregates = [], []


def inboxes(*peers: Peer) -> list[Inbox]:
    """An empty inbox per connection: what they receive from now on."""
    boxes = [Inbox(p) for p in peers]
    for box in boxes:
        box.clear()
    return boxes


def ok(peer: Peer, type: str, data: dict | None = None) -> dict:
    """Send a command over the socket; it must be acked ok."""
    ack = peer.send(type, data)
    assert ack["ok"] is True, ack
    return ack


class People:
    """Makes and connects the people of a room; everyone is disconnected at teardown."""

    def __init__(self, application):
        self.app = application
        self.opened = []
        self._account = None

    def raw(self, auth, flask_test_client=None):
        """A connection attempt that may be refused; check client.is_connected()."""
        client = socketio.test_client(self.app, flask_test_client=flask_test_client, auth=auth)
        self.opened.append(client)
        return client

    def _peer(self, client, role, id, room_id, token=None) -> Peer:
        assert client.is_connected(), f"the {role} connection was refused"
        snapshots = received(client, "snapshot")
        assert len(snapshots) == 1
        return Peer(client, role, id, room_id, token, snapshots[0])

    def account(self) -> Account:
        if self._account is None:
            self._account = create_account(self.app)
        return self._account

    def facilitator(self, room: RoomInfo, account: Account | None = None) -> Peer:
        account = account or self.account()
        client = self.raw({"role": "facilitator", "room": room.id}, sign_in(self.app, account))
        return self._peer(client, "facilitator", account.id, room.id)

    def join(self, code, name, id: str | None = None, headers=None):
        """POST /api/join as a participant's browser would; returns the response."""
        return self.app.test_client().post(
            "/api/join", json={"code": code, "name": name, "id": id or uuid.uuid4().hex},
            headers=headers or {})

    def join_ok(self, room: RoomInfo, name: str) -> tuple[int, str]:
        response = self.join(room.code, name)
        assert response.status_code == 200, response.get_json()
        result = response.get_json()["result"]
        return result["participant_id"], result["token"]

    def connect_participant(self, room: RoomInfo, participant_id: int, token: str) -> Peer:
        client = self.raw({"role": "participant", "token": token})
        return self._peer(client, "participant", participant_id, room.id, token)

    def participant(self, room: RoomInfo, name: str = "Pat Participant") -> Peer:
        participant_id, token = self.join_ok(room, name)
        return self.connect_participant(room, participant_id, token)

    def cohost_invite(self, room: RoomInfo) -> str:
        with self.app.app_context():
            return tokens.issue("cofacilitator-invite", room.id)

    def cofacilitator(self, room: RoomInfo, name: str = "Cody Cohost") -> Peer:
        response = self.app.test_client().post(
            "/api/cohost", json={"invite": self.cohost_invite(room), "name": name,
                                 "id": uuid.uuid4().hex})
        assert response.status_code == 200, response.get_json()
        result = response.get_json()["result"]
        client = self.raw({"role": "cofacilitator", "token": result["token"]})
        return self._peer(client, "cofacilitator", result["cofacilitator_id"], room.id,
                          result["token"])

    def projector_token(self, room: RoomInfo) -> str:
        with self.app.app_context():
            return tokens.issue("projector", room.id)

    def projector(self, room: RoomInfo) -> Peer:
        token = self.projector_token(room)
        client = self.raw({"role": "projector", "token": token})
        return self._peer(client, "projector", None, room.id, token)

    def close(self):
        for client in self.opened:
            if client.is_connected():
                client.disconnect()


def first_run(apps, reference_data) -> tuple[object, CourseInfo, RoomInfo, People]:
    """A first app on a new database, with the reference course, a room and the People of
    that app: where a test of a restart (a second app on the same database) begins."""
    first = apps()
    with first.app_context():
        db.create_all()
    course = import_course(first, reference_data)
    return first, course, open_room(first, course.id), People(first)


# --------------------------------------------------------------------------- direct calls

def run(application, actor: Actor, type: str, data: dict | None = None,
        id: str | None = None) -> tuple[dict, list[dict]]:
    """Apply a command through the dispatcher, without a socket."""
    from app.core.commands import execute

    with application.app_context():
        try:
            return execute(actor, {"id": id or uuid.uuid4().hex, "type": type,
                                   "data": {} if data is None else data})
        finally:
            db.session.remove()


def edit_course(application, course_id: int, type: str, data: dict | None = None,
                account_id: int = 1, id: str | None = None) -> dict:
    """Apply a course edit through the course dispatcher (what the editor page posts)."""
    from app.course.dispatch import apply_edit

    with application.app_context():
        try:
            return apply_edit(course_id, Actor("facilitator", account_id, 0, "Fran Facilitator"),
                              {"id": id or uuid.uuid4().hex, "type": type,
                               "data": {} if data is None else data})
        finally:
            db.session.remove()


def facilitator_actor(room: RoomInfo, account_id: int = 1) -> Actor:
    return Actor("facilitator", account_id, room.id, "Fran Facilitator")


def guest_join(application, room: RoomInfo, name: str, id: str | None = None) -> int:
    """A participant joins through the dispatcher (what /api/join does)."""
    ack, _ = run(application, Actor("guest", None, room.id), "participant.join",
                 {"name": name}, id)
    assert ack["ok"], ack
    return ack["result"]["participant_id"]


def room_log(application, room_id: int) -> list[tuple[int, str, str]]:
    """(seq, type, scope) of a room's committed events, in order."""
    from app.core.models import RoomEvent

    with application.app_context():
        rows = db.session.execute(
            sa.select(RoomEvent.seq, RoomEvent.type, RoomEvent.scope)
            .where(RoomEvent.room_id == room_id).order_by(RoomEvent.seq)).all()
        db.session.remove()
    return [tuple(r) for r in rows]


def last_seq(application, room_id: int) -> int:
    from app.core.models import Room

    with application.app_context():
        value = db.session.execute(
            sa.select(Room.last_seq).where(Room.id == room_id)).scalar_one()
        db.session.remove()
    return value


def count(application, model, *where) -> int:
    with application.app_context():
        value = number_of(model, *where)
        db.session.remove()
    return value


def number_of(model, *where) -> int:
    """Rows of a table, inside an app context."""
    return db.session.execute(
        sa.select(sa.func.count()).select_from(model).where(*where)).scalar_one()


def footprint(application, room_id: int, *parts) -> dict:
    """What a refused command or upload must leave as it was: the room's seq, its logged
    events and applied command ids, and what each part reads. A part is a function of the
    room id, called inside the app context, that returns a domain's rows as plain values
    (each tests/<domain>/helpers.py has its own)."""
    from app.core.models import AppliedCommand, Room, RoomEvent

    with application.app_context():
        value = {"seq": db.session.execute(sa.select(Room.last_seq)
                                           .where(Room.id == room_id)).scalar_one(),
                 "events": number_of(RoomEvent, RoomEvent.room_id == room_id),
                 "applied": number_of(AppliedCommand, AppliedCommand.room_id == room_id)}
        for part in parts:
            value.update(part(room_id))
        db.session.remove()
    return value


def refused(stage: "Stage", actor: Actor, type: str, data: dict | None, code: str,
            id: str | None = None) -> dict:
    """The command is refused with `code` and a message, and changes nothing: nothing is
    sent and the stage's footprint is as it was. Returns the error."""
    before = stage.footprint()
    ack = stage.do(actor, type, data, id)
    assert ack["ok"] is False and ack["error"]["code"] == code, ack
    assert isinstance(ack["error"]["message"], str) and ack["error"]["message"].strip(), ack
    assert stage.messages == [], stage.messages
    assert stage.footprint() == before, (before, stage.footprint())
    return ack["error"]


def schema_errors(schema, data) -> dict:
    """The field messages of a payload the marshmallow schema (an instance) refuses."""
    from marshmallow import ValidationError

    try:
        schema.load(data)
    except ValidationError as err:
        return err.messages
    raise AssertionError(f"{type(schema).__name__} accepted {data!r}")


def item_id(application, course_id: int, key: str) -> int:
    """The id of a course's agenda item by its id in the course file."""
    from app.course.models import AgendaItem, CourseSession

    with application.app_context():
        value = db.session.execute(
            sa.select(AgendaItem.id).join(CourseSession)
            .where(CourseSession.course_id == course_id, AgendaItem.key == key)).scalar_one()
        db.session.remove()
    return value


def slide_id(application, course_id: int) -> int:
    """Some agenda item of a course that is a plain slide."""
    from app.course.models import AgendaItem, CourseSession

    with application.app_context():
        value = db.session.execute(
            sa.select(AgendaItem.id).join(CourseSession)
            .where(CourseSession.course_id == course_id, AgendaItem.kind == "slide")
            .order_by(AgendaItem.id).limit(1)).scalar_one()
        db.session.remove()
    return value


def rows(application, model, *where, order_by=None) -> list[dict]:
    """Rows of a table as plain dicts of their columns."""
    with application.app_context():
        query = sa.select(model).where(*where)
        if order_by is not None:
            query = query.order_by(order_by)
        found = db.session.execute(query).scalars().all()
        result = [{c.key: getattr(r, c.key) for c in model.__table__.columns} for r in found]
        db.session.remove()
    return result


def snapshot_of(application, actor: Actor) -> dict:
    from app.core.state import snapshot

    with application.app_context():
        try:
            return snapshot(actor.room_id, actor)
        finally:
            db.session.remove()


def sync_of(application, actor: Actor, since: int) -> dict:
    from app.core.state import sync

    with application.app_context():
        try:
            return sync(actor.room_id, actor, since)
        finally:
            db.session.remove()


def apply_events(state: dict, events: list[dict], since: int = 0) -> dict:
    """The reference reducer, as static/src/store.js does it: each change an upsert (None
    deletes), and an entity keeps the seq that last wrote it (`since`, the snapshot's seq, at
    first), so an event arriving late or twice never rolls it back. static/test/reducer-cases.json
    holds the cases both reducers must agree on."""
    state = copy.deepcopy(state)
    written: dict[tuple[str, str], int] = {}
    for event in events:
        for collection, key, value in event["changes"]:
            if written.get((collection, key), since) >= event["seq"]:
                continue
            written[(collection, key)] = event["seq"]
            if value is None:
                state.get(collection, {}).pop(key, None)
            else:
                state.setdefault(collection, {})[key] = value
    return state



def assert_stale_snapshots_catch_up(application, world, ops: list, split: int) -> list[tuple]:
    """The sync property: plays ops[:split] on `world`, has each of `world.observers` take a
    snapshot, plays the rest; then for each observer, sync(since=its seq) gives events (not a
    snapshot) in seq order, all newer and all the observer may see, up to the fresh snapshot's
    seq, and folded into its stale state they give the fresh state.

    `world` is a test's own room driver: apply(op) and observers (Actors). Returns (actor,
    fresh snapshot, events) per observer, for a test's own checks. The messages say what
    differs, since pytest does not rewrite the asserts of this module.
    """
    for op in ops[:split]:
        world.apply(op)
    old = {actor.role: snapshot_of(application, actor) for actor in world.observers}
    for op in ops[split:]:
        world.apply(op)
    seen = []
    for actor in world.observers:
        stale = old[actor.role]
        answer = sync_of(application, actor, stale["seq"])
        assert "events" in answer, "the gap is short: events, not a snapshot"
        events = answer["events"]
        seqs = [e["seq"] for e in events]
        assert seqs == sorted(set(seqs)), (actor.role, seqs)
        assert all(e["seq"] > stale["seq"] for e in events), (actor.role, stale["seq"], seqs)
        with application.app_context():
            hidden = sorted({e["scope"] for e in events if not can_see(actor, e["scope"])})
        assert not hidden, (actor.role, hidden)
        fresh = snapshot_of(application, actor)
        assert answer["seq"] == fresh["seq"], (actor.role, answer["seq"], fresh["seq"])
        folded = apply_events(stale["state"], events, since=stale["seq"])
        assert folded == fresh["state"], (actor.role, sorted(
            c for c in {*folded, *fresh["state"]} if folded.get(c) != fresh["state"].get(c)))
        seen.append((actor, fresh, events))
    return seen


def make_teams(application, room_id: int, *teams: list, moderators: dict | None = None,
               presenters: tuple = (), active: bool = True, label: str = "Teams") -> list[int]:
    """A grouping with one team per list of participants (Actors or ids), as rows: tests
    of boards, pre-work and results per team need teams without the teams commands.
    `moderators` maps a team's index to a co-facilitator; returns the team ids."""
    from app.teams.models import Grouping, Team, TeamMember, TeamModerator

    def id_of(person) -> int:
        return getattr(person, "id", person)

    presenting = {id_of(p) for p in presenters}
    with application.app_context():
        grouping = Grouping(room_id=room_id, label=label, active=active)
        db.session.add(grouping)
        db.session.flush()
        ids = []
        for position, people in enumerate(teams, start=1):
            team = Team(room_id=room_id, grouping_id=grouping.id, name=f"Team {position}",
                        position=position)
            db.session.add(team)
            db.session.flush()
            ids.append(team.id)
            db.session.add_all(
                TeamMember(team_id=team.id, grouping_id=grouping.id, participant_id=id_of(p),
                           role="presenter" if id_of(p) in presenting else None)
                for p in people)
        for index, cohost in (moderators or {}).items():
            db.session.add(TeamModerator(team_id=ids[index], cofacilitator_id=id_of(cohost)))
        db.session.commit()
        db.session.remove()
    return ids


class Stage:
    """One room: the facilitator, co-facilitators and participants act through the
    dispatcher (no sockets), each command's messages kept for inspection. A domain's stage
    names the `parts` of the footprint its refusals must leave alone."""

    #: functions of the room id that read a domain's rows (see `footprint`)
    parts: tuple = ()

    def __init__(self, application, room: RoomInfo, course_id: int):
        self.app = application
        self.room = room
        self.course_id = course_id
        self.fac = facilitator_actor(room)
        self.messages: list[dict] = []

    def join(self, name: str) -> Actor:
        return Actor("participant", guest_join(self.app, self.room, name), self.room.id, name)

    def crowd(self, n: int, prefix: str = "Person") -> list[Actor]:
        return [self.join(f"{prefix} {i}") for i in range(n)]

    def cohost(self, name: str = "Cody Cohost") -> Actor:
        ack, _ = run(self.app, Actor("invitee", None, self.room.id), "cofacilitator.accept",
                     {"name": name})
        assert ack["ok"], ack
        return Actor("cofacilitator", ack["result"]["cofacilitator_id"], self.room.id, name)

    def projector(self) -> Actor:
        return Actor("projector", None, self.room.id, "projector")

    def do(self, actor: Actor, type: str, data: dict | None = None,
           id: str | None = None) -> dict:
        ack, self.messages = run(self.app, actor, type, data, id or uuid.uuid4().hex)
        return ack

    def ok(self, actor: Actor, type: str, data: dict | None = None) -> dict:
        ack = self.do(actor, type, data)
        assert ack["ok"] is True, ack
        return ack["result"]

    def item(self, key: str) -> int:
        return item_id(self.app, self.course_id, key)

    def token(self, participant: Actor) -> str:
        """The participant's rejoin token, as /api/join hands it out."""
        with self.app.app_context():
            return tokens.issue("participant", self.room.id, participant.id)

    def footprint(self) -> dict:
        return footprint(self.app, self.room.id, *self.parts)

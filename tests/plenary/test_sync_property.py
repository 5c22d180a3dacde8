"""The spine's property for the live tools: applying the events `sync` returns to a stale
snapshot gives the fresh snapshot, and no event carries the text of a hidden question.

Random sequences raise and lower hands (also refused ones), lower one or all, react, run the
plenary timer and the message to everyone, ask in the plenary and in teams (by name and
anonymously), upvote, approve, answer, pin and hide questions, and switch moderation on and
off; write, delete and mute in the chats. The observers: the facilitator, a participant of
team 1, the co-facilitator of team 1, the projector.
"""
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.scopes import Actor
from tests.support import assert_stale_snapshots_catch_up, make_teams, open_room, run, sync_of

PEOPLE = 4


def operations():
    person, question = st.integers(0, PEOPLE - 1), st.integers(0, 9)
    return st.one_of(
        st.tuples(st.just("hand.raise"), person),
        st.tuples(st.just("hand.lower"), person),
        st.tuples(st.just("hands.lower"), st.integers(0, 1), st.integers(0, 9)),
        st.tuples(st.just("hands.lower_all")),
        st.tuples(st.just("reaction.send"), person, st.sampled_from(["applause", "slower"])),
        st.tuples(st.just("timer.start"), st.integers(10, 600)),
        st.tuples(st.just("timer.extend")),
        st.tuples(st.just("timer.stop")),
        st.tuples(st.just("announcement.send")),
        st.tuples(st.just("announcement.clear")),
        st.tuples(st.just("question.ask"), person, st.booleans(), st.booleans()),
        st.tuples(st.just("question.upvote"), person, question),
        st.tuples(st.sampled_from(["question.approve", "question.answer", "question.hide"]),
                  st.integers(0, 1), question),
        st.tuples(st.just("question.pin"), question, st.booleans()),
        st.tuples(st.just("settings.change"), st.booleans()),
        st.tuples(st.just("chat.send"), st.integers(0, PEOPLE), st.booleans()),
        st.tuples(st.just("chat.delete"), st.integers(0, 1), question),
        st.tuples(st.just("chat.mute"), person, st.booleans()),
    )


class World:
    """One new room: two teams, the observer in team 1 with one other, the co-facilitator
    on team 1."""

    def __init__(self, app, course):
        self.app = app
        self.room = open_room(app, course.id)
        self.facilitator = Actor("facilitator", 1, self.room.id, "Fran")
        self.people = [self.join(n) for n in ("Observer", "Bo", "Cy", "Di")]
        self.participant = self.people[0]
        ack, _ = run(app, Actor("invitee", None, self.room.id), "cofacilitator.accept",
                     {"name": "Cody"})
        self.cofacilitator = Actor("cofacilitator", ack["result"]["cofacilitator_id"],
                                   self.room.id, "Cody")
        self.projector = Actor("projector", None, self.room.id, "projector")
        self.teams = make_teams(app, self.room.id, self.people[:2], self.people[2:],
                                moderators={0: self.cofacilitator.id})
        self.hands: list[int] = []
        self.questions: list[int] = []
        self.chat: list[int] = []
        self.texts: list[str] = []

    def join(self, name: str) -> Actor:
        ack, _ = run(self.app, Actor("guest", None, self.room.id), "participant.join",
                     {"name": name})
        assert ack["ok"], ack
        return Actor("participant", ack["result"]["participant_id"], self.room.id, name)

    def run(self, actor: Actor, type: str, data: dict) -> dict:
        ack, _ = run(self.app, actor, type, data)
        if not ack["ok"]:
            assert ack["error"]["code"] in ("invalid", "not_found", "conflict", "forbidden",
                                            "rate_limited"), (type, ack)
        return ack

    def pick(self, ids: list[int], index: int) -> int:
        return ids[index % len(ids)] if ids else 2**31 - 1

    def apply(self, op) -> None:
        kind, staff = op[0], (self.facilitator, self.cofacilitator)
        if kind in ("hand.raise", "hand.lower"):
            ack = self.run(self.people[op[1]], kind, {})
            if ack["ok"] and kind == "hand.raise":
                self.hands.append(ack["result"]["hand_id"])
        elif kind == "hands.lower":
            self.run(staff[op[1]], kind, {"hand_id": self.pick(self.hands, op[2])})
        elif kind == "reaction.send":
            self.run(self.people[op[1]], kind, {"kind": op[2]})
        elif kind == "timer.start":
            self.run(self.facilitator, kind, {"seconds": op[1], "label": f"T{op[1]}"})
        elif kind == "timer.extend":
            self.run(self.facilitator, kind, {"seconds": 30})
        elif kind == "announcement.send":
            self.run(self.facilitator, kind, {"text": f"Message {len(self.texts)}"})
        elif kind == "question.ask":
            who = self.people[op[1]]
            team = self.teams[op[1] // 2] if op[3] else None
            text = f"Question number {len(self.texts)} from {who.name}"
            self.texts.append(text)
            ack = self.run(who, kind, {"text": text, "anonymous": op[2], "team_id": team})
            if ack["ok"]:
                self.questions.append(ack["result"]["question_id"])
        elif kind == "chat.send":
            who = self.people[op[1]] if op[1] < PEOPLE else self.facilitator
            team = self.teams[op[1] // 2] if op[2] and op[1] < PEOPLE else None
            text = f"Chat line {len(self.texts)}"
            self.texts.append(text)
            ack = self.run(who, kind, {"text": text, "team_id": team})
            if ack["ok"]:
                self.chat.append(ack["result"]["message_id"])
        elif kind == "chat.delete":
            self.run(staff[op[1]], kind, {"message_id": self.pick(self.chat, op[2])})
        elif kind == "chat.mute":
            self.run(self.facilitator, kind, {"participant_id": self.people[op[1]].id,
                                              "muted": op[2]})
        elif kind == "question.upvote":
            self.run(self.people[op[1]], kind,
                     {"question_id": self.pick(self.questions, op[2])})
        elif kind == "question.pin":
            self.run(self.facilitator, kind, {"question_id": self.pick(self.questions, op[1]),
                                              "pinned": op[2]})
        elif kind.startswith("question."):
            self.run(staff[op[1]], kind, {"question_id": self.pick(self.questions, op[2])})
        elif kind == "settings.change":
            self.run(self.facilitator, kind, {"moderated_questions": op[1]})
        else:
            self.run(self.facilitator, kind, {})

    @property
    def observers(self) -> list[Actor]:
        return [self.facilitator, self.participant, self.cofacilitator, self.projector]


def hidden_texts(app, world) -> list[str]:
    """The texts of hidden questions and deleted chat messages."""
    from app.chat.models import ChatMessage
    from app.extensions import db
    from app.questions.models import Question

    with app.app_context():
        texts = list(db.session.execute(db.select(Question.text).where(
            Question.room_id == world.room.id, Question.status == "hidden")).scalars())
        texts += db.session.execute(db.select(ChatMessage.text).where(
            ChatMessage.room_id == world.room.id, ChatMessage.deleted_at.is_not(None))).scalars()
        db.session.remove()
    return texts


def test_events_since_a_snapshot_turn_it_into_the_fresh_snapshot_with_live_tools(app, course):
    @settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(data=st.data())
    def check(data):
        world = World(app, course)
        ops = [("hand.raise", 0), ("question.ask", 1, False, False),
               *data.draw(st.lists(operations(), min_size=6, max_size=30), label="operations")]
        split = data.draw(st.integers(0, len(ops)), label="snapshot after")
        seen = assert_stale_snapshots_catch_up(app, world, ops, split)
        hidden = hidden_texts(app, world)
        for actor, fresh, _events in seen:
            if actor.role == "projector":
                assert "hands" not in fresh["state"]
                assert all(q["team_id"] is None and q["status"] != "pending"
                           for q in fresh["state"]["questions"].values())
            everything = json.dumps(sync_of(app, actor, 0))
            assert not [text for text in hidden if f'"{text}"' in everything], actor.role

    check()

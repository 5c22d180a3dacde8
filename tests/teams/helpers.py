"""Plain helpers for the team and breakout tests: a room whose people act through the
dispatcher, the team rows a refusal must leave alone, and the reference course's breakout
items."""
import json

import sqlalchemy as sa

from app.breakouts.models import Breakout, HelpRequest
from app.core.scopes import Actor
from app.extensions import db
from app.teams.models import Grouping, Team, TeamMember, TeamModerator
from tests import support

#: the reference course's breakout items (sessions/online-course.yaml): 15 minutes, a board
SDGS = "s1-ndp-sdgs"


def table(model, room_id: int):
    """The rows of a team table that belong to a room."""
    if model in (TeamMember, TeamModerator):
        return sa.select(model).join(Team, Team.id == model.team_id).where(
            Team.room_id == room_id)
    return sa.select(model).where(model.room_id == room_id)


def team_rows(room_id: int) -> dict:
    """Every team, breakout and help-request row of a room (a part of the footprint)."""
    def plain(row):
        return {c.key: str(getattr(row, c.key)) for c in row.__table__.columns}

    value = {}
    for model in (Grouping, Team, TeamMember, TeamModerator, Breakout, HelpRequest):
        value[model.__tablename__] = sorted(
            json.dumps(plain(r), sort_keys=True)
            for r in db.session.execute(table(model, room_id)).scalars())
    return value


class Stage(support.Stage):
    """The shared stage, with teams: make them, read them, moderate and start breakouts."""

    parts = (team_rows,)

    def make(self, **spec) -> int:
        return self.ok(self.fac, "teams.make", spec)["grouping_id"]

    def teams(self) -> list[dict]:
        """The active teams as everyone sees them, in order."""
        from tests.support import snapshot_of
        teams = snapshot_of(self.app, self.fac)["state"]["teams"].values()
        return sorted(teams, key=lambda t: t["position"])

    def team_of(self, participant: Actor) -> dict | None:
        return next((t for t in self.teams()
                     if participant.id in [m["id"] for m in t["members"]]), None)

    def moderate(self, cohost: Actor, *team_ids: int) -> None:
        for team_id in team_ids:
            self.ok(self.fac, "team.moderators", {"team_id": team_id,
                                                   "cofacilitator_ids": [cohost.id]})

    def start(self, **data) -> int:
        return self.ok(self.fac, "breakout.start", data)["breakout_id"]

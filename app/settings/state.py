"""What clients see of the settings: the room's features, everyone alike (a participant's
page hides what is off)."""
from sqlalchemy import select

from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import snapshot_part
from app.course.models import Course
from app.extensions import db
from app.settings.models import DEFAULTS, RoomSettings


def features(room_id: int) -> dict[str, bool]:
    """The room's features: DEFAULTS, then the course file's `features:`, then the room's own."""
    course_defaults = db.session.execute(
        select(Course.extras).join(Room, Room.course_id == Course.id)
        .where(Room.id == room_id)).scalar_one_or_none() or {}
    own = db.session.get(RoomSettings, room_id)
    merged = {**DEFAULTS, **course_defaults.get("features", {})}
    merged.update(own.features if own else {})
    return {name: bool(merged[name]) for name in DEFAULTS}


@snapshot_part
def settings_part(room: Room, actor: Actor) -> dict[str, dict]:
    return {"settings": {"room": features(room.id)}}

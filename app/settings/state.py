"""What clients see of the settings: the room's features, everyone alike (a participant's
page hides what is off)."""
from sqlalchemy import bindparam, select

from app.core.models import Room
from app.core.scopes import Actor
from app.core.state import snapshot_part
from app.course.models import Course
from app.extensions import db
from app.settings.models import DEFAULTS, RoomSettings

#: asked by every command of a live tool: one statement, built once
_FEATURES = (select(Course.extras, RoomSettings.features).select_from(Room)
             .join(Course, Course.id == Room.course_id)
             .outerjoin(RoomSettings, RoomSettings.room_id == Room.id)
             .where(Room.id == bindparam("room")))


def features(room_id: int) -> dict[str, bool]:
    """The room's features: DEFAULTS, then the course file's `features:`, then the room's own."""
    row = db.session.execute(_FEATURES, {"room": room_id}).one_or_none()
    course_defaults, own = (row.extras or {}, row.features or {}) if row else ({}, {})
    merged = {**DEFAULTS, **course_defaults.get("features", {}), **own}
    return {name: bool(merged[name]) for name in DEFAULTS}


@snapshot_part
def settings_part(room: Room, actor: Actor) -> dict[str, dict]:
    return {"settings": {"room": features(room.id)}}

"""The only writer of room settings, and the check every live feature asks first."""
from flask_babel import gettext as _

from app.core.clock import now
from app.core.commands import Context
from app.core.errors import Conflict
from app.extensions import db
from app.settings.models import RoomSettings
from app.settings.state import features


def change(ctx: Context, changed: dict[str, bool]) -> dict:
    """Turn features on or off for this room; the others keep their value."""
    row = db.session.get(RoomSettings, ctx.room_id)
    if row is None:
        row = RoomSettings(room_id=ctx.room_id, features={})
        db.session.add(row)
    row.features = {**row.features, **changed}
    row.updated_at = now()
    db.session.flush()
    view = features(ctx.room_id)
    ctx.record("settings.changed", {"features": sorted(changed)},
               changes=[("settings", "room", view)])
    return view


def require(room_id: int, feature: str) -> None:
    """Refuse a command of a feature this room has turned off."""
    if not features(room_id)[feature]:
        raise Conflict(_("This is turned off in this room."))


def enabled(room_id: int, feature: str) -> bool:
    return features(room_id)[feature]

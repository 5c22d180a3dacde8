"""The settings command: only the facilitator turns features on or off."""
from app.core.commands import command
from app.settings import service
from app.settings.schemas import SettingsSchema


@command("settings.change", SettingsSchema, ("facilitator",))
def settings_change(ctx, data):
    return service.change(ctx, data)

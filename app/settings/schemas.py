"""The settings command's payload: any subset of the features, each on or off (unknown
names are refused, as marshmallow does by default)."""
from marshmallow import Schema, fields

from app.course.schemas import FEATURES
from app.settings.models import DEFAULTS

FEATURES.update(DEFAULTS)

SettingsSchema: type[Schema] = Schema.from_dict(
    {name: fields.Boolean(truthy={True}, falsy={False}) for name in DEFAULTS},
    name="SettingsSchema")

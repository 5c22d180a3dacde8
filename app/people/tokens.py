"""Signed, expiring tokens: rejoin (participant), co-facilitator and projector links.

A token names its room and role; forging one needs SECRET_KEY, and each kind has its
own salt so a projector link cannot be used as a rejoin token.
"""
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

KINDS = ("participant", "cofacilitator", "projector", "cofacilitator-invite")


def _serializer(kind: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"workshop-room.{kind}")


def issue(kind: str, room_id: int, subject_id: int | None = None) -> str:
    return _serializer(kind).dumps({"r": room_id, "s": subject_id})


def read(kind: str, token) -> tuple[int, int | None] | None:
    """(room_id, subject_id) for a valid, unexpired token of this kind, else None."""
    if kind not in KINDS or not isinstance(token, str) or len(token) > 500:
        return None
    max_age = current_app.config["REJOIN_TOKEN_DAYS"] * 86_400
    try:
        data = _serializer(kind).loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        return None
    return data["r"], data.get("s")

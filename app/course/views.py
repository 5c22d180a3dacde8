"""Facilitator pages: the rooms list and the live console."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from app.core.models import Room
from app.course import service
from app.course.models import Course
from app.extensions import db
from app.people.access import current_facilitator, facilitator_required
from app.people.views import links

bp = Blueprint("course", __name__)


@bp.get("/facilitate")
@facilitator_required
def rooms():
    all_rooms = db.session.execute(select(Room).order_by(Room.created_at.desc())).scalars().all()
    courses = db.session.execute(select(Course).order_by(Course.title)).scalars().all()
    return render_template("rooms.html", rooms=all_rooms, courses=courses,
                           facilitator=current_facilitator())


@bp.post("/facilitate/rooms")
@facilitator_required
def open_room():
    course = db.session.get(Course, request.form.get("course_id", type=int) or 0)
    if course is None:
        abort(400)
    title = (request.form.get("title") or "").strip()[:200] or None
    room = service.open_room(course, title)
    return redirect(url_for("course.console", room_id=room.id))


@bp.get("/facilitate/<int:room_id>")
@facilitator_required
def console(room_id):
    room = db.get_or_404(Room, room_id)
    return render_template("console.html", room=room, role="facilitator", links=links(room),
                           invite=None)

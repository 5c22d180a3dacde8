"""Facilitator pages: the rooms list, the live console and the course editor."""
import secrets

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from sqlalchemy import select

from app.core.errors import CommandError
from app.core.models import Room
from app.course import decks, dispatch, files, images, markdown, service
from app.course.models import Course
from app.course.state import editor_view
from app.extensions import db
from app.i18n import editor_messages
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
                           invite=None, course_slug=db.session.get(Course, room.course_id).slug)


# --------------------------------------------------------------------------- the editor

def _course(slug: str) -> Course:
    course = db.session.execute(select(Course).where(Course.slug == slug)).scalar_one_or_none()
    if course is None:
        abort(404)
    return course


def _form_refusal(err: CommandError, form: dict, template: str = "course_new.html", **extra):
    return render_template(template, error=err, form=form, **extra), 400


@bp.get("/facilitate/courses/new")
@facilitator_required
def course_new():
    return render_template("course_new.html", error=None, form={})


@bp.post("/facilitate/courses")
@facilitator_required
def course_create():
    info = {key: (request.form.get(key) or "").strip()
            for key in ("slug", "title", "language", "description")}
    info["language"] = info["language"] or "en"
    try:
        course = service.new_course(info)
    except CommandError as err:
        return _form_refusal(err, info)
    return redirect(url_for("course.editor", slug=course.slug))


@bp.post("/facilitate/courses/<slug>/duplicate")
@facilitator_required
def course_duplicate(slug):
    course = _course(slug)
    form = {"slug": (request.form.get("slug") or "").strip(),
            "title": (request.form.get("title") or "").strip(),
            "with_prework": request.form.get("with_prework") == "1"}
    try:
        copy = service.duplicate_course(course, form["slug"], form["title"], form["with_prework"])
    except CommandError as err:
        return _form_refusal(err, form, "course_duplicate.html", course=course)
    return redirect(url_for("course.editor", slug=copy.slug))


@bp.get("/facilitate/courses/<slug>/duplicate")
@facilitator_required
def course_duplicate_form(slug):
    course = _course(slug)
    return render_template("course_duplicate.html", course=course, error=None,
                           form={"slug": f"{course.slug}-2", "title": course.title,
                                 "with_prework": True})


@bp.get("/facilitate/courses/<slug>")
@facilitator_required
def editor(slug):
    course = _course(slug)
    return render_template("editor.html", course=course, content=editor_view(course),
                           editor_messages=editor_messages())


@bp.get("/facilitate/courses/<slug>/content")
@facilitator_required
def editor_content(slug):
    return jsonify(editor_view(_course(slug)))


@bp.post("/facilitate/courses/<slug>/commands")
@facilitator_required
def editor_command(slug):
    """One course edit as JSON {id, type, data}; the answer is its ack. Only JSON is taken,
    which a form on another site cannot send."""
    course = _course(slug)
    envelope = request.get_json(silent=True)
    if not request.is_json or envelope is None:
        abort(415)
    ack = dispatch.apply_edit(course.id, dispatch.editor(current_facilitator()), envelope)
    return jsonify(ack)


@bp.post("/facilitate/courses/<slug>/preview")
@facilitator_required
def editor_preview(slug):
    """Markdown as a slide will show it, by the renderer the slide is saved with."""
    _course(slug)
    source = (request.get_json(silent=True) or {}).get("body")
    if not request.is_json or not isinstance(source, str) or len(source) > 20_000:
        abort(400)
    return jsonify({"html": markdown.render(source)})


@bp.post("/facilitate/courses/<slug>/images")
@facilitator_required
def slide_image_upload(slug):
    """A slide's image, checked and kept; the slide names it when it is saved."""
    _course(slug)
    upload = request.files.get("image")
    if upload is None:
        abort(400)
    try:
        name = images.store_upload(upload.stream.read(
            current_app.config["MAX_SLIDE_IMAGE_BYTES"] + 1))
    except CommandError as err:
        return jsonify(err.as_ack()), 413 if err.code == "too_large" else 400
    return jsonify({"ok": True, "image": name, "url": f"{images.URL}{name}"})


@bp.post("/facilitate/courses/<slug>/decks")
@facilitator_required
def deck_upload(slug):
    """A PDF deck: its pages are rendered and kept, then one course edit (`deck.add`) makes
    them slides. A refusal at any step makes nothing."""
    course = _course(slug)
    upload = request.files.get("deck")
    session_id = request.form.get("session_id", type=int)
    if upload is None or session_id is None:
        abort(400)
    title = (request.form.get("title") or "").strip() or \
        (upload.filename or "").rsplit(".", 1)[0].strip()[:150] or "Deck"
    try:
        pages = decks.page_images(upload.stream.read(current_app.config["MAX_UPLOAD_BYTES"] + 1))
    except CommandError as err:
        return jsonify(err.as_ack()), 413 if err.code == "too_large" else 400
    envelope = {"id": request.form.get("id") or secrets.token_hex(16), "type": "deck.add",
                "data": {"session_id": session_id, "title": title, "pages": pages}}
    return jsonify(dispatch.apply_edit(course.id, dispatch.editor(current_facilitator()),
                                       envelope))


@bp.get(f"{images.URL}<name>")
def slide_image(name):
    """Everyone in a room sees a slide's image: its name is the hash of its content."""
    path = images.path_of(name)
    if path is None:
        abort(404)
    return send_file(path, mimetype="image/png" if name.endswith(".png") else "image/jpeg",
                     max_age=365 * 24 * 3600)


@bp.get("/facilitate/courses/<slug>/export")
@facilitator_required
def course_export(slug):
    course = _course(slug)
    return Response(files.dump(service.export_course(course)), mimetype="application/yaml",
                    headers={"Content-Disposition": f'attachment; filename="{course.slug}.yaml"'})

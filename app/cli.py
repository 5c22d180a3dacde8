"""`flask workshop …`: course files, facilitator accounts, rooms, first-run setup, and
clearing away uploads never handed in."""
import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.core.commands import execute
from app.core.models import Room
from app.core.scopes import Actor
from app.course import files
from app.course import service as course_service
from app.course.models import Course
from app.extensions import db
from app.people import service as people_service
from app.people.views import links
from app.prework import service as prework_service


@click.group(cls=AppGroup)
def workshop():
    """Workshop Room administration."""


@workshop.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_course(path):
    """Load a course file (YAML) into the database."""
    try:
        course = course_service.import_course(files.read(path))
    except files.CourseFileError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Imported {course.slug!r}: {len(course.sessions)} sessions, "
               f"{sum(len(s.items) for s in course.sessions)} agenda items.")


@workshop.command("export")
@click.argument("slug")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
def export_course(slug, output):
    """Write a course as a course file (YAML)."""
    course = db.session.execute(select(Course).where(Course.slug == slug)).scalar_one_or_none()
    if course is None:
        raise click.ClickException(f"No course with slug {slug!r}.")
    output.write(files.dump(course_service.export_course(course)))


@workshop.command("create-facilitator")
@click.option("--email", required=True)
@click.option("--name", default="Facilitator")
@click.password_option()
def create_facilitator(email, name, password):
    """Create a facilitator account, or set a new password for an existing one."""
    try:
        people_service.create_facilitator(email, name, password)
    except ValueError as err:
        raise click.ClickException(str(err)) from err
    click.echo(f"Facilitator {email} can sign in.")


@workshop.command("open-room")
@click.argument("slug")
@click.option("--title", default=None)
def open_room(slug, title):
    """Open a new room (a live run) of a course and print its links."""
    course = db.session.execute(select(Course).where(Course.slug == slug)).scalar_one_or_none()
    if course is None:
        raise click.ClickException(f"No course with slug {slug!r}.")
    _print_links(course_service.open_room(course, title))


@workshop.command("setup")
def setup():
    """First run: load the course files in COURSE_DIR if no course is loaded, open a room,
    create a first facilitator, and print how to get in. Safe to run again."""
    if db.session.execute(select(Course.id).limit(1)).first() is None:
        for path in sorted(Path(current_app.config["COURSE_DIR"]).glob("*.yaml")):
            course = course_service.import_course(files.read(path))
            click.echo(f"Loaded course {course.title!r} from {path.name}.")
    if db.session.execute(select(Room.id).limit(1)).first() is None:
        course = db.session.execute(select(Course).order_by(Course.id)).scalars().first()
        if course is not None:
            course_service.open_room(course)
    if not people_service.has_facilitator():
        password = secrets.token_urlsafe(12)
        people_service.create_facilitator("facilitator@localhost", "Facilitator", password)
        click.echo("\nA first facilitator account was created:")
        click.echo("  e-mail:   facilitator@localhost")
        click.echo(f"  password: {password}")
        click.echo("  (shown once; set another with `flask workshop create-facilitator`)")
    else:
        click.echo(f"\nFacilitators sign in at {current_app.config['PUBLIC_URL']}/signin "
                   "(to set a new password, run `flask workshop create-facilitator --email …`).")
    closed = people_service.close_stale_spans()
    if closed:
        click.echo(f"Closed {closed} attendance spans left open by the last stop.")
    for room in db.session.execute(select(Room).order_by(Room.id)).scalars():
        _print_links(room)


@workshop.command("prune-uploads")
def prune_uploads():
    """Delete uploaded files no submission refers to that are more than a day old (the
    server does this once at start-up too)."""
    removed = prework_service.prune_uploads()
    click.echo(f"Removed {removed} uploads never handed in.")


@workshop.command("erase-participant")
@click.argument("room_id", type=int)
@click.argument("participant_id", type=int)
def erase_participant(room_id, participant_id):
    """Erase a participant's personal data on their request: name, notes' and comments'
    text, answers, private notes, individual submissions and tokens; the event log keeps
    its order with their text taken out, and anonymous counts stay."""
    operator = Actor("operator", None, room_id, "operator")
    ack, _messages = execute(operator, {"id": f"erase-{participant_id}-{secrets.token_hex(4)}",
                                       "type": "participant.erase",
                                       "data": {"participant_id": participant_id}})
    if not ack["ok"]:
        raise click.ClickException(ack["error"]["message"])
    click.echo(f"Erased participant {participant_id} of room {room_id}. Open consoles show "
               "it on their next snapshot (a reload).")


def _print_links(room: Room) -> None:
    with current_app.test_request_context():
        room_links = links(room)
    click.echo(f"\nRoom {room.title!r} — join code {room.join_code}")
    click.echo(f"  facilitator console: {room_links['console']}")
    click.echo(f"  participants join:   {room_links['join']}")
    click.echo(f"  projector:           {room_links['projector']}")
    click.echo(f"  co-facilitator invitation: {room_links['cohost']}")
    sys.stdout.flush()

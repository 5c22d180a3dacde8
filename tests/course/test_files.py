"""Course files: the reference course, errors that name line and field, round trips, CLI."""
import re

import pytest
import sqlalchemy as sa
import yaml

from app import boards  # noqa: F401  (reads the board: block at import)
from app.core.models import Room
from app.course import files
from app.course import service as course_service
from app.course.files import CourseFileError
from app.course.models import KINDS, AgendaItem, Course
from app.extensions import db
from app.people import service as people_service
from app.people.models import Facilitator
from tests.support import (
    PASSWORD,
    REFERENCE_COURSE,
    TINY_COURSE,
    count,
    dispose,
    make_app,
)


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing fragment."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if fragment in line]
    return hits[occurrence - 1]


def error_of(text: str) -> str:
    with pytest.raises(CourseFileError) as caught:
        files.parse(text, "course.yaml")
    return str(caught.value)


# --------------------------------------------------------------------------- reading

def test_the_reference_course_loads():
    data = files.read(REFERENCE_COURSE)
    assert data["course"]["slug"] == "innovation-digital-government"
    assert len(data["sessions"]) == 5
    kinds = {item["kind"] for s in data["sessions"] for item in s["items"]}
    assert kinds <= set(KINDS)
    assert {"slide", "poll", "board", "breakout"} <= kinds
    for session in data["sessions"]:
        assert session["title"] and session["items"]
    ids = [i["id"] for s in data["sessions"] for i in s["items"] if "id" in i]
    assert len(ids) == len(set(ids))


def test_the_tiny_course_loads_with_defaults():
    data = files.parse(TINY_COURSE)
    assert data["course"]["language"] == "en" and data["course"]["description"] == ""
    assert data["sessions"][0]["minutes"] == 120
    assert data["sessions"][1]["minutes"] == 60
    poll = data["sessions"][0]["items"][1]
    assert poll["poll"] == {"options": ["a", "b"]} and poll["minutes"] == 0


CASES = [
    # (name, edit, line fragment, occurrence, field path, words in the message)
    ("missing field", lambda t: t.replace("        title: Hello\n", ""),
     "- kind: slide", 1, "sessions[0].items[0].title", "Missing data"),
    ("wrong type", lambda t: t.replace("minutes: 2", "minutes: two"),
     "minutes: two", 1, "sessions[0].items[0].minutes", "integer"),
    ("quoted number", lambda t: t.replace("minutes: 60", "minutes: '60'"),
     "minutes: '60'", 1, "sessions[1].minutes", "integer"),
    ("unknown key", lambda t: t.replace("        minutes: 2\n",
                                        "        minutes: 2\n        colour: red\n"),
     "colour: red", 1, "sessions[0].items[0].colour", "Unknown field"),
    ("unknown top-level key", lambda t: t + "theme: dark\n",
     "theme: dark", 1, "theme", "Unknown field"),
    ("duplicate id", lambda t: t.replace("id: p1", "id: intro"),
     "id: intro", 2, "sessions[0].items[1].id", "used twice"),
    ("block of another kind", lambda t: t.replace("kind: poll", "kind: slide"),
     "poll:", 1, "sessions[0].items[1].poll", "Only a poll item"),
    ("unknown kind", lambda t: t.replace("kind: board", "kind: video"),
     "kind: video", 1, "sessions[1].items[0].kind", "one of"),
    ("bad slug", lambda t: t.replace("slug: tiny", "slug: Tiny Course"),
     "slug: Tiny Course", 1, "course.slug", "lower-case"),
    ("no items", lambda t: t.replace(
        "    items:\n      - kind: board\n        title: Board\n        board: {columns: [x]}\n",
        "    items: []\n"),
     "items: []", 1, "sessions[1].items", "Length"),
    ("title too long", lambda t: t.replace("title: Board", "title: " + "B" * 201),
     "title: BBB", 1, "sessions[1].items[0].title", "Length"),
]


def board_block(*lines: str):
    """An edit that gives the tiny course's board these settings, one per line."""
    block = "".join(f"          {line}\n" for line in lines)
    return lambda t: t.replace("        board: {columns: [x]}\n", f"        board:\n{block}")


BOARD = "sessions[1].items[0].board"
CASES += [
    ("board: unknown key", board_block("columns: [x]", "colour: red"),
     "colour: red", 1, f"{BOARD}.colour", "Unknown field"),
    ("board: unknown key inline", lambda t: t.replace("{columns: [x]}", "{colums: [x]}"),
     "board: {colums", 1, f"{BOARD}.colums", "Unknown field"),
    ("board: wrong type", board_block("dot_votes: three"),
     "dot_votes: three", 1, f"{BOARD}.dot_votes", "integer"),
    ("board: quoted number", board_block("note_limit: '1'"),
     "note_limit: '1'", 1, f"{BOARD}.note_limit", "integer"),
    ("board: text limit too small", board_block("text_limit: 5"),
     "text_limit: 5", 1, f"{BOARD}.text_limit", "greater than or equal to 10"),
    ("board: text limit too large", board_block("text_limit: 5000"),
     "text_limit: 5000", 1, f"{BOARD}.text_limit", "less than or equal to 2000"),
    ("board: no dots", board_block("dot_votes: 0"),
     "dot_votes: 0", 1, f"{BOARD}.dot_votes", "greater than or equal to 1"),
    ("board: cap above the dots", board_block("dot_votes: 2", "vote_cap: 3"),
     "vote_cap: 3", 1, f"{BOARD}.vote_cap", "More than the dot votes"),
    ("board: phase flag not a boolean", board_block("private_until_reveal: sometimes"),
     "private_until_reveal", 1, f"{BOARD}.private_until_reveal", "boolean"),
    ("board: too many columns", board_block(f"columns: {list('abcdefghijklm')}"),
     "columns: [", 1, f"{BOARD}.columns", "maximum length 12"),
    ("board: column title too long", board_block("columns: [ok, " + "c" * 121 + "]"),
     "columns: [ok", 1, f"{BOARD}.columns[1]", "Length"),
    ("board: columns not a list", board_block("columns: Yes"),
     "columns: Yes", 1, f"{BOARD}.columns", "Not a valid list"),
    ("board: block not a mapping", lambda t: t.replace("{columns: [x]}", "[x]"),
     "board: [x]", 1, BOARD, "Not a valid mapping"),
]


@pytest.mark.parametrize(("edit", "fragment", "occurrence", "path", "words"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_an_error_names_its_line_and_field(edit, fragment, occurrence, path, words):
    text = edit(TINY_COURSE)
    message = error_of(text)
    expected_line = line_of(text, fragment, occurrence)
    assert f"course.yaml: line {expected_line}, {path}: " in message, message
    assert words.lower() in message.lower()


def test_every_problem_is_listed():
    text = TINY_COURSE.replace("minutes: 2", "minutes: two").replace("kind: board", "kind: x")
    problems = error_of(text).splitlines()
    assert len(problems) == 2
    assert any("sessions[0].items[0].minutes" in p for p in problems)
    assert any("sessions[1].items[0].kind" in p for p in problems)


def test_a_board_block_reads_as_its_board_opens():
    """Bare Yes / No columns are YAML booleans: accepted, and read as the words."""
    text = board_block("columns: [Yes, No]", "dot_votes: 5", "vote_cap: 5", "text_limit: 10",
                       "hide_votes: true")(TINY_COURSE)
    block = files.parse(text)["sessions"][1]["items"][0]["board"]
    assert block["columns"] == [True, False], "stored as written: the export keeps it"
    assert boards.schemas.read_block(block, "Board")["columns"] == ["Yes", "No"]


def test_bad_yaml_names_the_line():
    text = TINY_COURSE.replace("  - title: Two", "  - title: Two: : [")
    message = error_of(text)
    assert "not valid YAML" in message
    assert f"line {line_of(text, 'title: Two: : [')}" in message


@pytest.mark.parametrize("text", ["", "just text", "- a\n- b\n", "42"])
def test_a_file_that_is_not_a_mapping_is_refused(text):
    assert "line 1" in error_of(text)


def test_read_names_the_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text(TINY_COURSE.replace("minutes: 2", "minutes: two"), encoding="utf-8")
    with pytest.raises(CourseFileError, match=re.escape(str(path)) + r": line 10, "):
        files.read(path)


# --------------------------------------------------------------------------- round trip

def test_export_dump_parse_import_round_trips(app, course, tmp_path):
    with app.app_context():
        exported = course_service.export_course(db.session.get(Course, course.id))
        text = files.dump(exported)
        db.session.remove()
    assert exported["sessions"][0]["items"][0]["kind"] == "slide"
    assert exported.get("assessments"), "the course's extra blocks are kept"

    fresh = make_app(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        with fresh.app_context():
            db.create_all()
            imported = course_service.import_course(files.parse(text))
            again = course_service.export_course(imported)
            assert len(imported.sessions) == 5
            bodies = {(i.key, i.title): i.body_html for s in imported.sessions for i in s.items}
            db.session.remove()
    finally:
        dispose(fresh)
    assert again == exported
    assert files.dump(again) == text
    with app.app_context():
        originals = {(i.key, i.title): i.body_html
                     for i in db.session.execute(sa.select(AgendaItem)).scalars()}
    assert bodies == originals


def test_importing_a_slug_twice_is_refused(app, course, reference_data):
    with app.app_context(), pytest.raises(CourseFileError, match="already loaded"):
        course_service.import_course(reference_data)
    assert count(app, Course) == 1


# --------------------------------------------------------------------------- CLI

@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        with app.app_context():
            try:
                return runner.invoke(args=["workshop", *args], input=input)
            finally:
                db.session.remove()

    return invoke


def test_cli_import_and_export(app, cli, tmp_path):
    result = cli("import", str(REFERENCE_COURSE))
    assert result.exit_code == 0, result.output
    assert "5 sessions" in result.output
    assert count(app, Course) == 1

    out = tmp_path / "out.yaml"
    result = cli("export", "innovation-digital-government", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert files.parse(out.read_text(encoding="utf-8")) == files.read(REFERENCE_COURSE)

    result = cli("export", "innovation-digital-government")
    assert yaml.safe_load(result.output)["course"]["slug"] == "innovation-digital-government"


def test_cli_import_errors(app, cli, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(TINY_COURSE.replace("kind: board", "kind: video"), encoding="utf-8")

    result = cli("import", str(broken))
    assert result.exit_code == 1
    assert "line 19, sessions[1].items[0].kind" in result.output

    broken.write_text(board_block("columns: [x]", "text_limit: 5")(TINY_COURSE),
                      encoding="utf-8")
    result = cli("import", str(broken))
    assert result.exit_code == 1
    assert "line 23, sessions[1].items[0].board.text_limit: Must be greater" in result.output
    assert count(app, Course) == 0 and count(app, AgendaItem) == 0

    result = cli("import", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2  # click: the path does not exist

    tiny = tmp_path / "tiny.yaml"
    tiny.write_text(TINY_COURSE, encoding="utf-8")
    assert cli("import", str(tiny)).exit_code == 0
    result = cli("import", str(tiny))
    assert result.exit_code == 1 and "already loaded" in result.output
    assert count(app, Course) == 1


def test_cli_export_of_an_unknown_course_fails(cli):
    result = cli("export", "nope")
    assert result.exit_code == 1 and "No course with slug 'nope'" in result.output


def test_cli_open_room(app, cli, course):
    result = cli("open-room", course.slug, "--title", "Cohort 7")
    assert result.exit_code == 0, result.output
    with app.app_context():
        room = db.session.execute(sa.select(Room)).scalar_one()
        assert room.title == "Cohort 7"
        code = room.join_code
    assert f"join code {code}" in result.output
    assert f"/join?code={code}" in result.output
    assert "/projector/" in result.output and "/cohost/" in result.output

    result = cli("open-room", "nope")
    assert result.exit_code == 1 and "No course" in result.output
    assert count(app, Room) == 1


def test_cli_create_facilitator(app, cli):
    result = cli("create-facilitator", "--email", "Ada@Example.org", "--name", "Ada",
                 "--password", PASSWORD)
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert people_service.check_password("ada@example.org", PASSWORD).name == "Ada"

    result = cli("create-facilitator", "--email", "bo@example.org", "--password", "short")
    assert result.exit_code == 1 and "at least 10" in result.output
    assert count(app, Facilitator) == 1

    # prompted, with confirmation
    result = cli("create-facilitator", "--email", "cy@example.org",
                 input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert count(app, Facilitator) == 2


def test_cli_setup_is_safe_to_run_again(app, cli):
    result = cli("setup")
    assert result.exit_code == 0, result.output
    assert "Loaded course" in result.output
    password = re.search(r"password: (\S+)", result.output).group(1)
    with app.app_context():
        assert people_service.check_password("facilitator@localhost", password) is not None
    assert count(app, Course) == 1 and count(app, Room) == 1 and count(app, Facilitator) == 1

    result = cli("setup")
    assert result.exit_code == 0, result.output
    assert "Loaded course" not in result.output and "password:" not in result.output
    assert count(app, Course) == 1 and count(app, Room) == 1 and count(app, Facilitator) == 1
    assert "join code" in result.output


def test_cli_commands_push_their_own_app_context(app):
    """Found as a bug (a plain click.group got no app context from app.test_cli_runner())."""
    result = app.test_cli_runner().invoke(args=["workshop", "export", "nope"])
    assert "No course with slug" in result.output


def test_cli_does_not_fail_without_a_course_dir(app, tmp_path):
    app.config["COURSE_DIR"] = str(tmp_path / "empty")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["workshop", "setup"])
        db.session.remove()
    assert result.exit_code == 0, result.output
    assert count(app, Course) == 0 and count(app, Room) == 0
    assert count(app, Facilitator) == 1


# --------------------------------------------------------------------------- hostile files

BILLION_LAUGHS = "\n".join(
    ["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"]
    + [f"{chr(98 + n)}: &{chr(98 + n)} [{','.join(['*' + chr(97 + n)] * 9)}]" for n in range(8)]
    + ["course: *i", "sessions: []"])


def test_a_yaml_alias_bomb_is_refused_before_it_expands():
    assert len(BILLION_LAUGHS) < 1024
    message = error_of(BILLION_LAUGHS)
    assert "line 2: YAML aliases (*a) are not allowed" in message


def test_the_reference_course_needs_no_alias_and_exports_without_one(reference_data):
    shared = {"title": "Same", "minutes": 5}
    text = files.dump({"course": shared, "sessions": [shared]})
    assert "*" not in text and "&" not in text
    files.parse(REFERENCE_COURSE.read_text(encoding="utf-8"))  # no alias in it


def test_a_course_file_over_the_size_limit_is_refused(app, cli, tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text(TINY_COURSE + "#" + "x" * app.config["MAX_COURSE_BYTES"], encoding="utf-8")
    result = cli("import", str(big))
    assert result.exit_code == 1
    assert "a course file may have at most 2,097,152 (WORKSHOP_MAX_COURSE_BYTES)" in result.output
    assert count(app, Course) == 0
    with app.app_context(), pytest.raises(CourseFileError, match="at most"):
        files.parse(big.read_text(encoding="utf-8"))

"""Every route with an id in its URL, as an attacker fills it in: a number no database
column holds is a 404 before any driver sees it (SQLite raised OverflowError at 2**63)."""
import re

from tests.support import sign_in

HOSTILE_IDS = [str(2**31), str(2**63), str(2**64), "9" * 40, "-1", "-9223372036854775808",
               "1e3", "0x10"]


def id_routes(application) -> list[tuple[str, str, list[str]]]:
    """(method, rule, names of its int parts) of every route that takes an id."""
    found = []
    for rule in application.url_map.iter_rules():
        names = [name for name, converter in rule._converters.items()
                 if converter.regex == r"\d+"]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if names:
                found.append((method, rule.rule, names))
    return found


def fill(rule: str, hostile: str, value: str) -> str:
    """The rule's URL with `hostile` in its part of that name, 1 in the others."""
    def part(match):
        name = match.group(2)
        return value if name == hostile else ("1" if match.group(1) == "int" else "x")

    return re.sub(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", part, rule)


def test_ids_past_any_column_are_not_found_on_every_route(app, course, room, facilitator):
    routes = id_routes(app)
    assert len(routes) >= 10  # the facilitator pages, slides, uploads, exports …
    http = sign_in(app, facilitator)
    for method, rule, names in routes:
        for name in names:
            for value in HOSTILE_IDS:
                url = fill(rule, name, value)
                response = http.open(url, method=method)
                assert response.status_code == 404, (method, url, response.status_code)
                response.close()


def test_an_id_in_range_still_reaches_its_page(app, course, room, facilitator):
    http = sign_in(app, facilitator)
    assert http.get(f"/facilitate/{room.id}").status_code == 200
    assert http.get(f"/facilitate/{2**31 - 1}").status_code == 404  # no such room, no error

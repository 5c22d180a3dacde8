"""Reading and writing course files, with errors that name the line and field."""
from pathlib import Path

import yaml
from flask import current_app, has_app_context
from marshmallow import ValidationError

from app.course.schemas import CourseFileSchema

#: WORKSHOP_MAX_COURSE_BYTES outside an app (the reference course is about 90 KB)
MAX_COURSE_BYTES = 2 * 1024 * 1024


class CourseFileError(ValueError):
    """A course file that cannot be loaded; the message lists every problem with its line."""


def _lines(node, path=()) -> dict[tuple, int]:
    """Map each path in the YAML document to its 1-based line number."""
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines[path + (key.value,)] = key.start_mark.line + 1
            lines.update({k: v for k, v in _lines(value, path + (key.value,)).items()
                          if k != path + (key.value,)})
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            lines.update(_lines(value, path + (index,)))
    return lines


def flatten(messages, path=()):
    """(path, message) pairs of a marshmallow error dict, e.g. (('poll', 'options'), …)."""
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from flatten(value, path + (key,))
    elif isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        yield path, " ".join(messages)
    else:
        yield path, str(messages)


def _where(path: tuple, lines: dict) -> str:
    name = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    probe = path
    while probe not in lines and probe:
        probe = probe[:-1]
    return f"line {lines.get(probe, 1)}, {name or 'document'}"


def _max_bytes() -> int:
    return current_app.config["MAX_COURSE_BYTES"] if has_app_context() else MAX_COURSE_BYTES


def _refuse_large(size: int, name: str) -> None:
    limit = _max_bytes()
    if size > limit:
        raise CourseFileError(f"{name}: the file is {size:,} bytes; a course file may have at "
                              f"most {limit:,} (WORKSHOP_MAX_COURSE_BYTES)")


def _refuse_aliases(text: str, name: str) -> None:
    """The course format has no use for YAML anchors and aliases, and a few aliases of
    aliases ("billion laughs") expand 1 KB into gigabytes: refuse them before anything
    is built from the document."""
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise CourseFileError(f"{name}: line {event.start_mark.line + 1}: YAML aliases "
                                  f"(*{event.anchor}) are not allowed in a course file")


def parse(text: str, name: str = "<course>") -> dict:
    """Validate a course file's text and return its loaded data."""
    _refuse_large(len(text.encode("utf-8")), name)
    try:
        _refuse_aliases(text, name)
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise CourseFileError(f"{name}: not valid YAML: {err}") from err
    if not isinstance(raw, dict) or node is None:
        raise CourseFileError(f"{name}: line 1: expected a mapping with course and sessions")
    try:
        return CourseFileSchema().load(raw)
    except ValidationError as err:
        lines = _lines(node)
        problems = [f"{name}: {_where(path, lines)}: {message}"
                    for path, message in flatten(err.messages)]
        raise CourseFileError("\n".join(problems)) from err


def read(path: Path) -> dict:
    _refuse_large(Path(path).stat().st_size, str(path))
    return parse(Path(path).read_text(encoding="utf-8"), str(path))


class _Dumper(yaml.SafeDumper):
    """Writes a value twice rather than as an alias, which parse() would refuse."""

    def ignore_aliases(self, data):
        return True


#: characters YAML reads as line breaks even inside a plain scalar: a text holding one is
#: written double-quoted, where they are escaped, so it reads back as it was
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


def _text(dumper: yaml.SafeDumper, value: str):
    if any(ch in value for ch in _YAML_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _text)


def dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)

"""Import rules: every package of app/ sits in a layer and imports only from layers below
its own, never from its own layer's other packages nor from above. So core knows no domain,
people/course/teams/exports are only ever imported downward, and no two packages import
each other. Domains that must hear of each other's changes use core's signals.
docs/architecture.md ("Layers") states the same order; change both together."""
import ast
from pathlib import Path

from app.config import ROOT

#: lowest first; the packages (or top-level modules) of app/ in each layer
LAYERS = [
    {"config", "extensions"},  # settings, the Flask extensions
    {"assets"},  # the built static files and their names
    {"i18n"},  # the browser's messages, a static file per language
    {"core"},  # the spine: log, commands, scopes, snapshot/sync, fan-out, sockets, signals
    {"people"},
    {"course"},
    {"teams", "settings"},  # settings: which live tools a room has on
    {"assessment", "boards", "chat", "plenary", "polls", "prework"},
    # team boards in a breakout; slides handed in as pre-work; questions share the
    # plenary's live counts
    {"breakouts", "presentations", "questions"},
    {"exports"},  # reports across domains
    {"cli"},  # the command line
    {"__init__"},  # create_app: puts it all together
]
LAYER_OF = {package: number for number, layer in enumerate(LAYERS) for package in layer}
APP = ROOT / "app"


def package_of(path: Path) -> str:
    """app/teams/service.py -> teams; app/cli.py -> cli."""
    parts = path.relative_to(APP).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def imported(tree: ast.AST):
    """(line, package of app) for every import of app, at the top or inside a function."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("app."):
                    yield node.lineno, alias.name.split(".")[1]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "app":
                yield from ((node.lineno, alias.name) for alias in node.names)
            elif node.module.startswith("app."):
                yield node.lineno, node.module.split(".")[1]


def forbidden_imports() -> list[str]:
    found = []
    for path in sorted(APP.rglob("*.py")):
        here = package_of(path)
        if here not in LAYER_OF:
            found.append(f"{path.relative_to(ROOT)}: package {here} is in no layer")
            continue
        for line, there in imported(ast.parse(path.read_text(encoding="utf-8"))):
            if there == here:
                continue
            if there not in LAYER_OF:
                found.append(f"{path.relative_to(ROOT)}:{line}: imports {there}, in no layer")
            elif LAYER_OF[there] >= LAYER_OF[here]:
                found.append(f"{path.relative_to(ROOT)}:{line}: {here} (layer {LAYER_OF[here]}) "
                             f"imports {there} (layer {LAYER_OF[there]})")
    return found


def test_every_import_goes_down_a_layer():
    assert forbidden_imports() == []


def test_the_layers_name_every_package_once():
    names = [package for layer in LAYERS for package in layer]
    assert len(names) == len(set(names))
    present = {package_of(p) for p in APP.rglob("*.py")}
    assert set(names) == present

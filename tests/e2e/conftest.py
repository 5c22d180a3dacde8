"""Browser tests: Debian's Chromium driven by Playwright against the real server process.

Without /usr/bin/chromium the browser tests are skipped on a developer's machine and fail on
CI (CI is set there): a skipped browser test on CI would hide a missing install step.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:  # tests/, for serverproc
    sys.path.insert(0, str(HERE.parent))

import serverproc  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BUNDLES = ("participant.js", "console.js", "projector.js", "join.js", "editor.js", "app.css")


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (on CI a skipped browser test is a failure)", pytrace=False)
    pytest.skip(reason)


def _ensure_bundles() -> None:
    manifest = serverproc.ROOT / "static" / "dist" / "manifest.json"
    if manifest.exists() and set(BUNDLES) <= set(json.loads(manifest.read_text())):
        return
    npm = shutil.which("npm")
    if npm is None or not (serverproc.ROOT / "node_modules").exists():
        _missing("static/dist is not built and npm or node_modules is missing (make assets)")
    subprocess.run([npm, "run", "-s", "build"], cwd=serverproc.ROOT, check=True, timeout=120)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} is missing (apt-get install chromium)")
    _ensure_bundles()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """One real server (eventlet, SQLite) per module, stopped whatever happens."""
    with serverproc.running_server(tmp_path_factory.mktemp("e2e"), "eventlet") as running:
        yield running



@pytest.fixture(autouse=True)
def accessible():
    """After every browser test, axe-core on every page still open: nothing critical or serious."""
    yield
    from steps import OPEN_DEVICES, assert_accessible

    assert_accessible(*OPEN_DEVICES)

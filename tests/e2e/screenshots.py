"""Screenshots of what people see at each stage of Session 1 (`make screenshots`): the console
at 1366×768, the projector at 1920×1080, a phone at 360×740 and a laptop, written as
<stage>-<screen>.png into the folder given (default screenshots/, ignored by git).

The walk is the cockpit test's (tests/e2e/walk.py), on a real server and Debian's Chromium.
"""
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

import serverproc  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402
from steps import Devices, Dialogs  # noqa: E402
from walk import open_screens, settle, walk  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    expect.set_options(timeout=15_000)
    with tempfile.TemporaryDirectory() as workdir, \
            serverproc.running_server(Path(workdir)) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            with Devices(browser, Dialogs(accept=True)) as devices:
                screens = open_screens(devices, server)
                for stage in walk(screens):
                    settle(screens)
                    for name, page in screens.named().items():
                        page.screenshot(path=out / f"{stage}-{name}.png",
                                        full_page=name in ("phone", "laptop"))
                    print(stage)
        finally:
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))

"""PDF pages as PNG images, rendered in worker processes with a time and a pixel budget.

pdfium holds the process while it draws: one page of 400,000 curves took 18 s, and every
socket and `/healthz` waited. Here a page is drawn by a worker process (a fresh
interpreter running pdfworker.py, sharing nothing with the server's event loop), and the
server only polls its pipe, sleeping with `socketio.sleep` in between: in eventlet,
gevent and threading mode alike the rest of the server runs meanwhile. A page that needs
more than WORKSHOP_PDF_RENDER_SECONDS, more pixels than WORKSHOP_PDF_PAGE_PIXELS, or more
memory than WORKSHOP_PDF_RENDER_MEMORY_MB is `OverBudget`: the worker drawing it is
killed and replaced, and callers show "cannot be displayed" (the original stays
downloadable).

`render_page(path, page, width)` is the one entry point, for team slides and slide decks.
"""
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from flask import current_app

from app.extensions import socketio

#: how often a waiting request looks at the worker's pipe
_POLL_SECONDS = 0.02
#: the worker: a script of its own, so that it imports nothing of the server
_WORKER = Path(__file__).with_name("pdfworker.py")
#: how long a new worker may take to start (not counted in a page's budget)
_START_SECONDS = 30


#: pdfium is not thread-safe: one parse at a time per process (pages are drawn elsewhere)
_PDFIUM = threading.Lock()


def page_count(content: bytes) -> int:
    """How many pages a PDF held in memory has (a parse, not a drawing: cheap); raises
    pdfium's PdfiumError for a damaged or fake one."""
    import pypdfium2 as pdfium

    with _PDFIUM:
        pdf = pdfium.PdfDocument(content)
        try:
            return len(pdf)
        finally:
            pdf.close()


@dataclass(frozen=True)
class OverBudget:
    """A page that cannot be displayed, and why: "time", "pixels", "memory" or "unreadable"."""

    reason: str


def render_page(pdf_path, page: int, width: int, height: int | None = None) -> bytes | OverBudget:
    """The PNG of one page (1-based) of the PDF at `pdf_path`, scaled to `width` pixels
    (and at most `height`), or why it cannot be displayed."""
    config = current_app.config
    if width < 1:
        return OverBudget("pixels")
    pool = current_app.extensions.setdefault("workshop.pdfpages", Renderers())
    request = (str(pdf_path), page, width, height or 2 * width, config["PDF_PAGE_PIXELS"])
    return pool.render(request,
                       config["PDF_RENDER_SECONDS"], config["PDF_RENDER_WORKERS"],
                       config["PDF_RENDER_MEMORY_MB"])


class Renderers:
    """Idle worker processes of one server process, started when first needed."""

    def __init__(self):
        self._idle: list[_Worker] = []
        self._busy = 0
        self._lock = threading.Lock()

    def render(self, request: tuple, budget: float, most: int, memory_mb: int):
        worker = self._take(most, memory_mb)
        try:
            outcome = worker.ask(request, budget)
        except BaseException:
            worker.stop()
            self._give_back(None)
            raise
        self._give_back(worker if worker.alive else None)
        return outcome

    def _take(self, most: int, memory_mb: int) -> "_Worker":
        """An idle worker, a new one if fewer than `most` run, else wait for one."""
        while True:
            with self._lock:
                if self._idle:
                    self._busy += 1
                    return self._idle.pop()
                if self._busy < most:
                    self._busy += 1
                    break
            socketio.sleep(_POLL_SECONDS)
        try:
            return _Worker(memory_mb)
        except BaseException:
            self._give_back(None)
            raise

    def _give_back(self, worker: "_Worker | None") -> None:
        with self._lock:
            self._busy -= 1
            if worker is not None:
                self._idle.append(worker)

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()


class _Worker:
    """One worker process and the server's ends of its pipes."""

    def __init__(self, memory_mb: int):
        self.process = subprocess.Popen(
            [sys.executable, str(_WORKER), str(memory_mb)], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE)
        self.requests = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()
        self.alive = True
        # starting an interpreter and pdfium is not the page's time: wait for "ready"
        if self._wait(_START_SECONDS) is not None or self.answers.recv() != "ready":
            self.stop()
            raise RuntimeError("the PDF page worker did not start")

    def _wait(self, seconds: float) -> OverBudget | None:
        """Until the worker has something to say; why not, if it ends or runs out of time."""
        deadline = time.monotonic() + seconds
        while not self.answers.poll(0):
            if self.process.poll() is not None:  # ended by its memory limit
                self.stop()
                return OverBudget("memory")
            if time.monotonic() > deadline:
                self.stop()
                return OverBudget("time")
            socketio.sleep(_POLL_SECONDS)
        return None

    def ask(self, request: tuple, budget: float):
        self.requests.send(request)
        refused = self._wait(budget)
        if refused is not None:
            return refused
        try:
            kind, value = self.answers.recv()
        except EOFError:  # it died while answering
            self.stop()
            return OverBudget("memory")
        return value if kind == "png" else OverBudget(value)

    def stop(self) -> None:
        self.alive = False
        self.process.kill()
        self.process.wait()
        self.requests.close()
        self.answers.close()

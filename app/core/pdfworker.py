"""The PDF page worker (see pdfpages.py): a script run by path with the same interpreter,
importing only pdfium and Pillow. It reads (path, page, width, height, pixels) requests
on stdin and answers ("png", bytes) or ("over", reason) on stdout, under a memory limit."""
import io
import os
import sys
from multiprocessing.connection import Connection


def serve(memory_mb: int) -> None:
    """The worker process: answer render requests on stdin/stdout until stdin closes."""
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    requests = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a stray print must not corrupt the answers
    import pypdfium2  # noqa: F401  (loaded before "ready": not part of any page's time)
    answers.send("ready")
    while True:
        try:
            request = requests.recv()
        except (EOFError, OSError):
            return
        try:
            answer = draw(*request)
        except MemoryError:
            answer = ("over", "memory")
        except Exception:  # a file gone or odd in a way pdfium does not name
            answer = ("over", "unreadable")
        answers.send(answer)


def draw(path: str, page: int, width: int, height: int, pixels: int) -> tuple[str, object]:
    """("png", bytes) of the page fitted in width × height, or ("over", reason)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        if not 1 <= page <= len(pdf):
            return "over", "unreadable"
        sheet = pdf[page - 1]
        points_wide, points_high = sheet.get_size()
        scale = min(width / max(points_wide, 1), height / max(points_high, 1))
        if round(points_wide * scale) * round(points_high * scale) > pixels:
            return "over", "pixels"
        image = sheet.render(scale=scale).to_pil()
        sheet.close()
    except pdfium.PdfiumError:
        return "over", "unreadable"
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return "png", out.getvalue()


if __name__ == "__main__":
    serve(int(sys.argv[1]))

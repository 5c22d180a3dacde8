"""CSV that spreadsheets open safely: every export writes its tables through here."""
import csv
import io

from flask import Response

#: a cell starting with one of these runs as a formula in a spreadsheet
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return out.getvalue()


def csv_response(filename: str, columns: list[str], rows: list[dict]) -> Response:
    return Response(csv_text(columns, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})

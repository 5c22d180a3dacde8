"""What the real server does once when it starts: uploads left a day without a submission
are removed (tests/prework/test_prune.py has the rules on both databases)."""
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
import serverproc

pytestmark = pytest.mark.server


def test_start_up_removes_uploads_never_handed_in(tmp_path):
    server = serverproc.ServerProcess(tmp_path)
    try:
        room = server.prepare()
        folder = server.instance / "uploads" / str(room.id)
        folder.mkdir(parents=True)
        moment = datetime.now(UTC).replace(tzinfo=None)
        ages = {"a" * 32: timedelta(days=2), "b" * 32: timedelta(hours=1)}
        with contextlib.closing(sqlite3.connect(server.instance / "workshop.db")) as conn:
            person = conn.execute("INSERT INTO participant (room_id, name, joined_at) "
                                  "VALUES (?, 'Ana', ?)", (room.id, str(moment))).lastrowid
            for name, age in ages.items():
                (folder / name).write_bytes(b"%PDF-1.4")
                conn.execute("INSERT INTO upload (room_id, participant_id, stored, kind, size, "
                             "name, created_at) VALUES (?, ?, ?, 'pdf', 8, 'x.pdf', ?)",
                             (room.id, person, name, str(moment - age)))
            conn.commit()
        server.start()
        assert "Removed 1 uploads never handed in." in server.log_tail()
        assert sorted(p.name for p in folder.iterdir()) == ["b" * 32]
        assert server.query("SELECT stored FROM upload") == [("b" * 32,)]
    finally:
        server.stop()

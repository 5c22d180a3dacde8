"""The Python reference reducer on the cases the browser's store.js is tested on too
(static/test/store.test.js reads the same file), so the two apply events alike."""
import json
from pathlib import Path

import pytest

from tests.support import apply_events

CASES = json.loads((Path(__file__).resolve().parents[2] / "static" / "test" / "reducer-cases.json")
                   .read_text())["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_reference_reducer_matches_the_shared_cases(case):
    snapshot = case["snapshot"]
    folded = apply_events(snapshot["state"], case["events"], since=snapshot["seq"])
    assert folded == case["expected"]


def test_the_snapshot_it_starts_from_is_left_alone():
    case = CASES[0]
    before = json.dumps(case["snapshot"])
    apply_events(case["snapshot"]["state"], case["events"], since=case["snapshot"]["seq"])
    assert json.dumps(case["snapshot"]) == before

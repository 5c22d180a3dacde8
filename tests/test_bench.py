"""The benchmark's own parts: the dispatcher CPU measurement on a real instance, and the
table's ratios to the floor of the same mode."""
import json
import subprocess
import sys

from bench.__main__ import percentile, summary, table
from bench.servers import ROOT


def test_the_cpu_bench_times_real_commands_and_reconnects_of_a_fresh_instance():
    done = subprocess.run([sys.executable, "-m", "bench.cpu", "--participants", "5"],
                          cwd=ROOT, check=True, capture_output=True, text=True, timeout=90)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(figures) == {"participant.join", "agenda.next", "poll.answer",
                            "poll.answer together", "reconnect", "arrival"}
    # a command or reconnect that did no database work would take microseconds, not hundreds
    assert all(50 < value < 100_000 for value in figures.values()), figures


def test_percentiles_pick_the_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 51 and percentile(values, 99) == 99
    assert summary([3.0, 1.0, 2.0]) == {"p50": 2.0, "p99": 3.0, "n": 3}


def _figures(fanout_p99: float, kib: float, **extra) -> dict:
    return {"join_ms": summary([10.0, 20.0]), "fanout_ms": {"p50": 1.0, "p99": fanout_p99},
            "vote_ack_ms": {"p50": 1.0, "p99": 10.0}, "resync_s": 1.0,
            "kib_per_client": kib, "join_retries": 0, "resync_retries": 0, **extra}


def test_the_table_gives_ours_as_ratios_to_its_own_mode_and_the_node_floor_none():
    results = {
        "eventlet": {"floor": _figures(100.0, 50.0),
                     "ours": _figures(150.0, 65.0, joined_stored=2, votes_acked=2,
                                      votes_stored=2, vote_retries=1, resync_missed=0,
                                      join_cpu_ms=9.0, vote_cpu_ms=1.2, resync_cpu_ms=3.1,
                                      answer_cpu_us=500.0, answer_together_cpu_us=200.0,
                                      reconnect_cpu_us=1500.0)},
        "node": {"floor": _figures(30.0, 20.0)},
    }
    rows = {tuple(cell.strip() for cell in line.split("|")[1:3]): line
            for line in table(results).splitlines()[2:]}
    ours, node = rows[("eventlet", "ours")], rows[("node", "floor")]
    assert "| 1.0 / 150.0 | 1.50 |" in ours and ours.endswith("| 65.0 | 1.30 |")
    assert "| 2 / 2 (0) |" in ours and "| 2 / 2 (1) |" in ours and "| 1.0 (0) | 0 |" in ours
    assert "| 9.0 / 1.2 / 3.1 | 500.0 / 200.0 / 1500.0 |" in ours
    assert "| 1.0 / 30.0 | – |" in node and node.endswith("| 20.0 | – |")


def test_the_live_tools_scenario_tabulates_quiet_and_loud_side_by_side():
    from bench import live

    result = {"participants": 300, "quiet_fanout_ms": {"p50": 20.0, "p99": 40.0, "n": 80},
              "loud_fanout_ms": {"p50": 24.0, "p99": 52.0, "n": 78}, "p50_ratio": 1.2,
              "p99_ratio": 1.3, "crowd_ack_ms": {"p50": 9.0, "p99": 60.0, "n": 1196},
              "aggregates_per_client_s": 7.5}
    assert live.table(result).splitlines()[2] == (
        "| 300 | 20.0 / 40.0 (80) | 24.0 / 52.0 (78) | 1.2 / 1.3 | 9.0 / 60.0 (1196) | 7.5 |")


def test_the_note_and_breakout_scenarios_load_and_tabulate():
    """`make bench-breakouts` and `--scenarios notes` import what they need from the rest."""
    from bench import breakouts, notes

    assert callable(breakouts.ours) and callable(notes.run)
    measured = {"delivered_ms": {"p50": 40.0, "p99": 80.0, "n": 2}, "acked": 2}
    failed = {"failed": "ConnectionError: Connection error"}
    text = notes.table({"eventlet": {
        "watchers": 4, "posters": 2, "floor": failed,
        "ours": {**measured, "sent": 2, "stored": 2}}})
    assert "| floor | failed: ConnectionError" in text
    assert "| ours | 40.0 / 80.0 | – | – | 2 / 2 / 2 |" in text


def test_the_process_and_official_client_scenarios_tabulate_side_by_side():
    """`bench.processes` reads 2 processes as ratios to 1; `bench.official` puts the
    official client's storm beside python-socketio's."""
    from bench import official, processes

    def figures(fan_p99: float, vote_p99: float) -> dict:
        return {"join_ms": {"p50": 1.0, "p99": 2.0, "n": 3}, "joined_stored": 3,
                "fanout_ms": {"p50": 1.0, "p99": fan_p99, "n": 3},
                "vote_ack_ms": {"p50": 1.0, "p99": vote_p99, "n": 3}, "votes_acked": 3,
                "votes_stored": 3, "tallies_per_client_s": 3.9, "join_cpu_ms": 9.0,
                "vote_cpu_ms": 1.0, "resync_cpu_ms": 2.0, "resync_s": 1.5,
                "resync_missed": 0, "kib_per_client": 70.0}

    rows = processes.table({"1": figures(100.0, 400.0), "2": figures(150.0, 200.0)})
    assert "| 2 | 1.0 / 2.0 | 3 / 3 | 1.0 / 150.0 | 1.50 | 1.0 / 200.0 | 0.50 |" in rows
    storm = {"resync_s": 2.5, "missed": 0, "attempts": 1000}
    text = official.table({"floor": {"official": storm}, "ours": {"official": storm}})
    assert "| floor | official | 2.5 | – | 1000 |" in text
    assert "| ours | official | 2.5 | 0 | 1000 |" in text

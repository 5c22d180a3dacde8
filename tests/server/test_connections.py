"""The eventlet server's connections as a client sees them: requests and responses larger
than its 4 KiB buffers arrive whole, and a large response is not held back by Nagle's
algorithm waiting for the client's delayed ACK."""
import http.client
import json
import statistics
import time
import uuid

import pytest
import serverproc

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serverproc.running_server(tmp_path_factory.mktemp("connections")) as running:
        yield running


def kept_alive(server) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)


def test_a_page_larger_than_the_write_buffer_arrives_whole_and_at_once(server):
    """Headers and body leave as two writes: with Nagle's algorithm on, such a response on
    a kept-alive connection waited for the client to acknowledge the headers, which it
    delays by 40 ms or more once the connection is past its first few packets."""
    connection = kept_alive(server)
    seconds = []
    for _ in range(15):
        started = time.perf_counter()
        # the browser's messages in English, uncompressed: made by Flask, larger than 16 KiB
        connection.request("GET", "/messages/en-0.js")
        answer = connection.getresponse()
        page = answer.read()
        seconds.append(time.perf_counter() - started)
        assert answer.status == 200
        assert len(page) == int(answer.headers["Content-Length"]) > 16_384
        assert page.rstrip().endswith(b"};")
    connection.close()
    assert statistics.median(seconds[3:]) < 0.035, seconds


def test_a_request_larger_than_the_read_buffer_is_read_whole(server):
    connection = kept_alive(server)
    join = json.dumps({"code": server.room.code, "name": "Ana", "id": uuid.uuid4().hex})
    body = join[:-1] + " " * 20_000 + "}"  # still the same JSON object
    connection.request("POST", "/api/join", body, {"Content-Type": "application/json",
                                                   "X-Padding": "y" * 6_000})
    answer = connection.getresponse()
    ack = json.loads(answer.read())
    assert answer.status == 200 and ack["ok"], ack
    assert server.query("SELECT name FROM participant WHERE id = ?",
                        (ack["result"]["participant_id"],)) == [("Ana",)]

    connection.request("GET", "/healthz")  # the connection goes on with the next request
    assert json.loads(connection.getresponse().read()) == {"status": "ok"}
    connection.close()

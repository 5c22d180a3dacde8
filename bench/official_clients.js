// N clients of the official socket.io-client (what browsers run), in one Node process:
// `node bench/official_clients.js URL` with one auth object per line on stdin (an empty
// object for the floor), then, on stdin after they are all in:
//   drop        every client loses its connection at once (its engine closes, as when a
//               network goes away) and comes back on its own, with the client's own
//               backoff (reconnection delay 1 s, randomised by half, doubling up to 5 s)
//   wait SEQ    report once every client is back, caught up, with SEQ
// It prints one JSON line per step: {"connected": n}, {"dropped": n} and
// {"resync_s", "missed", "attempts"} (seconds from the drop until the last client had its
// catch-up, clients that never got SEQ, reconnect attempts in all).
"use strict";
const readline = require("node:readline");
const { io } = require("socket.io-client");

const url = process.argv[2];
const clients = [];
let droppedAt = 0;

function client(auth) {
  const state = { seq: 0, caughtUpAt: 0, connects: 0, attempts: 0, seen: new Set() };
  const withSince = (cb) => cb(state.seq && auth.token ? { ...auth, since: state.seq } : auth);
  const socket = io(url, { transports: ["websocket"], auth: withSince, forceNew: true });
  const saw = (seq) => { state.seen.add(seq); state.seq = Math.max(state.seq, seq); };
  socket.on("snapshot", (s) => { saw(s.seq); state.caughtUpAt = Date.now(); });
  socket.on("events", (a) => {
    a.events.forEach((e) => saw(e.seq));
    saw(a.seq);
    state.caughtUpAt = Date.now();
  });
  socket.on("event", (e) => saw(e.seq));
  socket.on("connect", () => { state.connects += 1; });
  socket.io.on("reconnect_attempt", () => { state.attempts += 1; });
  return { socket, state };
}

async function until(check, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  return check();
}

const say = (line) => process.stdout.write(JSON.stringify(line) + "\n");

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  let phase = "auth";
  for await (const line of lines) {
    if (phase === "auth") {
      if (line.trim() !== "") {
        clients.push(client(JSON.parse(line)));
        continue;
      }
      phase = "steps";
      await until(() => clients.every((c) => c.state.caughtUpAt), 300);
      say({ connected: clients.filter((c) => c.state.caughtUpAt).length });
    } else if (line === "drop") {
      clients.forEach((c) => { c.state.caughtUpAt = 0; });
      droppedAt = Date.now();
      clients.forEach((c) => c.socket.io.engine.close());
      say({ dropped: clients.length });
    } else if (line.startsWith("wait ")) {
      const seq = Number(line.slice(5));
      await until(() => clients.every((c) => c.state.caughtUpAt && c.state.seen.has(seq)), 60);
      const last = Math.max(...clients.map((c) => c.state.caughtUpAt));
      say({ resync_s: Math.round(last - droppedAt) / 1000,
            missed: clients.filter((c) => !c.state.seen.has(seq)).length,
            attempts: clients.reduce((sum, c) => sum + c.state.attempts, 0) });
      clients.forEach((c) => c.socket.close());
      process.exit(0);
    }
  }
}

main();

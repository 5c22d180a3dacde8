// The browser's reducer (store.js) on the shared fixtures that tests/core/test_reducer.py
// also plays through the Python reference reducer, so the two cannot drift apart.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Store } from "../src/store.js";

const { cases } = JSON.parse(readFileSync(new URL("./reducer-cases.json", import.meta.url), "utf8"));

function loaded(snapshot) {
  const store = new Store();
  store.loadSnapshot({ ...structuredClone(snapshot), me: null, server_time: new Date().toISOString() });
  return store;
}

for (const { name, snapshot, events, expected } of cases) {
  test(`one event at a time: ${name}`, () => {
    const store = loaded(snapshot);
    for (const event of structuredClone(events)) store.applyEvent(event);
    assert.deepEqual(store.state, expected);
    assert.equal(store.seq, Math.max(snapshot.seq, ...events.map((e) => e.seq)));
  });

  test(`as a catch-up answer: ${name}`, () => {
    const store = loaded(snapshot);
    const seq = Math.max(snapshot.seq, ...events.map((e) => e.seq));
    store.applyCatchUp({ events: structuredClone(events), seq });
    assert.deepEqual(store.state, expected);
  });
}

test("a catch-up answer with a snapshot replaces the state and the guard", () => {
  const store = loaded({ seq: 5, state: { notes: { 1: { text: "old" } } } });
  store.applyEvent({ seq: 9, changes: [["notes", "1", { text: "nine" }]] });
  store.applyCatchUp({ snapshot: { seq: 3, state: { notes: {} }, me: null,
    server_time: new Date().toISOString() } });
  store.applyEvent({ seq: 4, changes: [["notes", "1", { text: "four" }]] });
  assert.deepEqual(store.state, { notes: { 1: { text: "four" } } });
});

test("listeners hear every snapshot, event and aggregate", () => {
  const heard = [];
  const store = new Store();
  store.subscribe((_, reason) => heard.push(reason.type || reason.seq));
  store.loadSnapshot({ seq: 1, state: {}, me: null, server_time: new Date().toISOString() });
  store.applyEvent({ seq: 2, changes: [] });
  store.setAggregate("presence", { count: 1 });
  assert.deepEqual(heard, ["snapshot", 2, "aggregate"]);
  assert.deepEqual(store.aggregates.presence, { count: 1 });
});

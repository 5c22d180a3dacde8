// The client store: one snapshot, then events applied by seq.
//
// Every event carries `changes` = [collection, key, value] upserts (value null deletes),
// built on the server by the same code as the snapshot. An entity keeps the seq that last
// wrote it, so an event arriving late or twice never overwrites newer state.

export class Store {
  constructor() {
    this.seq = 0;
    this.state = {};
    this.me = null;
    this.aggregates = {};
    this.written = {};
    this.baseSeq = 0;
    this.clockOffset = 0;
    this.listeners = [];
  }

  subscribe(listener) {
    this.listeners.push(listener);
  }

  notify(reason) {
    for (const listener of this.listeners) listener(this, reason);
  }

  loadSnapshot(snapshot) {
    this.state = snapshot.state;
    this.me = snapshot.me;
    this.aggregates = snapshot.aggregates || {};
    this.seq = snapshot.seq;
    this.baseSeq = snapshot.seq;
    this.written = {};
    this.clockOffset = Date.parse(snapshot.server_time) - Date.now();
    this.notify({ type: "snapshot" });
  }

  applyEvent(event) {
    for (const [collection, key, value] of event.changes || []) {
      const slot = collection + "\u0000" + key;
      if ((this.written[slot] ?? this.baseSeq) >= event.seq) continue;
      this.written[slot] = event.seq;
      if (value === null) delete (this.state[collection] || {})[key];
      else (this.state[collection] = this.state[collection] || {})[key] = value;
    }
    if (event.seq > this.seq) this.seq = event.seq;
    this.notify(event);
  }

  applyCatchUp(answer) {
    if (answer.snapshot) return this.loadSnapshot(answer.snapshot);
    for (const event of answer.events) this.applyEvent(event);
    if (answer.seq > this.seq) this.seq = answer.seq;
    this.notify({ type: "caught-up" });
  }

  setAggregate(name, data) {
    this.aggregates[name] = data;
    this.notify({ type: "aggregate", name });
  }

  get(collection, key = "current") {
    return (this.state[collection] || {})[key];
  }

  all(collection) {
    return Object.values(this.state[collection] || {});
  }

  // Server time now, in ms, corrected for this device's clock.
  now() {
    return Date.now() + this.clockOffset;
  }
}

// One live connection to a room: the official Socket.IO client, the store, and an outbox.
//
// Commands wait in the outbox (kept in localStorage, so a reload keeps them too) until the
// server acks them; each keeps its id, so a command resent after a drop applies exactly once.
// On every reconnect the client says which seq it has, and the server answers with the
// events since then (or a fresh snapshot), so the page catches up by itself.
//
// A connection that dies without a close (a phone leaving coverage) is noticed by the
// Engine.IO pings (the server sets their interval and timeout); until then and after,
// commands wait in the outbox, and views show them where they will appear (`pending`).

import { io } from "socket.io-client";
import { Store } from "./store.js";

const ACK_TIMEOUT_MS = 8000;
// refusals that change nothing and pass: the command stays first in the outbox, resent
// with the same id a second later
const RETRY_LATER = ["internal", "rate_limited", "unavailable"];

function commandId() {
  // crypto.randomUUID needs a secure context; plain http on a LAN address is common here
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

class Outbox {
  constructor(key) {
    this.key = key;
    try {
      this.items = JSON.parse(localStorage.getItem(key) || "[]");
    } catch {
      this.items = [];
    }
  }

  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch {
      // private mode or full storage: the outbox still works for this page's life
    }
  }

  push(command) {
    this.items.push(command);
    this.save();
  }

  drop(id) {
    this.items = this.items.filter((c) => c.id !== id);
    this.save();
  }
}

export class Connection {
  constructor({ auth, storageKey, onUnauthorized }) {
    this.store = new Store();
    this.outbox = new Outbox(`wr:outbox:${storageKey}`);
    this.waiting = new Map();
    this.flushing = false;
    this.status = "connecting";
    this.statusListeners = [];
    this.socket = io({
      // WebSocket first: on a slow link each HTTP long-polling round trip before the upgrade
      // costs a latency; where WebSocket is blocked, long-polling is tried next
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      auth: (cb) => cb(this.store.me ? { ...auth, since: this.store.seq } : auth),
    });
    const socket = this.socket;
    socket.on("snapshot", (snapshot) => this.store.loadSnapshot(snapshot));
    socket.on("events", (answer) => this.store.applyCatchUp(answer));
    socket.on("event", (event) => this.store.applyEvent(event));
    socket.on("aggregate", ({ name, data }) => this.store.setAggregate(name, data));
    socket.on("connect", () => {
      this.setStatus("online");
      this.flush();
    });
    socket.on("disconnect", () => this.setStatus("offline"));
    socket.on("connect_error", (err) => {
      if (err && err.message === "unauthorized" && onUnauthorized) {
        onUnauthorized();
        return;
      }
      this.setStatus("offline");
      // a refusal for now ("unavailable": the server is restarting or busy) stops the
      // client's own retries: try again a little later, as after a drop
      if (!socket.active) setTimeout(() => socket.connect(), 1000 + Math.random() * 2000);
    });
  }

  onStatus(listener) {
    this.statusListeners.push(listener);
    listener(this.status, this.outbox.items.length);
  }

  setStatus(status) {
    this.status = status;
    for (const listener of this.statusListeners) listener(status, this.outbox.items.length);
  }

  // The commands of this type not yet acked (their data), for views that show them as waiting.
  pending(type) {
    return this.outbox.items.filter((c) => c.type === type).map((c) => ({ id: c.id, ...c.data }));
  }

  // Send a command; resolves with the server's ack ({ok, seq, result} or {ok: false, error}).
  send(type, data = {}) {
    const command = { id: commandId(), type, data };
    this.outbox.push(command);
    const acked = new Promise((resolve) => this.waiting.set(command.id, resolve));
    this.setStatus(this.status);
    this.store.notify({ type: "outbox" });
    this.flush();
    return acked;
  }

  async flush() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.outbox.items.length && this.socket.connected) {
        const command = this.outbox.items[0];
        let ack;
        try {
          ack = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck("command", command);
        } catch {
          break; // no answer: keep it, resend on the next connect with the same id
        }
        if (!ack.ok && RETRY_LATER.includes(ack.error.code)) {
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        this.outbox.drop(command.id);
        const resolve = this.waiting.get(command.id);
        this.waiting.delete(command.id);
        if (resolve) resolve(ack);
        this.setStatus(this.status);
        this.store.notify({ type: "outbox" });
      }
    } finally {
      this.flushing = false;
    }
  }
}

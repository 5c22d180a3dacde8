// What every console panel shares. A panel is built once with the console's view (the
// connection, the store, who is looking, the live item, send) and draws itself in render(),
// which the console calls at most once per frame. Parts that hold buttons and fields are
// redrawn only when what they show has changed (changed()), so a click or the keyboard focus
// is not lost to the tallies that arrive several times a second.

export class ConsolePanel {
  constructor(view) {
    this.view = view;
    this.connection = view.connection;
    this.store = view.connection.store;
    this.drives = view.drives;
    this.drawn = {};
  }

  /** Whether a part must be redrawn: only when what it shows has changed. */
  changed(part, ...what) {
    const key = JSON.stringify(what);
    if (this.drawn[part] === key) return false;
    this.drawn[part] = key;
    return true;
  }

  render() {}
}

// The Node floor: a bare socket.io broadcast server, no auth, no database; the same
// events as bench/floor_server.py. Started by the bench: `node bench/floor_server.js PORT`.
const http = require("http");
const { Server } = require("socket.io");

const server = http.createServer((request, response) => {
  if (request.url === "/readyz") {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end('{"status":"ready"}');
    return;
  }
  response.writeHead(404);
  response.end();
});
const io = new Server(server, { serveClient: false });
let seq = 0;

io.on("connection", (socket) => {
  socket.join("all");
  socket.emit("snapshot", { seq });
  // the driver's "next slide": one broadcast to everyone, like agenda.moved
  socket.on("advance", (data, ack) => {
    seq += 1;
    io.to("all").emit("event", { seq, payload: (data && data.payload) || "" });
    ack({ ok: true, seq, sid: socket.id });
  });
  // an answer with nothing behind it: the floor for ack latency
  socket.on("vote", (_data, ack) => ack({ ok: true }));
});

server.listen(Number(process.argv[2]), "127.0.0.1");

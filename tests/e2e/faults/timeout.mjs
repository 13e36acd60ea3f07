// `node timeout.mjs GATEWAY_URL TRANSPORT SLOW_MS`: a function that outlives the gateway's Upstream:Timeout (shorter
// than SLOW_MS) is given up on: its ack never comes, and the socket's later events still reach their functions and
// their acks and emits still arrive, in the order they were sent.
import { connect, check, run, until, assert } from "../chat/common.mjs";

const slowMs = Number(process.argv[4] ?? 4000);

run(async () => {
  const socket = await connect();
  console.log("socket-id=" + socket.id);

  const arrivals = [];
  socket.on("message-back", (text) => arrivals.push("back:" + text));

  // A negative with a bound: the slow function would ack after SLOW_MS; waiting a second longer shows it never does.
  const slow = socket.timeout(slowMs + 1_000).emitWithAck("slow", slowMs).then(() => "acked", (error) => error.message);
  // Ack callbacks, not emitWithAck: a promise would record its ack a microtask late, after a message-back that
  // arrived in the same network read.
  const acks = [1, 2, 3].map((n) => new Promise((resolve, reject) => {
    socket.timeout(20_000).emit("message-with-ack", n, (error, value) => {
      if (error) {
        reject(error);
        return;
      }
      arrivals.push("ack:" + value);
      resolve();
    });
  }));
  socket.emit("message", "after the slow one");

  await Promise.all(acks);
  await until("message-back after the slow event", () => arrivals.includes("back:after the slow one"));
  assert.deepEqual(arrivals, ["ack:1", "ack:2", "ack:3", "back:after the slow one"]);
  check("the events after a timed-out one are handled, their acks and emits in order");

  check("the timed-out event gets no ack", (await slow) === "operation has timed out");
  check("the socket still works", (await socket.timeout(10_000).emitWithAck("message-with-ack", "still here")) === "still here" && socket.connected);
  socket.close();
});

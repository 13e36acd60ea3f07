// `node concurrency.mjs GATEWAY_URL TRANSPORT ordered|concurrent`: how one socket's events reach their functions
// (SocketIO:MaxConcurrentEventsPerSocket). "ordered" (1): the next event's function starts only after the previous one
// finished, so acks come back in the order sent even behind a slow function, and a function may still await an ack
// from its own client. "concurrent" (more than 1): a function that waits (for its own client's ack, or a slow call) does
// not hold back the socket's next event, whose ack comes back first.
import { connect, check, run, until, assert } from "../chat/common.mjs";

const mode = process.argv[4];
if (mode !== "ordered" && mode !== "concurrent") {
  console.error("usage: node concurrency.mjs GATEWAY_URL TRANSPORT ordered|concurrent");
  process.exit(2);
}

// Ack callbacks record arrivals in the order the packets arrived (a promise would add a microtask).
function emitRecorded(socket, arrivals, label, event, ...args) {
  return new Promise((resolve, reject) => {
    socket.timeout(30_000).emit(event, ...args, (error, value) => {
      if (error) {
        reject(new Error(`${label}: ${error.message}`));
        return;
      }
      arrivals.push(label + ":" + value);
      resolve(value);
    });
  });
}

run(async () => {
  const socket = await connect();
  console.log("socket-id=" + socket.id);

  if (mode === "ordered") {
    const arrivals = [];
    const slow = emitRecorded(socket, arrivals, "slow", "slow", 500);
    const quick = emitRecorded(socket, arrivals, "quick", "message-with-ack", "after the slow one");
    await Promise.all([slow, quick]);
    assert.deepEqual(arrivals, ["slow:slow done", "quick:after the slow one"]);
    check("the event after a slow one starts only after it finished: acks in the order sent");

    socket.on("question", (question, answer) => answer("answer to " + question));
    const asked = [];
    const ask = emitRecorded(socket, asked, "ask", "ask-client", "q1");
    const next = emitRecorded(socket, asked, "next", "message-with-ack", "next");
    await Promise.all([ask, next]);
    assert.deepEqual(asked, ["ask:answer to q1", "next:next"]);
    check("a function awaits an ack from its own client, and the next event follows it");
  } else {
    const arrivals = [];
    const slow = emitRecorded(socket, arrivals, "slow", "slow", 1_500);
    const quick = emitRecorded(socket, arrivals, "quick", "message-with-ack", "after the slow one");
    await Promise.all([slow, quick]);
    assert.deepEqual(arrivals, ["quick:after the slow one", "slow:slow done"]);
    check("a slow function does not hold back the next event: its ack comes first");

    // The client answers the function's question only once the next event was acked: with events one after
    // another that ack could never come first (the question would time out).
    const asked = [];
    socket.on("question", async (question, answer) => {
      await until("the next event's ack while the function waits for its answer", () => asked.includes("next:next"));
      answer("answer to " + question);
    });
    const ask = emitRecorded(socket, asked, "ask", "ask-client", "q1");
    const next = emitRecorded(socket, asked, "next", "message-with-ack", "next");
    await Promise.all([ask, next]);
    assert.deepEqual(asked, ["next:next", "ask:answer to q1"]);
    check("a function awaiting an ack from its own client does not block the socket's next event");
  }

  check("the socket is still connected", socket.connected);
  socket.close();
});

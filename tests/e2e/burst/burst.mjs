// `node burst.mjs GATEWAY_URL TRANSPORT EVENT COUNT`: one client emits COUNT events at once, each with an ack
// (EVENT acks with its argument). Every ack must come, in the order the events were sent: a burst larger than the
// gateway's queue slows the client down (back-pressure), it loses nothing.
import { urlArgument, failAfter, connectTo, check, run } from "../lib.mjs";

const url = urlArgument("node burst.mjs GATEWAY_URL TRANSPORT EVENT COUNT");
const transport = process.argv[3] ?? "websocket";
const event = process.argv[4] ?? "message-with-ack";
const count = Number(process.argv[5] ?? 10_000);
failAfter(240_000);

run(async () => {
  const socket = await connectTo(url, { transports: [transport] });
  let disconnected = null;
  socket.on("disconnect", (reason) => { disconnected = reason; });
  const started = Date.now();
  const acked = [];
  await new Promise((resolve, reject) => {
    for (let i = 0; i < count; i++) {
      socket.timeout(200_000).emit(event, i, (error, value) => {
        if (error) {
          reject(new Error(`event ${i}: ${error.message} after ${acked.length} acks (disconnect: ${disconnected})`));
          return;
        }
        acked.push(value);
        if (acked.length === count) {
          resolve();
        }
      });
    }
  });
  check(`all ${count} events acked`, acked.length === count);
  const firstOutOfOrder = acked.findIndex((value, i) => value !== i);
  check("in the order they were sent", firstOutOfOrder === -1);
  check("the connection stayed up", disconnected === null && socket.connected);
  console.log(`burst of ${count} over ${transport}: ${Date.now() - started} ms`);
  socket.close();
});

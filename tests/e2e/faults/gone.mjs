// `node gone.mjs GATEWAY_URL TRANSPORT`: a client leaves while its slow event is being handled. The gateway cancels
// that invocation at once (the socket is gone, nobody can get its ack) instead of letting it run to the timeout.
import { connect, check, run } from "../chat/common.mjs";

run(async () => {
  const socket = await connect();
  console.log("socket-id=" + socket.id);
  const started = new Promise((resolve) => socket.once("slow-started", resolve));
  socket.emit("slow", 60_000, () => {});
  await started;
  check("the slow function is running");
  socket.disconnect();
  check("the client left");
});

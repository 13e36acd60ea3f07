// `node held.mjs GATEWAY_URL TRANSPORT`: one socket that stays connected until the server ends it.
import { connect, run } from "../chat/common.mjs";

run(async () => {
  const socket = await connect();
  socket.io.opts.reconnection = false;
  console.log("socket-id=" + socket.id);
  const reason = await new Promise((resolve) => socket.once("disconnect", resolve));
  console.log("disconnect: " + reason);
});

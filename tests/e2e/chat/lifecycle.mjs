// connect then disconnect, printing the socket id, so the test can find the functions' connected/disconnected logs.
import { connect, check, run } from "./common.mjs";

run(async () => {
  const socket = await connect();
  console.log("socket-id=" + socket.id);
  check("connected");
  socket.close();
});

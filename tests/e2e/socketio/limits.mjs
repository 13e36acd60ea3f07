// A payload over maxHttpBufferSize (argv[3]) is refused: that client's connection is dropped, over WebSocket and
// over polling, while the gateway keeps serving the others.
import { ackOf, check, connect, once, run, same } from "./common.mjs";

const limit = Number(process.argv[3]);

run(async () => {
  const bystander = await connect("/", { transports: ["websocket"] });
  for (const transport of ["websocket", "polling"]) {
    const greedy = await connect("/", { transports: [transport], upgrade: false });
    const dropped = once(greedy, "disconnect");
    greedy.emit("echo", "x".repeat(limit + 1000));
    const [reason] = await dropped;
    check(`${transport}: the client sending ${limit + 1000} characters is dropped (${reason})`, reason === "transport close" || reason === "transport error");
    check(`${transport}: the gateway keeps serving the others`, same(await ackOf(bystander, "echo", "still fine"), ["still fine"]));
    const small = await connect("/", { transports: [transport], upgrade: false });
    check(`${transport}: and accepts new clients`, same(await ackOf(small, "echo", "x".repeat(limit / 2)), ["x".repeat(limit / 2)]));
    small.disconnect();
  }
  bystander.disconnect();
});

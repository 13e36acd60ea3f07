// Namespaces are opaque strings: a namespace that merely looks like /admin (dot segments, empty segments, case,
// a namespace that is /admin's event path) gets "Invalid namespace" or reaches only its own functions; /admin's
// token check holds for every spelling, and an event name cannot climb to another function's URL.
import { Manager } from "socket.io-client";
import { url, transport, ask, check, run, connect, connectError } from "./common.mjs";

/** The socket of `nsp` on a fresh manager, so the namespace is sent exactly as written (no URL parsing). */
function socketOf(nsp, options = {}) {
  const manager = new Manager(url, { transports: [transport], reconnection: false, forceNew: true });
  return manager.socket(nsp, options);
}

/** "connected" or the connect_error's message. */
function outcomeOf(socket) {
  return new Promise((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error) => resolve(error.message));
    socket.connect();
  });
}

const lookalikes = [
  "/admin/.",
  "/x/../admin",
  "//admin",
  "/admin/",
  "/admin//",
  "/ADMIN",
  "/Admin",
  "/../../admin/host",
  "/admin/admin command",
  "/admin/%2e",
  "/admin\\",
  "/admin\u0000",
  "/" + "a".repeat(10_000),
  "/nope",
];

run(async () => {
  for (const nsp of lookalikes) {
    const socket = socketOf(nsp, { auth: {} });
    const outcome = await outcomeOf(socket);
    if (outcome === "connected") {
      // Connected to a namespace of its own: /admin's functions must stay out of reach.
      // (No function of its own acks, so an answer can only come from another namespace's function.)
      for (const name of ["admin command", "."]) {
        const answer = await socket.timeout(2_000).emitWithAck(name, { x: 1 }).catch((error) => "no ack: " + error.message);
        check(`${JSON.stringify(nsp.slice(0, 40))}: event ${JSON.stringify(name)} reaches only its own functions`, answer?.ok !== true);
      }
    } else {
      check(`${JSON.stringify(nsp.slice(0, 40))}: connect_error Invalid namespace`, outcome === "Invalid namespace");
    }
    socket.disconnect();
  }

  // The real /admin still checks its token, and the main namespace's events cannot climb out of their path.
  const missing = await connectError("/admin");
  check("/admin without a token: connect_error 未授权", missing.message === "未授权");
  const main = await connect("/");
  for (const name of ["..", ".", "../admin/admin command", "admin/admin command", "", "a".repeat(10_000)]) {
    const answers = [];
    main.emit(name, { x: 1 }, (answer) => answers.push(answer));
    // Events of one socket are handled in order: once the next event is acked, the odd one had its turn.
    check("the main namespace still serves its own events", (await ask(main, "message", "hi")) === "消息已收到");
    check(`event ${JSON.stringify(name.slice(0, 40))} of / reaches no other function`, !answers.some((answer) => answer?.ok === true));
  }
  main.close();
});

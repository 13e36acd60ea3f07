// `node host-down.mjs GATEWAY_URL TRANSPORT HOST_URL`: the Functions host goes down while a client is connected, and
// comes back. Driven together with a test that stops the host when this script prints "stop the host now" and
// starts it again on the same port when it prints "start the host now"; the script waits on the host's readiness
// endpoint (HOST_URL/admin/host/status) for each.
import { connect, connectError, check, run } from "../chat/common.mjs";

const hostUrl = process.argv[4];
if (!hostUrl) {
  console.error("usage: node host-down.mjs GATEWAY_URL TRANSPORT HOST_URL");
  process.exit(2);
}

/** "running" when the host answers 200 Running, "down" when nothing listens, else "starting". */
async function hostState() {
  try {
    const response = await fetch(hostUrl + "/admin/host/status");
    const status = await response.json();
    return response.status === 200 && status.state === "Running" ? "running" : "starting";
  } catch {
    return "down";
  }
}

async function waitForHost(state, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while ((await hostState()) !== state) {
    if (Date.now() > end) {
      throw new Error(`the Functions host was not ${state} within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until `condition()` holds, polling every 20 ms, failing after `timeoutMs`. */
async function until(what, condition, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) {
      throw new Error("timed out waiting for " + what);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs `attempt(n)` until it resolves, failing with the last error after 20 s. */
async function retry(what, attempt) {
  const end = Date.now() + 20_000;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      if (Date.now() > end) {
        throw new Error(`${what}: still failing after 20 s: ${error?.message ?? error}`);
      }
      console.log(`(${what}: attempt ${n} failed: ${error?.message ?? error}; retrying)`);
    }
  }
}

run(async () => {
  const socket = await connect();
  const backs = [];
  socket.on("message-back", (text) => backs.push(text));
  let disconnected = false;
  socket.on("disconnect", () => (disconnected = true));
  check("an event works while the host is up", (await socket.timeout(10_000).emitWithAck("message-with-ack", "before")) === "before");

  console.log("socket-id=" + socket.id);
  console.log("stop the host now");
  await waitForHost("down", 30_000);

  // The gateway cannot reach the function: no ack (a bounded negative), nothing emitted, a log line.
  const failed = await socket.timeout(1_500).emitWithAck("message-with-ack", "while down").then(() => "acked", (error) => error.message);
  check("an event gets no ack while the host is down", failed === "operation has timed out");
  socket.emit("message", "while down");

  const refused = await connectError("/");
  check(`a new client's connect fails: "${refused.message}"`, refused.message === "Server error: the connect handler is unreachable");
  check("the connected client stays connected", socket.connected && !disconnected);

  console.log("start the host now");
  // The test restarts the host (seconds; more on a loaded machine).
  await waitForHost("running", 35_000);

  // A fresh worker's first invocations can outlast the 2 s upstream timeout on a loaded machine: the same socket
  // retries (each attempt bounded) until its event is acked and its message echoed.
  const acked = await retry("an ack after the restart", () => socket.timeout(3_000).emitWithAck("message-with-ack", "after"));
  check("the same socket's events work again", acked === "after");
  await retry("a message-back after the restart", async (attempt) => {
    socket.emit("message", "after " + attempt);
    await until("message-back " + attempt, () => backs.includes("after " + attempt), 3_000);
  });
  check("the event sent while the host was down was dropped", !backs.includes("while down"));
  check("the socket never disconnected", socket.connected && !disconnected);

  const fresh = await retry("a new client's connect", () => connect("/"));
  check("a new client connects again", fresh.connected);
  fresh.close();
  socket.close();
});

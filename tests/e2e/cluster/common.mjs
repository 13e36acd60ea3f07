// Helpers of the scale-out scripts: `node <script> URL1 URL2 URL3 ...` against gateways sharing Redis and Table
// Storage (scripts/cluster-server), the seed's chat app behind them; the first URL is the functions' management
// endpoint. The shared helpers are in ../lib.mjs.
import { io } from "socket.io-client";
import assert from "node:assert/strict";
import { failAfter, connectTo } from "../lib.mjs";

export { io, assert };
export { check, collect, until, run } from "../lib.mjs";

export const urls = process.argv.slice(2).filter((arg) => arg.startsWith("http"));
if (urls.length === 0) {
  console.error("usage: node <script> GATEWAY_URL...");
  process.exit(2);
}

failAfter(Number(process.env.SCRIPT_DEADLINE_MS ?? 90_000));

/** A connected socket on gateway `index` (0-based), WebSocket unless `options.transports` says otherwise. */
export function connect(index, options = {}) {
  return connectTo(urls[index % urls.length] + "/", { transports: ["websocket"], ...options });
}

/** Emits with an ack and resolves with the ack's first argument (rejects after `ms`). */
export function ask(socket, event, ...args) {
  return socket.timeout(15_000).emitWithAck(event, ...args);
}

/** Asks until the answer satisfies `condition` (for state that follows a fault within a bounded time). */
export async function askUntil(what, socket, event, args, condition, ms = 20_000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await socket.timeout(5_000).emitWithAck(event, ...args);
      if (condition(last)) return last;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting until ${what} (last answer: ${JSON.stringify(last?.message ?? last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The process id of the gateway a kill test kills (KILL_PID, the gateway at the last URL); exits 2 without it. */
export function killPid() {
  const pid = Number(process.env.KILL_PID);
  if (!pid) {
    console.error("KILL_PID must name the last gateway's process");
    process.exit(2);
  }
  return pid;
}

// The README's run, from a user's side: `node tests/e2e/apphost/chat.mjs GATEWAY_URL TEXT`. One socket.io-client
// connects to the chat page's gateway, sends the seed's `message` with TEXT and checks the broadcast and the ack.
import assert from "node:assert/strict";
import { urlArgument, failAfter, connectTo, check } from "../lib.mjs";

const url = urlArgument("node tests/e2e/apphost/chat.mjs GATEWAY_URL TEXT");
const text = process.argv[3];
failAfter(30_000);

const socket = await connectTo(url, {});
check(`connected to ${url} as ${socket.id} (${socket.io.engine.transport.name})`);
const forwarded = new Promise((resolve) => socket.on("message", (msg) => msg === `服务器转发：${text}` && resolve(msg)));
const ack = await socket.timeout(10_000).emitWithAck("message", text);
assert.equal(ack, "消息已收到");
check(`message acked: ${ack}`);
await forwarded;
check(`broadcast received: 服务器转发：${text}`);
socket.disconnect();
process.exit(0);

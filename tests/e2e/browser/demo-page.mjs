// The chat page (the seed's HTML client, plus rooms, files, the server's question and /admin) in a real browser against
// the whole system: `node tests/e2e/browser/demo-page.mjs GATEWAY_URL`. Two browser contexts are two users, A and B.
// Debian's chromium (or CHROMIUM_PATH) through playwright-core; no browser is ever downloaded. Every step waits for the
// DOM and prints what it checked. Screenshots of both pages go to SCREENSHOT_DIR (default: a temp folder) on failure,
// and always when DEMO_PAGE_SCREENSHOTS=always (then also at a phone's width).
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const url = process.argv[2];
if (!url) {
  console.error("usage: node tests/e2e/browser/demo-page.mjs GATEWAY_URL");
  process.exit(2);
}

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.error(`FAIL: no browser at ${executablePath}. Install Debian's chromium: apt-get update && apt-get install -y chromium`);
  process.exit(1);
}

// Each wait has its own generous bound; this only bounds a hang so the run fails with a message.
const deadline = setTimeout(() => {
  console.error("FAIL: the browser test did not finish within 80 s");
  process.exit(1);
}, 80_000);
deadline.unref();

const stepTimeout = 15_000;
const started = Date.now();
const nonce = Math.random().toString(36).slice(2, 8);
// A 1x1 red PNG: the page shows a received image inline.
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==", "base64");

function check(what) {
  console.log(`ok - ${what} (${Date.now() - started} ms)`);
}

/** The items of list `listId` whose whole text is `text` (a string, or a RegExp for a pattern). */
function item(page, listId, text) {
  return page.locator(`#${listId} li`).getByText(text, { exact: true });
}

async function seen(page, listId, text) {
  await item(page, listId, text).first().waitFor();
}

async function notSeen(page, listId, text) {
  assert.equal(await item(page, listId, text).count(), 0, `${listId} must not show "${text}"`);
}

async function openClient(browser, name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(stepTimeout);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`${name} page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`${name} console: ${message.text()}`));
  page.on("response", (response) => response.status() >= 400 && problems.push(`${name} ${response.status()} ${response.url()}`));
  return { name, page, problems };
}

async function saveScreenshots(clients, label) {
  const folder = process.env.SCREENSHOT_DIR || mkdtempSync(join(tmpdir(), "demo-page-"));
  mkdirSync(folder, { recursive: true });
  for (const { name, page } of clients) {
    const file = join(folder, `${label}-${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
      console.error(`screenshot of client ${name}: ${file}`);
    } catch (error) {
      console.error(`no screenshot of client ${name}: ${error.message}`);
    }
  }
  return folder;
}

async function send(page, text) {
  await page.locator("#message").fill(text);
  await page.getByRole("button", { name: "发送", exact: true }).click();
}

async function scenario(a, b) {
  await Promise.all([a, b].map(({ page }) => page.goto(url + "/")));

  // The page loads the official bundle from /socket.io/socket.io.js, connects on polling and upgrades; the state panel
  // shows the transport, the reconnect budget of section 5.1 and whether the connection was recovered.
  for (const { name, page } of [a, b]) {
    await page.locator("#status").getByText("connected (websocket)", { exact: true }).waitFor();
    assert.match(await page.locator("#socket-id").textContent(), /^\S{20}$/);
    assert.equal(await page.locator("#reconnects").textContent(), "0 / 5");
    assert.equal(await page.locator("#recovered").textContent(), "no");
    check(`client ${name}: connected, upgraded to websocket; state shows id, reconnects 0 / 5, recovered no`);
  }

  // The seed's chat: type, click 发送, the server forwards to everyone with io.emit and acks.
  const hello = `你好 ${nonce}`;
  await send(a.page, hello);
  await seen(a.page, "messages", `服务器转发：${hello}`);
  await seen(b.page, "messages", `服务器转发：${hello}`);
  await seen(a.page, "messages", "ack: 消息已收到");
  const reply = `你好 A ${nonce}`;
  await send(b.page, reply);
  await seen(a.page, "messages", `服务器转发：${reply}`);
  check("both chat: each page shows the other's 服务器转发：<text>, the sender the ack");

  // Rooms: B joins (members: B), A joins (members: both), B leaves and rejoins; A sends to the room: B gets it.
  const room = `room-${nonce}`;
  await b.page.locator("#room").fill(room);
  await b.page.getByRole("button", { name: "join", exact: true }).click();
  await seen(b.page, "room-log", `joined ${room}, members: 1`);
  await a.page.locator("#room").fill(room);
  await a.page.getByRole("button", { name: "join", exact: true }).click();
  await seen(a.page, "room-log", `joined ${room}, members: 2`);
  await a.page.locator("#members-room").getByText(`of ${room} (2)`, { exact: true }).waitFor();
  assert.equal(await a.page.locator("#members li").count(), 2);
  await a.page.locator("#members li.me").waitFor();
  check(`both joined ${room}; A's member list shows 2, itself marked`);
  await b.page.getByRole("button", { name: "leave", exact: true }).click();
  await seen(b.page, "room-log", `left ${room}, members: 1`);
  await b.page.getByRole("button", { name: "join", exact: true }).click();
  await seen(b.page, "room-log", `joined ${room}, members: 2`);
  check("B left (members: 1) and joined again (members: 2)");

  const roomText = `to the room ${nonce}`;
  await a.page.locator("#message").fill(roomText);
  await a.page.getByRole("button", { name: "send to room", exact: true }).click();
  await seen(b.page, "messages", roomText);
  check("send to room from A: B receives the room message");

  // Broadcast except me: B sees it; A does not, proven after a later message A does see.
  const announcement = `announce ${nonce}`;
  await a.page.locator("#message").fill(announcement);
  await a.page.getByRole("button", { name: "broadcast (except me)", exact: true }).click();
  await seen(b.page, "messages", announcement);
  const marker = `after the broadcast ${nonce}`;
  await send(a.page, marker);
  await seen(a.page, "messages", `服务器转发：${marker}`);
  await notSeen(a.page, "messages", announcement);
  await notSeen(a.page, "messages", roomText);
  check("broadcast (except me) from A: B sees it, A sees neither it nor its own room message");

  // A binary `file` event: A picks a PNG, B receives it and shows it inline.
  await a.page.locator("#file").setInputFiles({ name: `dot-${nonce}.png`, mimeType: "image/png", buffer: png });
  await a.page.getByRole("button", { name: "send file", exact: true }).click();
  await a.page.locator("#file-status").getByText(`sent dot-${nonce}.png (${png.length} bytes)`, { exact: true }).waitFor();
  const received = b.page.locator("#files li").filter({ hasText: `dot-${nonce}.png (${png.length} bytes, image/png)` });
  await received.waitFor();
  const image = received.locator("img");
  await image.waitFor();
  assert.equal(await image.evaluate((img) => img.complete && img.naturalWidth), 1);
  assert.equal(await a.page.locator("#files li").count(), 0, "the sender does not get its own file");
  check("file from A: B shows the received PNG inline (1x1), A gets the byte count acked");

  // The server's question (a server-to-client ack): B asks to be asked, answers on the page, the server gets it.
  const question = `你好吗 ${nonce}?`;
  await b.page.locator("#ask-text").fill(question);
  await b.page.getByRole("button", { name: "server, ask me", exact: true }).click();
  await b.page.locator("#question-text").getByText(question, { exact: true }).waitFor();
  await b.page.locator("#answer").fill(`很好 ${nonce}`);
  await b.page.getByRole("button", { name: "answer", exact: true }).click();
  await seen(b.page, "ask-log", `the server got: 很好 ${nonce}`);
  check("question: the server asked B, B answered on the page, the server acked the answer back");

  // The /admin namespace in its tab: the io.use middleware rejects a wrong token, the development token connects.
  const admin = a.page;
  await admin.getByRole("tab", { name: "管理员 Admin" }).click();
  await admin.locator("#token").fill("wrong-token");
  await admin.locator("#admin-connect").click();
  await admin.locator("#admin-log li.error").getByText("连接错误: 未授权", { exact: true }).waitFor();
  check("admin tab, wrong token: 连接错误: 未授权");
  await admin.locator("#token").fill("dev-admin-token");
  await admin.locator("#admin-connect").click();
  await admin.locator("#admin-log li").getByText(/^connected to \/admin: \S+$/).waitFor();
  await admin.locator("#command").fill("status");
  await admin.locator("#admin-send").click();
  const result = admin.locator("#admin-log li").getByText(/^\{"ok":/);
  await result.waitFor();
  assert.deepEqual(JSON.parse(await result.textContent()), { ok: true, user: "admin", command: "status" });
  check('admin tab, dev-admin-token: connected; admin command answers {"ok":true,"user":"admin","command":"status"}');

  // A namespace the app does not serve: connect_error "Invalid namespace", as Socket.IO has it.
  await admin.locator("#namespace").fill(`/nope-${nonce}`);
  await admin.locator("#admin-connect").click();
  await admin.locator("#admin-log li.error").getByText("连接错误: Invalid namespace", { exact: true }).waitFor();
  check("unknown namespace: 连接错误: Invalid namespace");

  // The main connection is untouched by the admin experiments, and nothing went wrong on either page.
  await admin.getByRole("tab", { name: "聊天 Chat" }).click();
  await admin.locator("#status").getByText("connected (websocket)", { exact: true }).waitFor();
  assert.equal(await a.page.locator("#errors li").count(), 0, "no error banner on A");
  for (const client of [a, b]) {
    assert.deepEqual(client.problems, [], `client ${client.name} reported errors`);
  }
  check("no error banners, page errors or failed requests");
}

const browser = await chromium.launch({
  executablePath,
  // launch() gives the browser a fresh temporary user-data-dir of its own. --disable-dev-shm-usage: containers often
  // have a tiny /dev/shm, which crashes tabs.
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const clients = [];
let failed = false;
try {
  clients.push(...(await Promise.all([openClient(browser, "A"), openClient(browser, "B")])));
  await scenario(...clients);
  if (process.env.DEMO_PAGE_SCREENSHOTS === "always") {
    await saveScreenshots(clients, "desktop");
    for (const { page } of clients) await page.setViewportSize({ width: 390, height: 844 });
    await saveScreenshots(clients, "phone");
  }
  console.log(`all checks passed in ${Date.now() - started} ms (browser launch included)`);
} catch (error) {
  failed = true;
  console.error("FAIL:", error?.stack ?? error);
  for (const { problems } of clients) problems.forEach((problem) => console.error(problem));
  await saveScreenshots(clients, "failure");
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

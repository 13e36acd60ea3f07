// The demo page (the seed's HTML client, plus rooms and /admin) in a real browser against the whole system:
// `node tests/e2e/browser/demo-page.mjs GATEWAY_URL`. Two browser contexts are two clients, A and B. Debian's
// chromium (or CHROMIUM_PATH) through playwright-core; no browser is ever downloaded. Every step waits for the DOM,
// prints what it checked, and on failure both pages are saved as screenshots in a temp folder.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
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
  console.error("FAIL: the browser test did not finish within 50 s");
  process.exit(1);
}, 50_000);
deadline.unref();

const stepTimeout = 15_000;
const started = Date.now();
const nonce = Math.random().toString(36).slice(2, 8);

function check(what) {
  console.log(`ok - ${what} (${Date.now() - started} ms)`);
}

/** Waits until the list `listId` of `page` has an item whose whole text is `text`. */
function item(page, listId, text) {
  return page.locator(`#${listId} li`).getByText(text, { exact: true });
}

async function seen(page, listId, text) {
  await item(page, listId, text).waitFor();
}

async function notSeen(page, listId, text) {
  assert.equal(await item(page, listId, text).count(), 0, `${listId} must not show "${text}"`);
}

async function openClient(browser, name) {
  const context = await browser.newContext();
  context.setDefaultTimeout(stepTimeout);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (error) => problems.push(`${name} page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && problems.push(`${name} console: ${message.text()}`));
  page.on("response", (response) => response.status() >= 400 && problems.push(`${name} ${response.status()} ${response.url()}`));
  return { name, page, problems };
}

async function saveScreenshots(clients) {
  const folder = mkdtempSync(join(tmpdir(), "demo-page-"));
  for (const { name, page } of clients) {
    const file = join(folder, `${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
      console.error(`screenshot of client ${name}: ${file}`);
    } catch (error) {
      console.error(`no screenshot of client ${name}: ${error.message}`);
    }
  }
}

async function scenario(a, b) {
  await Promise.all([a, b].map(({ page }) => page.goto(url + "/")));

  // The page loads the official bundle from /socket.io/socket.io.js, connects on polling and upgrades.
  for (const { name, page } of [a, b]) {
    await page.locator("#status").getByText("connected (websocket)", { exact: true }).waitFor();
    check(`client ${name}: the bundle loaded, connected and upgraded to websocket`);
  }

  // The seed's chat: type, click 发送, the server forwards to everyone with io.emit and acks.
  const hello = `你好 ${nonce}`;
  await a.page.locator("#message").fill(hello);
  await a.page.getByRole("button", { name: "发送", exact: true }).click();
  await seen(a.page, "messages", `服务器转发：${hello}`);
  await seen(b.page, "messages", `服务器转发：${hello}`);
  check("发送 in A: both pages show 服务器转发：<text>");
  await seen(a.page, "messages", "ack: 消息已收到");
  check("A shows the ack");

  // Rooms: both join, A sends to the room (socket.to(room): everyone in it but A).
  const room = `room-${nonce}`;
  for (const [{ name, page }, members] of [[a, 1], [b, 2]]) {
    await page.locator("#room").fill(room);
    await page.getByRole("button", { name: "join", exact: true }).click();
    await seen(page, "messages", `joined ${room}, members: ${members}`);
    check(`client ${name} joined ${room} (members: ${members})`);
  }
  const roomText = `to the room ${nonce}`;
  await a.page.locator("#message").fill(roomText);
  await a.page.getByRole("button", { name: "send to room", exact: true }).click();
  await seen(b.page, "messages", roomText);
  check("send to room from A: B sees it");

  // Broadcast except me: B sees it; A does not, proven after a later message A does see.
  const announcement = `announce ${nonce}`;
  await a.page.locator("#message").fill(announcement);
  await a.page.getByRole("button", { name: "broadcast (except me)", exact: true }).click();
  await seen(b.page, "messages", announcement);
  const marker = `after the broadcast ${nonce}`;
  await a.page.locator("#message").fill(marker);
  await a.page.getByRole("button", { name: "发送", exact: true }).click();
  await seen(a.page, "messages", `服务器转发：${marker}`);
  await notSeen(a.page, "messages", announcement);
  await notSeen(a.page, "messages", roomText);
  check("broadcast (except me) from A: B sees it, A sees neither it nor its own room message");

  // The /admin namespace: the io.use middleware rejects a wrong token, the development token connects.
  const admin = a.page;
  await admin.locator("#token").fill("wrong-token");
  await admin.locator("#admin-connect").click();
  await admin.locator("#admin-log li.error").getByText("连接错误: 未授权", { exact: true }).waitFor();
  check("admin with a wrong token: 连接错误: 未授权");
  await admin.locator("#token").fill("dev-admin-token");
  await admin.locator("#admin-connect").click();
  await admin.locator("#admin-log li").getByText(/^admin connected: \S+$/).waitFor();
  check("admin with dev-admin-token connects");
  await admin.locator("#command").fill("status");
  await admin.locator("#admin-send").click();
  const result = admin.locator("#admin-log li").getByText(/^\{"ok":/);
  await result.waitFor();
  assert.deepEqual(JSON.parse(await result.textContent()), { ok: true, user: "admin", command: "status" });
  check('admin command: {"ok":true,"user":"admin","command":"status"}');

  for (const client of [a, b]) {
    assert.deepEqual(client.problems, [], `client ${client.name} reported errors`);
  }
  check("no page errors");
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
  console.log(`all checks passed in ${Date.now() - started} ms (browser launch included)`);
} catch (error) {
  failed = true;
  console.error("FAIL:", error?.stack ?? error);
  for (const { problems } of clients) problems.forEach((problem) => console.error(problem));
  await saveScreenshots(clients);
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

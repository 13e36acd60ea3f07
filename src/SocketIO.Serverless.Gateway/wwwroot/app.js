// The chat page: the seed's section 3 client, with section 4.5's error handling shown on the page (not alert),
// section 5.1's reconnection options, rooms, broadcast-except-me, binary files, the server's `question` (a
// server-to-client ack) and the /admin namespace. Plain JavaScript on the official client bundle, no build step.
"use strict";

const $ = (id) => document.getElementById(id);
const RECONNECTION_ATTEMPTS = 5;
const ACK_TIMEOUT = 10_000;
// The gateway's Engine:MaxHttpBufferSize is 1 MB by default; larger messages close the connection.
const MAX_FILE_BYTES = 900_000;

/** Adds a line to a list and keeps it scrolled to the newest. */
function addItem(listId, text, className) {
    const list = $(listId);
    const item = document.createElement("li");
    item.textContent = text;
    if (className) item.className = className;
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
    return item;
}

/** Section 4.5's showErrorMessage, as a banner: the same message twice in a row shows once. */
function showErrorMessage(message) {
    const errors = $("errors");
    if (errors.lastElementChild?.textContent === message) return;
    addItem("errors", message);
    while (errors.children.length > 3) errors.firstElementChild.remove();
}

function clearErrors() {
    $("errors").replaceChildren();
}

// ---- the connection (sections 3, 4.5 and 5.1) ----

const socket = io({
    timeout: 5000, // 4.5: connection timeout
    reconnection: true, // 5.1: automatic reconnection
    reconnectionAttempts: RECONNECTION_ATTEMPTS,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 5000,
    randomizationFactor: 0.5,
});

function setStatus(text, kind) {
    const status = $("status");
    status.textContent = text;
    status.className = kind ?? "";
}

// The status names the transport in use: the connection opens on polling and upgrades to websocket.
function showConnected() {
    if (!socket.connected) return;
    setStatus(`connected (${socket.io.engine.transport.name})`, "connected");
    $("socket-id").textContent = socket.id;
}

// A new engine per (re)connection: watch each one's upgrade from the moment it opens.
socket.io.on("open", () => socket.io.engine.on("upgrade", showConnected));
socket.on("connect", () => {
    showConnected();
    clearErrors();
    // `recovered`: the server restored this socket's id, rooms and missed packets (connection state recovery).
    $("recovered").textContent = socket.recovered ? "yes" : "no";
    $("reconnects").textContent = `0 / ${RECONNECTION_ATTEMPTS}`;
    $("toggle-connection").textContent = "断开 disconnect";
});
socket.on("disconnect", (reason) => {
    setStatus(`disconnected: ${reason}`, "down");
    $("socket-id").textContent = "—";
    $("toggle-connection").textContent = "连接 connect";
});

// 4.5: connection errors and timeouts (socket.io-client 4 reports a timeout as connect_error "timeout").
socket.on("connect_error", (error) => {
    showErrorMessage(error.message === "timeout" ? "连接服务器超时 (connection timed out)" : `连接服务器失败: ${error.message}`);
});
socket.on("error", (error) => showErrorMessage(`客户端发生错误: ${error?.message ?? error}`));
socket.io.on("reconnect_attempt", (attempt) => {
    $("reconnects").textContent = `${attempt} / ${RECONNECTION_ATTEMPTS}`;
    setStatus(`reconnecting (${attempt}/${RECONNECTION_ATTEMPTS})…`, "down");
});
socket.io.on("reconnect", (attempts) => addItem("messages", `reconnected after ${attempts} attempt(s)`, "meta"));
socket.io.on("reconnect_failed", () => {
    setStatus("gave up reconnecting", "down");
    showErrorMessage(`重连失败: gave up after ${RECONNECTION_ATTEMPTS} attempts (click 连接 connect to try again)`);
});

$("toggle-connection").addEventListener("click", () => (socket.connected ? socket.disconnect() : socket.connect()));

// ---- chat (section 3), broadcast except me (4.2) ----

const textOf = (value) => (typeof value === "string" ? value : JSON.stringify(value));
socket.on("message", (msg) => addItem("messages", textOf(msg)));

/** Emits with an ack; a missing answer becomes an error line instead of silence. */
function emitWithAck(listId, event, args, onAck) {
    socket.timeout(ACK_TIMEOUT).emit(event, ...args, (error, ...answer) => {
        if (error) addItem(listId, `${event}: no answer (${error.message})`, "error");
        else if (answer[0] && typeof answer[0] === "object" && "error" in answer[0]) addItem(listId, `${event}: ${answer[0].error}`, "error");
        else onAck(...answer);
    });
}

$("chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("message");
    emitWithAck("messages", "message", [input.value], (ack) => addItem("messages", `ack: ${ack}`, "meta"));
    input.value = "";
});
$("announce").addEventListener("click", () => {
    const text = $("message").value;
    socket.emit("announce", text);
    addItem("messages", `→ broadcast (except me): ${text}`, "meta");
});

// ---- rooms (4.2, 4.3) ----

function roomName() {
    const room = $("room").value.trim();
    if (!room) addItem("room-log", "type a room name first", "error");
    return room;
}

function showMembers(room) {
    emitWithAck("room-log", "members", [room], (ids) => {
        $("members-room").textContent = `of ${room} (${ids.length})`;
        $("members").replaceChildren(...ids.map((id) => {
            const chip = document.createElement("li");
            chip.textContent = id === socket.id ? `${id} (me)` : id;
            if (id === socket.id) chip.className = "me";
            return chip;
        }));
    });
}

$("join").addEventListener("click", () => {
    const room = roomName();
    if (room) emitWithAck("room-log", "join", [room], (count) => {
        addItem("room-log", `joined ${room}, members: ${count}`, "meta");
        showMembers(room);
    });
});
$("leave").addEventListener("click", () => {
    const room = roomName();
    if (room) emitWithAck("room-log", "leave", [room], (count) => {
        addItem("room-log", `left ${room}, members: ${count}`, "meta");
        showMembers(room);
    });
});
$("room-send").addEventListener("click", () => {
    const room = roomName();
    const text = $("message").value;
    if (!room) return;
    socket.emit("room message", { room, text });
    addItem("messages", `→ ${room}: ${text}`, "meta");
});

// ---- files: a binary event ----

// The type from the sender, else from the first bytes, so a picture shows inline either way.
function typeOf(bytes, declared) {
    if (declared) return declared;
    const b = new Uint8Array(bytes.slice(0, 12));
    const ascii = (from, to) => String.fromCharCode(...b.slice(from, to));
    if (b[0] === 0x89 && ascii(1, 4) === "PNG") return "image/png";
    if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
    if (ascii(0, 3) === "GIF") return "image/gif";
    if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
    return "application/octet-stream";
}

socket.on("file", (bytes, info) => {
    const type = typeOf(bytes, info?.type);
    const name = info?.name || "file";
    const url = URL.createObjectURL(new Blob([bytes], { type }));
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.textContent = `${name} (${bytes.byteLength} bytes, ${type})`;
    item.append("received ", link);
    if (type.startsWith("image/")) {
        const image = document.createElement("img");
        image.src = url;
        image.alt = name;
        item.appendChild(image);
    }
    $("files").prepend(item);
});

$("file-send").addEventListener("click", async () => {
    const file = $("file").files[0];
    const status = $("file-status");
    if (!file) {
        status.textContent = "choose a file first";
        return;
    }
    if (file.size > MAX_FILE_BYTES) {
        status.textContent = `${file.name} is too large (${file.size} bytes; up to ${MAX_FILE_BYTES})`;
        return;
    }
    const bytes = await file.arrayBuffer();
    socket.timeout(30_000).emit("file", bytes, { name: file.name, type: file.type }, (error, length) => {
        status.textContent = error ? `${file.name}: no answer (${error.message})` : `sent ${file.name} (${length} bytes)`;
    });
});

// ---- the server asks: emitWithAck from a function to this page ----

let pendingAnswer = null;
socket.on("question", (question, answer) => {
    pendingAnswer?.(null); // a newer question replaces one left unanswered
    pendingAnswer = answer;
    $("question-text").textContent = textOf(question);
    $("question").hidden = false;
    $("answer").focus();
});
$("question").addEventListener("submit", (event) => {
    event.preventDefault();
    const answer = $("answer").value;
    pendingAnswer?.(answer);
    pendingAnswer = null;
    $("question").hidden = true;
    $("answer").value = "";
    addItem("ask-log", `you answered: ${answer}`, "meta");
});
$("ask").addEventListener("click", () => {
    // The server waits up to 10 s for the answer; this waits a little longer for the server.
    socket.timeout(15_000).emit("ask", $("ask-text").value, (error, answer) => {
        if (error) addItem("ask-log", `ask: no answer (${error.message})`, "error");
        else addItem("ask-log", `the server got: ${textOf(answer)}`);
    });
});

// ---- the /admin namespace (4.4, 4.6) ----

let admin = null;
$("admin-connect").addEventListener("click", () => {
    admin?.disconnect();
    const ns = $("namespace").value.trim() || "/admin";
    admin = io(ns, { auth: { token: $("token").value } });
    admin.on("connect", () => addItem("admin-log", `connected to ${ns}: ${admin.id}`, "meta"));
    // The server's io.use(...) rejection (未授权) or an unknown namespace (Invalid namespace).
    admin.on("connect_error", (error) => addItem("admin-log", `连接错误: ${error.message}`, "error"));
    admin.on("disconnect", (reason) => addItem("admin-log", `disconnected from ${ns}: ${reason}`, "meta"));
});
$("admin-send").addEventListener("click", () => {
    if (!admin?.connected) {
        addItem("admin-log", "connect first", "error");
        return;
    }
    admin.timeout(ACK_TIMEOUT).emit("admin command", $("command").value, (error, result) =>
        addItem("admin-log", error ? `no answer (${error.message})` : JSON.stringify(result), error ? "error" : undefined));
});

// ---- tabs ----

for (const tab of document.querySelectorAll('[role="tab"]')) {
    tab.addEventListener("click", () => {
        for (const other of document.querySelectorAll('[role="tab"]')) {
            const selected = other === tab;
            other.setAttribute("aria-selected", String(selected));
            $(other.getAttribute("aria-controls")).hidden = !selected;
        }
    });
}

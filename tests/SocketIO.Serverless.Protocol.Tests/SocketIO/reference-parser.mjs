// Runs the reference parser (socket.io-parser, the one socket.io and socket.io-client use) over cases read as
// JSON from stdin and prints what it made of each, for the differential tests in ReferenceParserTests.cs.
// Input: {"decode":[[part, ...], ...], "maxAttachments":n}; a part is a string (text) or {"b64":"..."} (binary).
// Output: one result per case: {"status":"complete"|"pending"|"error", "error"?, "packets":[{type,nsp,id,data}]}
// where Buffers in data are written as {"$bytes":"<base64>"}.
import { Decoder } from "socket.io-parser";

const input = JSON.parse(await new Promise((resolve) => {
  let text = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (text += chunk));
  process.stdin.on("end", () => resolve(text));
}));

function plain(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bytes: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

const results = input.decode.map((parts) => {
  const decoder = new Decoder({ maxAttachments: input.maxAttachments });
  const packets = [];
  decoder.on("decoded", (packet) => packets.push({ type: packet.type, nsp: packet.nsp, id: packet.id, data: plain(packet.data) }));
  try {
    for (const part of parts) {
      decoder.add(typeof part === "string" ? part : Buffer.from(part.b64, "base64"));
    }
  } catch (e) {
    return { status: "error", error: String(e.message), packets };
  }
  return { status: packets.length === parts.filter((p) => typeof p === "string").length ? "complete" : "pending", packets };
});

process.stdout.write(JSON.stringify(results));

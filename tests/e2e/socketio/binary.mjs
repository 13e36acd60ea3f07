// Binary arguments both ways: Buffer, ArrayBuffer, typed arrays, nested in objects and arrays.
import { ackOf, check, connect, once, run } from "./common.mjs";

const bytes = (value) => Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);

run(async () => {
  for (const transport of ["websocket", "polling"]) {
    const socket = await connect("/", { transports: [transport], upgrade: false });
    const buffer = Buffer.from([1, 2, 3]);
    const arrayBuffer = new Uint8Array([4, 5, 6, 7]).buffer;
    const typed = new Uint16Array([0x0102, 0x0304]);
    const nested = { file: { name: "f.bin", data: Buffer.from([8, 9]) }, parts: ["text", Buffer.from([10])] };

    const echoed = once(socket, "echo");
    const ack = await ackOf(socket, "echo", buffer, arrayBuffer, typed, nested);
    for (const [label, args] of [["ack", ack], ["event", await echoed]]) {
      check(`${transport}: a Buffer comes back in the ${label}`, bytes(args[0]).equals(buffer));
      check(`${transport}: an ArrayBuffer comes back in the ${label}`, bytes(args[1]).equals(Buffer.from([4, 5, 6, 7])));
      check(`${transport}: a typed array's bytes come back in the ${label}`, bytes(args[2]).equals(Buffer.from(typed.buffer)));
      check(`${transport}: binary nested in objects and arrays comes back in the ${label}`,
        bytes(args[3].file.data).equals(Buffer.from([8, 9])) && args[3].file.name === "f.bin" &&
        args[3].parts[0] === "text" && bytes(args[3].parts[1]).equals(Buffer.from([10])));
    }

    const fromServer = once(socket, "binary");
    await ackOf(socket, "binary-please");
    const [top, object] = await fromServer;
    check(`${transport}: server-made binary arrives at top level`, bytes(top).equals(Buffer.from([1, 2, 3])));
    check(`${transport}: and nested in objects and arrays`,
      bytes(object.nested.data).equals(Buffer.from([4, 5])) && object.list[0] === "x" && bytes(object.list[1]).equals(Buffer.from([6])));
    socket.disconnect();
  }
});

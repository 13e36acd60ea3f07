// The seed's /admin namespace: the io.use middleware checks handshake.auth.token; socket.data.username follows.
import { connect, connectError, ask, check, run, assert } from "./common.mjs";

run(async () => {
  const missing = await connectError("/admin");
  check("no token: connect_error 未授权", missing.message === "未授权");
  const wrong = await connectError("/admin", { auth: { token: "not-a-token" } });
  check("a wrong token: connect_error 未授权", wrong.message === "未授权");

  const admin = await connect("/admin", { auth: { token: "dev-admin-token" } });
  check("the development token connects");
  assert.deepEqual(await ask(admin, "admin command", { action: "restart" }), { ok: true, user: "admin", command: { action: "restart" } });
  check("admin command acks {ok, user, command}");
  assert.deepEqual(await ask(admin, "admin command", "status"), { ok: true, user: "admin", command: "status" });
  check("socket.data.username persists across events");
  admin.close();
});

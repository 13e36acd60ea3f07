// The seed's chat namespace "/": every event the function app serves, each checked from the clients' side.
import { connect, ask, collect, until, check, run, assert } from "./common.mjs";
import { seedFeatures } from "./seed-features.mjs";

run(async () => {
  const alice = await connect();
  const bob = await connect();
  const carol = await connect();
  await seedFeatures({ alice, bob, carol }, { ask, collect, until, check, assert });

  // ask: the function asks the same client (emitWithAck) and acks with its answer
  bob.on("question", (question, answer) => answer({ answer: "42", to: question }));
  assert.deepEqual(await ask(bob, "ask", "life?"), { answer: "42", to: "life?" });
  check("ask");

  for (const socket of [alice, bob, carol]) socket.close();
});

// `npm ci` at the repository root under a lock, for NpmPackages.proj: two builds at once (two terminals, an IDE and a
// terminal) would otherwise delete and write node_modules over each other. The lock is a directory (mkdir is atomic
// everywhere); a lock older than ten minutes is from a build that died and is taken over.
import { execSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = process.cwd();
const lock = join(root, "node_modules.lock");
const marker = join(root, "node_modules", ".package-lock.json");
const staleMs = 10 * 60 * 1000;

const upToDate = () => existsSync(marker) && statSync(marker).mtimeMs >= statSync(join(root, "package-lock.json")).mtimeMs;
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch (error) {
    if (error.code !== "EEXIST") throw error;
    if (Date.now() - statSync(lock).mtimeMs > staleMs) {
      rmSync(lock, { recursive: true, force: true });
      continue;
    }
    sleep(500);
  }
}

try {
  // Another build may have installed while this one waited for the lock.
  if (!upToDate()) {
    execSync("npm ci --no-audit --no-fund", { stdio: "inherit" });
  }
} finally {
  rmSync(lock, { recursive: true, force: true });
}

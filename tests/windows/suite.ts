/**
 * Shared set-up of the Wine suite: the prefix, both programs (built once per source change), the
 * emulators installed into the prefix, a persistent wineserver (a cold one costs ~3 s per program
 * start) and the fixture disks, all made once per run. Test files call {@link suite} in `before`.
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBinaries, installEmulators } from "./support/binaries.ts";
import { driveC, EMULATOR_DIR_WIN, ensurePrefix, findWine, prefixDir } from "./support/prefix.ts";
import { makeDistroDisk } from "./support/fixtures.ts";
import type { DistroDisk } from "./support/fixtures.ts";
import { WINE_INSTALL_HINT } from "../support/wine.ts";

/** Everything a scenario needs. */
export interface Suite {
  /** The product .exe (Linux path; Wine runs it by that path). */
  product: string;
  /** Fixture disks by name. */
  disks: Record<"ubuntu" | "debian" | "dockerData" | "dockerMain", DistroDisk>;
  fixtureDir: string;
}

let ready: Promise<Suite> | undefined;

/**
 * Why the suite cannot run here, or undefined. Only a missing Wine skips: the suite makes its own
 * prefix in the cache folder (support/prefix.ts ensurePrefix), so `~/.wine` need not be prepared.
 */
export function skipReason(): string | undefined {
  return findWine() ? undefined : `wine64 is not installed: run ${WINE_INSTALL_HINT}`;
}

const WINESERVER = existsSync("/usr/lib/wine/wineserver") ? "/usr/lib/wine/wineserver" : "wineserver";

/** Starts a wineserver that stays up between program starts; returns a function that stops it. */
function persistentWineserver(): () => void {
  const env = { ...process.env, WINEPREFIX: prefixDir() };
  // `-p` without a timeout: it lives until `-k`. It stays in the foreground, so do not wait for it.
  const server = spawn(WINESERVER, ["-f", "-p"], { env, stdio: "ignore", detached: true });
  server.unref();
  // Wine's service processes (services.exe, winedevice.exe...) start with the first program and keep
  // its stdout open: start them here with no pipes, so later programs' output ends when they do.
  const wine = findWine();
  if (wine) spawnSync(wine, ["cmd", "/c", "exit"], { env: { ...env, WINEDEBUG: "-all" }, stdio: "ignore" });
  return () => {
    spawnSync(WINESERVER, ["-k"], { env });
  };
}

/** Prepares the suite once per test process. */
export function suite(): Promise<Suite> {
  ready ??= (async () => {
    const log = (s: string) => console.log(`# ${s}`);
    ensurePrefix(log);
    const binaries = await ensureBinaries(log);
    installEmulators(binaries.emulator, driveC(EMULATOR_DIR_WIN));
    process.on("exit", persistentWineserver());
    const fixtureDir = mkdtempSync(join(tmpdir(), "vhdx-shrink-wine-"));
    process.on("exit", () => rmSync(fixtureDir, { recursive: true, force: true }));
    const disks = {
      ubuntu: await makeDistroDisk(fixtureDir, "ubuntu"),
      debian: await makeDistroDisk(fixtureDir, "debian"),
      dockerData: await makeDistroDisk(fixtureDir, "docker-data"),
      dockerMain: await makeDistroDisk(fixtureDir, "docker-main"),
    };
    return { product: binaries.product, disks, fixtureDir };
  })();
  return ready;
}

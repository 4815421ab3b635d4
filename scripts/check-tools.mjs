#!/usr/bin/env node
// Checks, before any test runs, that the real tools the tests make fixtures with and judge by are
// installed; when some are missing prints ONE line naming them and the command that installs them,
// and exits 1. `node scripts/check-tools.mjs` is what `npm test` needs (plus, when CI=true, Wine for
// tests/packaging/wine_test.ts and Debian's chromium for tests/report/, which outside CI say they were
// skipped); `--windows` is what `npm run test:windows` needs.
import { accessSync, constants, existsSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** Debian packages (installed together) → the programs of them the tests run. */
const TEST_TOOLS = {
  packages: ["qemu-utils", "e2fsprogs", "zerofree", "unzip"],
  programs: ["qemu-img", "qemu-io", "mke2fs", "debugfs", "e2fsck", "dumpe2fs", "zerofree", "unzip"],
};
const WINE_TOOLS = { packages: ["wine", "wine64", "gcc-mingw-w64-x86-64"], programs: ["wine64", "x86_64-w64-mingw32-gcc"] };
// Debian puts wine64 in /usr/lib/wine (setup.sh links it into /usr/local/bin; tests/support/wine.ts
// looks in both). Everything else must be on PATH: the tests run it by name.
const WINE_DIR = "/usr/lib/wine";
// The HTML report's browser tests drive Debian's chromium (tests/support/browser.ts: /usr/bin/chromium).
const BROWSER_TOOLS = { packages: ["chromium"], programs: ["chromium"] };
const SBIN = ["/usr/sbin", "/sbin"];

function inDir(dir, name) {
  try {
    accessSync(join(dir, name), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
const pathDirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
const found = (name) => pathDirs.some((d) => inDir(d, name)) || (name === "wine64" && inDir(WINE_DIR, name));

/** The missing programs of some groups and the packages to install for them. */
function missing(groups) {
  const programs = [];
  const packages = [];
  for (const g of groups) {
    const gone = g.programs.filter((n) => !found(n));
    if (gone.length) programs.push(...gone), packages.push(...g.packages);
  }
  return { programs, packages };
}

const windows = process.argv.includes("--windows");
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? "");
const groups = windows ? [WINE_TOOLS] : ci ? [TEST_TOOLS, WINE_TOOLS, BROWSER_TOOLS] : [TEST_TOOLS];
const { programs, packages } = missing(groups);
const wineWanted = windows || ci;
const prefix = process.env.WINEPREFIX || join(homedir(), ".wine");
const needsPrefix = wineWanted && !windows && programs.length === 0 &&
  !existsSync(join(prefix, "drive_c", "windows", "system32", "bcryptprimitives.dll"));

if (programs.length) {
  const why = windows ? "npm run test:windows" : ci ? "npm test (CI=true also runs the Windows build under Wine and the report in chromium)" : "npm test";
  const inSbin = programs.filter((n) => SBIN.some((d) => inDir(d, n)));
  if (inSbin.length === programs.length) {
    console.error(`${why} needs ${programs.join(", ")}: installed in /usr/sbin, which is not on your PATH: run export PATH="$PATH:/usr/sbin:/sbin"`);
    process.exit(1);
  }
  const sudo = process.getuid?.() === 0 ? "" : "sudo ";
  const wineStep = packages.includes("wine64") ? " && bash tests/windows/wine/setup.sh" : "";
  console.error(`${why} needs ${programs.join(", ")}, not found: install with ${sudo}apt-get install -y ${packages.join(" ")}${wineStep}`);
  process.exit(1);
}
if (needsPrefix) {
  console.error(`npm test with CI=true runs the Windows build under Wine, but ${prefix} lacks bcryptprimitives.dll: run bash tests/windows/wine/setup.sh`);
  process.exit(1);
}

#!/usr/bin/env node
// npm entry point: runs the compiled CLI (lib/cli.js, built by scripts/build-npm.mjs on `prepare`)
// with plain Node >= 20. Deno and Bun run the source instead (deno run -A cli/main.ts, bun cli/main.ts).
import { existsSync, readFileSync } from "node:fs";
import module from "node:module";

// Node >= 22.1 can cache the compiled CLI between runs (no-op on older Node, which lacks it).
module.enableCompileCache?.();

const argv = process.argv.slice(2);
// The version is package.json's (the build keeps core/version.ts equal to it): answering it needs
// none of the CLI, so it does not load it.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) {
  process.stdout.write(JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).version + "\n");
} else {
  const cli = new URL("../lib/cli.js", import.meta.url);
  if (!existsSync(cli)) {
    process.stderr.write("error: lib/cli.js is missing (a clone before its build): run npm run build:npm, or npm ci\n");
    process.exitCode = 1;
  } else {
    const { main } = await import(cli.href);
    process.exitCode = await main(argv);
  }
}

import { test } from "node:test";
import assert from "node:assert/strict";
import { Output } from "./output.ts";
import { makeProgress } from "./progress.ts";

function capture(opts: { json?: boolean; quiet?: boolean }, tty = false) {
  let out = "";
  let err = "";
  const o = new Output(
    { json: Boolean(opts.json), quiet: Boolean(opts.quiet), verbose: false, debug: false },
    { write: (t) => void (out += t), isTTY: tty, columns: 100 },
    { write: (t) => void (err += t), isTTY: tty },
    () => undefined,
  );
  return { o, out: () => out, err: () => err };
}

test("with --json, progress is JSON lines on stderr and stdout stays empty", () => {
  const c = capture({ json: true });
  let now = 0;
  const p = makeProgress(c.o, () => now);
  p.phase("copy", 100);
  now += 1000;
  p.update(50);
  p.note("verifying");
  p.stop();
  const events = c.err().trim().split("\n").map((l) => JSON.parse(l));
  assert.deepEqual(events.map((e) => e.event), ["phase", "progress", "note"]);
  assert.equal(events[1].done, 50);
  assert.equal(events[1].total, 100);
  assert.equal(c.out(), "");
});

test("without a terminal, progress is a plain line at most every 5 seconds with rate", () => {
  const c = capture({});
  let now = 0;
  const p = makeProgress(c.o, () => now);
  p.phase("move blocks", 10 * 1024 * 1024);
  for (let i = 1; i <= 10; i++) {
    now += 1000;
    p.update(i * 1024 * 1024);
  }
  const lines = c.err().trim().split("\n");
  assert.equal(lines[0], "move blocks (10.0 MiB)...");
  assert.equal(lines.length, 3, c.err()); // t=5 s and t=10 s
  assert.match(lines[1], /^ {2}move blocks: 50% 5\.0 MiB of 10\.0 MiB, 1\.0 MiB\/s$/);
  assert.doesNotMatch(c.err(), /\x1b\[/);
});

test("--quiet shows no progress at all", () => {
  const c = capture({ quiet: true });
  const p = makeProgress(c.o, () => 0);
  p.phase("copy", 10);
  p.update(10);
  p.note("x");
  assert.equal(c.err() + c.out(), "");
});

test("on a terminal, a bar shows bytes and rate and is stopped cleanly", () => {
  const c = capture({}, true);
  const p = makeProgress(c.o);
  p.phase("copy", 4 * 1024 * 1024);
  p.update(2 * 1024 * 1024);
  p.stop();
  assert.match(c.err(), /copy \[/);
  assert.match(c.err(), /of 4\.0 MiB/);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { formatBytes, formatDuration, makeStyle, parseSize, renderTable } from "./format.ts";

test("byte sizes use binary units with one decimal", () => {
  assert.equal(formatBytes(0), "0 B");
  assert.equal(formatBytes(1536), "1.5 KiB");
  assert.equal(formatBytes(100 * 1024 ** 3), "100.0 GiB");
  assert.equal(formatBytes(-2 * 1024 ** 2), "-2.0 MiB");
});

test("sizes parse with and without units", () => {
  assert.equal(parseSize("40GB"), 40 * 1024 ** 3);
  assert.equal(parseSize("512M"), 512 * 1024 ** 2);
  assert.equal(parseSize("1.5 GiB"), 1.5 * 1024 ** 3);
  assert.equal(parseSize("1000"), 1000);
  assert.equal(parseSize("lots"), null);
});

test("durations read naturally", () => {
  assert.equal(formatDuration(5), "5 s");
  assert.equal(formatDuration(600), "10 min");
  assert.equal(formatDuration(3900), "1 h 5 min");
});

test("tables align columns and right-align numbers", () => {
  const out = renderTable(["name", "size"], [["Ubuntu", "10.0 GB"], ["docker-desktop", "1.0 GB"]]);
  assert.equal(out, "name               size\n--------------  -------\nUbuntu          10.0 GB\ndocker-desktop   1.0 GB");
});

test("wide tables cut the shrinkable column to fit", () => {
  const out = renderTable(["path", "n"], [["C:\\Users\\someone\\AppData\\Local\\Docker\\wsl\\disk\\docker_data.vhdx", "1"]], 30, [0]);
  for (const l of out.split("\n")) assert.ok(l.length <= 30, l);
  assert.match(out, /…/);
});

test("disabled style adds no escape codes", () => {
  assert.equal(makeStyle(false).red("x"), "x");
  assert.equal(makeStyle(true).red("x"), "\x1b[31mx\x1b[39m");
});

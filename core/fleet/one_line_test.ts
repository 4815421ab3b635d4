import { test } from "node:test";
import assert from "node:assert/strict";
import { MAX_LINE_CHARS, oneLine } from "./one_line.ts";

test("a short list is the head, a colon and the items separated by commas", () => {
  assert.equal(oneLine("3 disks, 41.2 GB reclaimable", ["docker_data.vhdx 38.0 GB", "Ubuntu 3.2 GB"]), "3 disks, 41.2 GB reclaimable: docker_data.vhdx 38.0 GB, Ubuntu 3.2 GB");
});

test("items that do not fit are counted as +N more and the line stays within the limit", () => {
  const items = Array.from({ length: 500 }, (_, i) => `Distro-${i} ${i}.0 GB`);
  const line = oneLine("500 disks", items);
  assert.ok(line.length <= MAX_LINE_CHARS, `${line.length}`);
  assert.ok(line.length > MAX_LINE_CHARS - 40, "it uses the room it has");
  const shown = line.split(", ").filter((x) => x.startsWith("Distro-") || x.startsWith("500 disks: Distro-")).length;
  assert.match(line, new RegExp(`, \\+${500 - shown} more$`));
});

test("newlines in an item become spaces, so the output is one line", () => {
  assert.equal(oneLine("1 disk", ["Ubuntu failed (bad\r\nthing)"]), "1 disk: Ubuntu failed (bad thing)");
});

test("one item longer than the limit is counted, and a head longer than the limit is cut with ...", () => {
  assert.equal(oneLine("1 disk", ["x".repeat(5000)], 100), "1 disk: +1 more");
  const cut = oneLine("h".repeat(5000), [], 100);
  assert.equal(cut.length, 100);
  assert.ok(cut.endsWith("..."));
});

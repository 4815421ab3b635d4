import { test } from "node:test";
import assert from "node:assert/strict";
import { parseThreshold, reaches } from "./threshold.ts";
import { UsageError } from "../errors.ts";

test("a size threshold is bytes in binary units and a percentage is a share of the file", () => {
  assert.deepEqual(parseThreshold("10GB"), { bytes: 10 * 1024 ** 3 });
  assert.deepEqual(parseThreshold("25%"), { percent: 25 });
  assert.deepEqual(parseThreshold(" 12.5 % "), { percent: 12.5 });
});

test("a threshold that is neither, or a percentage above 100, is a usage error", () => {
  for (const bad of ["big", "150%", "-3GB", "%"]) assert.throws(() => parseThreshold(bad), UsageError, bad);
});

test("reaching a threshold needs at least that much, and never nothing", () => {
  assert.equal(reaches({ bytes: 100 }, 100, 1000), true);
  assert.equal(reaches({ bytes: 100 }, 99, 1000), false);
  assert.equal(reaches({ bytes: 0 }, 0, 1000), false);
  assert.equal(reaches({ percent: 25 }, 250, 1000), true);
  assert.equal(reaches({ percent: 25 }, 249, 1000), false);
  assert.equal(reaches({ percent: 0 }, 1, 0), false);
});

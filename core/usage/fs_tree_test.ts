import { test } from "node:test";
import assert from "node:assert/strict";
import { fsPathParts, joinFsPath, normalizeFsPath } from "./fs_tree.ts";

test("paths inside a tree are normalised to absolute, slash-separated, without empty or dot parts", () => {
  assert.equal(normalizeFsPath("var//log/"), "/var/log");
  assert.equal(normalizeFsPath("/a/./b/../c"), "/a/c");
  assert.equal(normalizeFsPath("/../.."), "/");
  assert.equal(normalizeFsPath(""), "/");
});

test("joining and splitting paths treats the root specially", () => {
  assert.equal(joinFsPath("/", "var"), "/var");
  assert.equal(joinFsPath("/var", "log"), "/var/log");
  assert.deepEqual(fsPathParts("/"), []);
  assert.deepEqual(fsPathParts("/var/log"), ["var", "log"]);
});

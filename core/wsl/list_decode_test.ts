import { test } from "node:test";
import assert from "node:assert/strict";
import { parseListVerbose } from "./list.ts";
import { parseWslVersion } from "./version.ts";
import { decodeOutput, encodeUtf16le } from "../host/decode.ts";

test("list --verbose rows parse from UTF-16LE bytes with \\r\\r\\n line ends", () => {
  const bytes = encodeUtf16le("  NAME            STATE           VERSION\r\r\n* Ubuntu-22.04    Running         2\r\r\n  Legacy          Stopped         1\r\r\n");
  assert.deepEqual(parseListVerbose(decodeOutput(bytes, "utf16le")), [
    { name: "Ubuntu-22.04", state: "Running", version: 2, isDefault: true },
    { name: "Legacy", state: "Stopped", version: 1, isDefault: false },
  ]);
});

test("the WSL version comes from the first line whatever its translated label", () => {
  assert.equal(parseWslVersion("WSL-Version: 2.3.26.0\nKernelversion: 5.15\n")?.wsl, "2.3.26.0");
  assert.equal(parseWslVersion("Invalid command line argument: --version\n"), null);
});

import { test } from "node:test";
import assert from "node:assert/strict";
import { splitCrtCommandLine } from "./crt_argv.ts";
import { crtCommandLine, quoteCrtArg } from "../../core/host/crt_quote.ts";

test("the command lines of the C runtime documentation split into the documented argv", () => {
  // learn.microsoft.com/cpp/cpp/main-function-command-line-args, table "Results of parsing command lines".
  assert.deepEqual(splitCrtCommandLine('"abc" d e'), ["abc", "d", "e"]);
  assert.deepEqual(splitCrtCommandLine('a\\\\b d"e f"g h'), ["a\\\\b", "de fg", "h"]);
  assert.deepEqual(splitCrtCommandLine('a\\\\\\"b c d'), ['a\\"b', "c", "d"]);
  assert.deepEqual(splitCrtCommandLine('a\\\\\\\\"b c" d e'), ["a\\\\b c", "d", "e"]);
  assert.deepEqual(splitCrtCommandLine('a"b"" c d'), ['ab" c d']);
});

test("an unquoted path with a space becomes two arguments, as Start-Process -ArgumentList delivers it", () => {
  assert.deepEqual(splitCrtCommandLine("/s C:\\Users\\Dev User\\AppData\\Local\\Temp\\x\\compact.txt"),
    ["/s", "C:\\Users\\Dev", "User\\AppData\\Local\\Temp\\x\\compact.txt"]);
});

test("every argument quoted by the product reaches the program unchanged", () => {
  const tricky = [
    "C:\\Users\\Dev User\\AppData\\Local\\Temp\\vhdx-shrink-diskpart-1\\compact.txt",
    "C:\\Users\\Usuário\\AppData\\Local\\wsl\\{x}\\ext4.vhdx",
    "", "plain", "trailing\\", "dir with space\\", 'say "hi"', '\\"', "tab\there", "a\\\\b", "Jürgen's disk",
    "$ErrorActionPreference = 'Stop'; Mount-VHD -Path 'C:\\Users\\Dev User\\x.vhdx' -ReadOnly",
  ];
  assert.deepEqual(splitCrtCommandLine(crtCommandLine(tricky)), tricky);
  assert.equal(quoteCrtArg("plain"), "plain");
  assert.equal(quoteCrtArg("dir with space\\"), '"dir with space\\\\"');
});

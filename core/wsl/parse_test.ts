import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeOutput, encodeUtf16le } from "../host/decode.ts";
import { parseListQuiet, parseListVerbose } from "./list.ts";
import { compareVersions, parseWslVersion } from "./version.ts";
import { parseWslErrorCode } from "./wsl_error.ts";
import { parseTrimmedBytes } from "./trim.ts";
import { formatWslCommand } from "./run_wsl.ts";

const utf16 = (text: string) => decodeOutput(encodeUtf16le(text), "utf16le");

test("--list --verbose in UTF-16LE with \\r\\r\\n line ends parses into names, states, versions and the default", () => {
  const text = utf16("  NAME              STATE           VERSION\r\r\n* Ubuntu-22.04      Running         2\r\r\n  docker-desktop    Stopped         2\r\r\n  legacy            Stopped         1\r\r\n");
  assert.deepEqual(parseListVerbose(text), [
    { isDefault: true, name: "Ubuntu-22.04", state: "Running", version: 2 },
    { isDefault: false, name: "docker-desktop", state: "Stopped", version: 2 },
    { isDefault: false, name: "legacy", state: "Stopped", version: 1 },
  ]);
});

test("a translated --list --verbose header is skipped; state words stay English", () => {
  assert.deepEqual(parseListVerbose("  NOM      ÉTAT      VERSION\n* Debian   Stopped   2\n").map((d) => d.name), ["Debian"]);
});

test("--list --quiet gives bare names", () => {
  assert.deepEqual(parseListQuiet(utf16("Ubuntu\r\r\ndocker-desktop\r\r\n")), ["Ubuntu", "docker-desktop"]);
});

test("wsl --version takes numbers, not the translated labels", () => {
  const v = parseWslVersion("Version de WSL : 2.5.9.0\nVersion du noyau : 6.6.87.2-1\nWSLg version: 1.0.66\nWindows version: 10.0.26100.4652\n");
  assert.equal(v?.wsl, "2.5.9.0");
  assert.equal(v?.kernel, "6.6.87.2");
  assert.equal(v?.windows, "10.0.26100.4652");
  assert.equal(parseWslVersion("Invalid command line argument: --version"), null);
});

test("versions compare numerically", () => {
  assert.ok(compareVersions("2.10.0", "2.9.4") > 0);
  assert.equal(compareVersions("2.0", "2.0.0"), 0);
  assert.ok(compareVersions("1.2.5", "2.0.0") < 0);
});

test("the Wsl/... error code is found whatever language the message is in", () => {
  assert.equal(parseWslErrorCode("La prise en charge des VHD partiellement alloués est désactivée.\nCode d'erreur : Wsl/Service/E_INVALIDARG\nError code: Wsl/Service/E_INVALIDARG"), "Wsl/Service/E_INVALIDARG");
  assert.equal(parseWslErrorCode("nothing here"), undefined);
});

test("fstrim -av figures are summed over every filesystem", () => {
  assert.equal(parseTrimmedBytes("/mnt/wslg/distro: 0 B (0 bytes) trimmed on /dev/sdc\n/: 1.2 GiB (1288490188 bytes) trimmed on /dev/sdc\n"), 1288490188);
});

test("commands are shown as a user would type them", () => {
  assert.equal(formatWslCommand(["--export", "Ubuntu", "C:\\Users\\A B\\x.tar"]), 'wsl.exe --export Ubuntu "C:\\Users\\A B\\x.tar"');
});

test("the Wsl/ error code is found behind a translated label (German `Fehlercode:`) and not inside a message", () => {
  assert.equal(parseWslErrorCode("Es ist keine Distribution mit dem angegebenen Namen vorhanden.\nFehlercode: Wsl/Service/WSL_E_DISTRO_NOT_FOUND\n"), "Wsl/Service/WSL_E_DISTRO_NOT_FOUND");
  assert.equal(parseWslErrorCode("Error code: Wsl/Service/RegisterDistro/0x8007051b"), "Wsl/Service/RegisterDistro/0x8007051b");
  assert.equal(parseWslErrorCode("see Wsl/Service/E_INVALIDARG in the docs"), undefined);
});

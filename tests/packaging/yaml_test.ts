import { test } from "node:test";
import assert from "node:assert/strict";
import { toYaml, yamlScalar } from "../../packaging/yaml.ts";
import { parseYamlWithBun } from "./schema_validator.ts";

test("a document of mappings, sequences and scalars reads back the same through Bun's YAML parser", () => {
  const doc = {
    PackageVersion: "0.10.0",
    Commands: ["vhdx-shrink"],
    Installers: [{ Architecture: "x64", InstallerUrl: "https://example.com/a.exe#/b.exe", Nested: { Deep: [] } }],
    Count: 3,
    Flag: false,
    Empty: null,
  };
  assert.deepEqual(parseYamlWithBun(toYaml(doc, ["comment line"])), doc);
});

test("strings a YAML parser would read as numbers, booleans, null or mappings are quoted and stay strings", () => {
  const tricky = ["1.10", "1e5", "123", "yes", "No", "off", "null", "~", "", "a: b", "x #y", "#c", "- item",
    "@at", "trailing ", "ends:", "\"q\"", "line\nbreak", "2025-07-01", "0x1F", "12E34", "it's"];
  const doc = Object.fromEntries(tricky.map((s, i) => [`k${i}`, s]));
  assert.deepEqual(parseYamlWithBun(toYaml(doc)), doc);
});

test("versions and hex digests are written plain, the way winget-pkgs writes them", () => {
  assert.equal(yamlScalar("1.8.1"), "1.8.1");
  assert.equal(yamlScalar("23CB60A1354EED6BCC8D9B9735E8C7B388CD1FDCB75726B93BC299EF22DD9334"),
    "23CB60A1354EED6BCC8D9B9735E8C7B388CD1FDCB75726B93BC299EF22DD9334");
  assert.equal(yamlScalar("1.10"), '"1.10"');
});

test("sequence items sit at their key's indentation, as in winget-pkgs manifests", () => {
  assert.equal(toYaml({ Commands: ["jq"], Installers: [{ A: "x", B: "z" }] }), "Commands:\n- jq\nInstallers:\n- A: x\n  B: z\n");
});

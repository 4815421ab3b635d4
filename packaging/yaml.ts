/**
 * A tiny YAML emitter for the flat manifests winget reads: mappings, sequences and scalars, block
 * style, two-space indentation, the layout winget-pkgs uses. Strings that a YAML parser could read as
 * something else (numbers, booleans, null, dates, or text with `: ` / ` #`) are double-quoted with
 * JSON escapes, which are valid YAML double-quoted scalars (YAML 1.2 §7.3.1).
 * @module
 */

/** A value the emitter can write. `undefined` fields are left out. */
export type YamlValue = string | number | boolean | null | undefined | YamlValue[] | { [key: string]: YamlValue };

/** A plain scalar made only of these characters cannot start an indicator or comment (YAML 1.2 §7.3.3). */
const SAFE_PLAIN = /^[A-Za-z_/][A-Za-z0-9 ._/:@+()=,'-]*$/;
/** Words YAML 1.1 parsers (winget's among them) read as booleans or null. */
const RESERVED_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
/** `1.2.3` is a string to every YAML parser: a float has at most one dot. */
const DOTTED_VERSION = /^\d+(\.\d+){2,}$/;
/** Hex digests are strings unless every letter is `E` (then `1E5`-like numbers are possible). */
const HEX_DIGEST = /^[0-9A-Fa-f]{32,}$/;

/** Writes a scalar, quoting it when a parser could read it as anything but this string. */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return "null";
  if (typeof value !== "string") return String(value);
  if (isPlainSafe(value)) return value;
  return JSON.stringify(value);
}

function isPlainSafe(s: string): boolean {
  if (DOTTED_VERSION.test(s)) return true;
  if (HEX_DIGEST.test(s)) return /[A-DFa-df]/.test(s);
  if (!SAFE_PLAIN.test(s) || RESERVED_WORDS.test(s)) return false;
  return !s.endsWith(" ") && !s.endsWith(":") && !s.includes(": ") && !s.includes(" #");
}

/**
 * Serializes a mapping as a YAML document, with optional leading comment lines.
 * @example
 * toYaml({ PackageVersion: "1.0.0", Commands: ["jq"] }); // "PackageVersion: 1.0.0\nCommands:\n- jq\n"
 */
export function toYaml(doc: { [key: string]: YamlValue }, comments: string[] = []): string {
  const head = comments.map((c) => `# ${c}\n`).join("") + (comments.length ? "\n" : "");
  return head + mapping(doc, "").join("\n") + "\n";
}

function mapping(obj: { [key: string]: YamlValue }, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const k = indent + yamlScalar(key) + ":";
    if (Array.isArray(value)) lines.push(...(value.length ? [k, ...sequence(value, indent)] : [k + " []"]));
    else if (value !== null && typeof value === "object") lines.push(k, ...mapping(value, indent + "  "));
    else lines.push(k + " " + yamlScalar(value));
  }
  return lines;
}

// winget-pkgs writes sequence items at the parent's indentation ("Commands:\n- jq"), which YAML allows.
function sequence(items: YamlValue[], indent: string): string[] {
  const lines: string[] = [];
  for (const item of items) {
    if (item === undefined) continue;
    if (Array.isArray(item)) throw new TypeError("nested sequences are not needed by manifests and not supported");
    if (item !== null && typeof item === "object") {
      const inner = mapping(item, indent + "  ");
      lines.push(indent + "- " + inner[0].slice(indent.length + 2), ...inner.slice(1));
    } else lines.push(indent + "- " + yamlScalar(item));
  }
  return lines;
}

/**
 * Validates manifests against the package managers' own JSON schemas (vendor/schemas, see vendor/README.md: Scoop's
 * schema.json, winget's manifest.*.1.10.0.json; all draft-07, so Ajv's default class) and parses
 * YAML with an independent parser (Bun's `Bun.YAML`, run as a subprocess so every runtime can use it).
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";

/** The repository root. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The vendored schemas: `$VHDX_SHRINK_SCHEMAS`, else vendor/schemas in this repository. */
export const SCHEMAS_DIR = process.env.VHDX_SHRINK_SCHEMAS || join(REPO_ROOT, "vendor", "schemas");

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
interface AjvLike {
  compile(schema: object): Validate;
  addFormat(name: string, format: object): void;
}
// ajv and ajv-formats are CommonJS; under NodeNext types the default import is the module object.
const Ajv = ((AjvModule as unknown as { default?: unknown }).default ?? AjvModule) as new (opts: object) => AjvLike;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: AjvLike) => void;

/** Schema files by manifest kind. */
export const SCHEMA_FILES = {
  scoop: join("scoop", "schema.json"),
  version: join("winget-1.10.0", "manifest.version.1.10.0.json"),
  installer: join("winget-1.10.0", "manifest.installer.1.10.0.json"),
  defaultLocale: join("winget-1.10.0", "manifest.defaultLocale.1.10.0.json"),
} as const;

const cache = new Map<string, Validate>();

/** Validates `data` against a schema; returns Ajv's errors as readable text, or [] when valid. */
export function schemaErrors(kind: keyof typeof SCHEMA_FILES, data: unknown): string[] {
  let validate = cache.get(kind);
  if (!validate) {
    // strictTypes off: the winget schemas use `"type": ["string", "null"]` unions Ajv's strict mode rejects.
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    // winget's integer format for return codes; any integer is fine for our purposes.
    ajv.addFormat("long", { type: "number", validate: (n: number) => Number.isInteger(n) });
    const file = join(SCHEMAS_DIR, SCHEMA_FILES[kind]);
    if (!existsSync(file)) throw new Error(`schema ${file} not found: restore vendor/schemas (git checkout vendor) or set VHDX_SHRINK_SCHEMAS`);
    validate = ajv.compile(JSON.parse(readFileSync(file, "utf8")));
    cache.set(kind, validate);
  }
  return validate(data) ? [] : (validate.errors ?? []).map((e) => JSON.stringify(e));
}

/** Parses YAML text with Bun's parser (the `bun` dev dependency), independent of our emitter. */
export function parseYamlWithBun(text: string): unknown {
  const bun = join(REPO_ROOT, "node_modules", "bun", "bin", "bun.exe");
  const script = 'process.stdout.write(JSON.stringify(Bun.YAML.parse(require("node:fs").readFileSync(0, "utf8"))))';
  const r = spawnSync(bun, ["-e", script], { input: text, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`Bun.YAML could not parse the text: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

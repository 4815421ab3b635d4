/**
 * Emulated `reg query KEY [/s] [/v NAME]`, `reg add KEY /v NAME /t TYPE /d DATA /f` and
 * `reg delete KEY [/v NAME] /f`, printing reg.exe's layout (blank line, key, four-space indented
 * `Name    REG_TYPE    Data` rows, blank line, subkeys) that simulated/reg_text.ts and core/host/reg_query.ts parse.
 * @module
 */
import type { RegistryValue } from "../../core/host/host.ts";
import { fullKeyName as normaliseKey } from "../reg_text.ts";
import type { RegistryStore } from "../machine.ts";
import type { Tool } from "./tool.ts";
import { argValue, hasFlag, textResult } from "./tool.ts";

const NOT_FOUND = "ERROR: The system was unable to find the specified registry key or value.\n";
const OK = "The operation completed successfully.\n";

/** reg.exe */
export const reg: Tool = async (args, ctx) => {
  const [verb = "", key = ""] = args;
  const store = ctx.machine.registry;
  const full = normaliseKey(key);
  switch (verb.toLowerCase()) {
    case "query": {
      const text = await query(store, full, hasFlag(args, "/s"), argValue(args, "/v"));
      return text === null ? textResult(1, "", NOT_FOUND) : textResult(0, text);
    }
    case "add": {
      const name = argValue(args, "/v") ?? "";
      await store.setValue(full, name, parseData(argValue(args, "/t") ?? "REG_SZ", argValue(args, "/d") ?? ""));
      return textResult(0, OK);
    }
    case "delete": {
      const name = argValue(args, "/v");
      const done = name === undefined ? await store.deleteKey(full) : await store.deleteValue(full, name);
      return done ? textResult(0, OK) : textResult(1, "", NOT_FOUND);
    }
    default:
      return textResult(1, "", `ERROR: Invalid syntax.\nType "REG /?" for usage.\n`);
  }
};

function typeOf(v: RegistryValue): string {
  return typeof v === "number" ? "REG_DWORD" : Array.isArray(v) ? "REG_MULTI_SZ" : "REG_SZ";
}
function format(v: RegistryValue): string {
  return typeof v === "number" ? `0x${v.toString(16)}` : Array.isArray(v) ? v.join("\\0") : v;
}
function parseData(type: string, data: string): RegistryValue {
  const t = type.toUpperCase();
  if (t === "REG_DWORD" || t === "REG_QWORD") return Number(data);
  if (t === "REG_MULTI_SZ") return data.split("\\0");
  return data;
}

async function query(store: RegistryStore, key: string, recursive: boolean, only?: string): Promise<string | null> {
  const values = await store.values(key);
  if (!values) return null;
  const names = Object.keys(values).filter((n) => only === undefined || n.toLowerCase() === only.toLowerCase());
  if (only !== undefined && names.length === 0) return null;
  let text = `\n${key}\n` + names.map((n) => `    ${n || "(Default)"}    ${typeOf(values[n])}    ${format(values[n])}\n`).join("");
  if (only !== undefined) return text + "\n";
  const subkeys = await store.subkeys(key);
  if (recursive) {
    for (const s of subkeys) text += (await query(store, `${key}\\${s}`, true)) ?? "";
    return text;
  }
  return text + (subkeys.length ? "\n" + subkeys.map((s) => `${key}\\${s}\n`).join("") : "");
}

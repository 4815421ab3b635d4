/**
 * `wsl --version`: labels are translated, values are not, so the version is the first dotted
 * number of the first line. The old inbox wsl.exe rejects the option (docs/research.md §4).
 * @module
 */
import type { Host } from "../host/host.ts";
import { runWsl } from "./run_wsl.ts";

/** What `wsl --version` reports. */
export interface WslVersionInfo {
  wsl: string;
  kernel?: string;
  windows?: string;
}

/** Parses `wsl --version` output; null when no version line is found. */
export function parseWslVersion(text: string): WslVersionInfo | null {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  const num = (l: string | undefined) => l ? /(\d+(?:\.\d+)+)/.exec(l.slice(l.indexOf(":") + 1))?.[1] : undefined;
  const wsl = num(lines[0]);
  if (!wsl) return null;
  return { wsl, kernel: num(lines[1]), windows: num(lines.find((l) => /^\S+.*:\s*10\.0\./.test(l))) };
}

/** The installed WSL version, or null for the inbox wsl.exe (or no WSL at all). */
export async function wslVersion(host: Host): Promise<WslVersionInfo | null> {
  const r = await runWsl(host, ["--version"]).catch(() => null);
  return r && r.code === 0 ? parseWslVersion(r.stdout) : null;
}

/** Compares dotted versions numerically: negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const x = a.split(".").map(Number), y = b.split(".").map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

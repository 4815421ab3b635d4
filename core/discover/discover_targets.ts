/**
 * Discovery: WSL distros from the registry cross-checked with `wsl --list --verbose`, Docker
 * Desktop's disks in every layout, deduplicated by path (a Docker distro's BasePath points at the
 * same file Docker's layout names), with sizes from the host and virtual sizes from the VHDX.
 * @module
 */
import type { Host } from "../host/host.ts";
import type { DiscoveredTarget, Discovery } from "./types.ts";
import { readRegisteredDistros } from "./wsl_registry.ts";
import type { RegisteredDistro } from "./wsl_registry.ts";
import { findDockerDisks } from "./docker_disks.ts";
import { DOCKER_DISTROS } from "./docker_layouts.ts";
import { listDistros } from "../wsl/list.ts";
import type { ListedDistro } from "../wsl/list.ts";
import { wslVersion as readWslVersion } from "../wsl/version.ts";
import { readVirtualSize } from "./virtual_size.ts";
import type { VirtualSizeReader } from "./virtual_size.ts";

/** Options of {@link discoverTargets}. */
export interface DiscoverOptions {
  /** Reads virtual sizes; default uses core/vhdx. */
  readVirtualSize?: VirtualSizeReader;
}

/** Registry `State` words for distros in transition (docs/research.md §3). */
const REGISTRY_STATE_WORDS: Record<number, string> = { 3: "Installing", 4: "Uninstalling", 5: "Converting", 6: "Exporting" };

/** Finds every disk on a Windows host (real or simulated); an empty result elsewhere. */
export async function discoverTargets(host: Host, opts: DiscoverOptions = {}): Promise<Discovery> {
  if (!host.isWindows) return { targets: [], wsl: { version: null }, warnings: [] };
  const reader = opts.readVirtualSize ?? readVirtualSize;
  const warnings: string[] = [];
  const [distros, listed, version] = await Promise.all([readRegisteredDistros(host), listVerbose(host, warnings), wslVersion(host)]);
  const byName = new Map((listed ?? []).map((r) => [r.name.toLowerCase(), r]));
  const targets: (DiscoveredTarget & { sparseUnknown?: string })[] = [];
  const seen = new Set<string>();
  const key = (p: string) => host.path.normalize(p).toLowerCase();
  for (const d of distros) {
    const t = await distroTarget(host, d, listed === null ? UNKNOWN_STATE : byName.get(d.name.toLowerCase()), reader);
    seen.add(key(t.path));
    targets.push(t);
  }
  for (const disk of await findDockerDisks(host)) {
    if (seen.has(key(disk.path))) continue;
    seen.add(key(disk.path));
    const locked = await host.fs.isLocked(disk.path);
    const kind = disk.distro
      ? { kind: "distro" as const, name: disk.distro, owner: "docker" as const }
      : { kind: "disk" as const, name: host.path.basename(disk.path), owner: "docker" as const };
    targets.push({
      ...await sizes(host, disk.path, reader),
      ...kind, path: disk.path,
      running: locked, state: locked ? "Running" : "Stopped", wslVersion: disk.distro ? 2 : null, isDefault: false, shrinkable: true,
      note: disk.distro ? `Docker Desktop ${disk.layout} layout; ${disk.distro} is not registered` : `Docker Desktop ${disk.layout} layout; not a distro (images and volumes)`,
    });
  }
  for (const t of targets) {
    if (t.sparseUnknown) warnings.push(`could not read the sparse flag of ${t.path} (${t.sparseUnknown}); it is shown as ${t.isSparse ? "sparse" : "not sparse"} from its size on disk`);
  }
  return { targets: targets.map(({ sparseUnknown: _, ...t }) => t), wsl: { version }, warnings };
}

/** Stands in for a `wsl --list` row when the list failed: the state is not known. */
const UNKNOWN_STATE = "unknown";

async function distroTarget(host: Host, d: RegisteredDistro, row: ListedDistro | typeof UNKNOWN_STATE | undefined, reader: VirtualSizeReader): Promise<DiscoveredTarget & { sparseUnknown?: string }> {
  const docker = DOCKER_DISTROS.includes(d.name.toLowerCase());
  const state = REGISTRY_STATE_WORDS[d.state] ?? (row === UNKNOWN_STATE ? "Unknown" : row?.state ?? "Stopped");
  const base = {
    kind: "distro" as const, name: d.name, owner: docker ? "docker" as const : "wsl" as const, distroId: d.id,
    defaultUid: d.defaultUid, running: state === "Running", state, wslVersion: d.wslVersion, isDefault: d.isDefault,
  };
  if (d.wslVersion === 1) {
    return { ...base, path: d.basePath, fileSize: null, allocatedSize: null, isSparse: false, virtualSize: null, shrinkable: false, note: "WSL1 distro: files live in a folder, there is no VHDX to shrink" };
  }
  const path = host.path.join(d.basePath, d.vhdFileName);
  const s = await sizes(host, path, reader);
  const note = s.fileSize === null ? "registered, but its disk file is missing"
    : row === UNKNOWN_STATE ? "state unknown: wsl --list failed" : row ? undefined : "not shown by wsl --list (registry only)";
  return { ...base, ...s, path, shrinkable: s.fileSize !== null, note };
}

async function sizes(host: Host, path: string, reader: VirtualSizeReader) {
  const info = await host.fs.stat(path);
  return {
    fileSize: info?.size ?? null,
    allocatedSize: info?.allocatedSize ?? null,
    isSparse: info?.isSparse ?? false,
    virtualSize: info ? await reader(host, path) : null,
    ...(info?.sparseUnknown ? { sparseUnknown: info.sparseUnknown } : {}),
  };
}

/**
 * `wsl --list --verbose` rows, or null when wsl.exe failed: discovery still reads the registry, and
 * the failure becomes a warning (a failing list is not "no distros" and not "all stopped").
 */
async function listVerbose(host: Host, warnings: string[]): Promise<ListedDistro[] | null> {
  try {
    return await listDistros(host, { timeoutMs: 30_000 });
  } catch (e) {
    warnings.push(`${(e as Error).message}: distros are listed from the registry and their state is unknown`);
    return null;
  }
}

/** `wsl --version`'s WSL version; null on the inbox wsl.exe, which rejects it. */
async function wslVersion(host: Host): Promise<string | null> {
  return (await readWslVersion(host))?.wsl ?? null;
}

/** The encoding wsl.exe uses for this host's environment (docs/research.md §4). */
export function wslEncoding(host: Host): "utf8" | "utf16le" {
  return host.env("WSL_UTF8") === "1" ? "utf8" : "utf16le";
}

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
  if (!host.isWindows) return { targets: [], wsl: { version: null } };
  const reader = opts.readVirtualSize ?? readVirtualSize;
  const [distros, listed, version] = await Promise.all([readRegisteredDistros(host), listVerbose(host), wslVersion(host)]);
  const byName = new Map(listed.map((r) => [r.name.toLowerCase(), r]));
  const targets: DiscoveredTarget[] = [];
  const seen = new Set<string>();
  const key = (p: string) => host.path.normalize(p).toLowerCase();
  for (const d of distros) {
    const t = await distroTarget(host, d, byName.get(d.name.toLowerCase()), reader);
    seen.add(key(t.path));
    targets.push(t);
  }
  for (const disk of await findDockerDisks(host)) {
    if (seen.has(key(disk.path))) continue;
    seen.add(key(disk.path));
    const locked = await host.fs.isLocked(disk.path);
    const name = disk.distro ?? host.path.basename(disk.path);
    targets.push({
      ...await sizes(host, disk.path, reader),
      kind: disk.distro ? "distro" : "disk", name, path: disk.path, owner: "docker", distro: disk.distro,
      running: locked, state: locked ? "Running" : "Stopped", wslVersion: disk.distro ? 2 : null, isDefault: false, shrinkable: true,
      note: disk.distro ? `Docker Desktop ${disk.layout} layout; ${disk.distro} is not registered` : `Docker Desktop ${disk.layout} layout; not a distro (images and volumes)`,
    });
  }
  return { targets, wsl: { version } };
}

async function distroTarget(host: Host, d: RegisteredDistro, row: ListedDistro | undefined, reader: VirtualSizeReader): Promise<DiscoveredTarget> {
  const docker = DOCKER_DISTROS.includes(d.name.toLowerCase());
  const state = REGISTRY_STATE_WORDS[d.state] ?? row?.state ?? "Stopped";
  const base = {
    kind: "distro" as const, name: d.name, owner: docker ? "docker" as const : "wsl" as const, distro: d.name, distroId: d.id,
    defaultUid: d.defaultUid, running: state === "Running", state, wslVersion: d.wslVersion, isDefault: d.isDefault,
  };
  if (d.wslVersion === 1) {
    return { ...base, path: d.basePath, fileSize: null, allocatedSize: null, isSparse: false, virtualSize: null, shrinkable: false, note: "WSL1 distro: files live in a folder, there is no VHDX to shrink" };
  }
  const path = host.path.join(d.basePath, d.vhdFileName);
  const s = await sizes(host, path, reader);
  const note = s.fileSize === null ? "registered, but its disk file is missing" : row ? undefined : "not shown by wsl --list (registry only)";
  return { ...base, ...s, path, shrinkable: s.fileSize !== null, note };
}

async function sizes(host: Host, path: string, reader: VirtualSizeReader) {
  const info = await host.fs.stat(path);
  return {
    fileSize: info?.size ?? null,
    allocatedSize: info?.allocatedSize ?? null,
    isSparse: info?.isSparse ?? false,
    virtualSize: info ? await reader(host, path) : null,
  };
}

/** `wsl --list --verbose` rows; none when wsl.exe fails (discovery still reads the registry). */
function listVerbose(host: Host): Promise<ListedDistro[]> {
  return listDistros(host, { timeoutMs: 30_000 }).catch(() => []);
}

/** `wsl --version`'s WSL version; null on the inbox wsl.exe, which rejects it. */
async function wslVersion(host: Host): Promise<string | null> {
  return (await readWslVersion(host))?.wsl ?? null;
}

/** The encoding wsl.exe uses for this host's environment (docs/research.md §4). */
export function wslEncoding(host: Host): "utf8" | "utf16le" {
  return host.env("WSL_UTF8") === "1" ? "utf8" : "utf16le";
}

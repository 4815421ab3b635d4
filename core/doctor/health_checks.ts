/**
 * Health checks of the disks themselves, each with its fix in one line: a VHDX that is
 * NTFS-compressed or EFS-encrypted (the VHD stack refuses to attach it, microsoft/WSL#4103), a
 * sparse disk on a WSL that marks sparse disks unsafe (WSL 2.5.8, PR #13512), a WSL 1 distro (it has
 * no VHDX), a disk on a network share, and Docker Desktop's disk limit beyond the free space of
 * its volume, old ISOs in Docker Desktop's isocache (core/doctor/isocache_check.ts). Facts and sources: docs/windows-facts.md §3 (sparse, compression), §10.
 * @module
 */
import type { DoctorCheck, DoctorCheckFn, DoctorInput } from "./doctor_check.ts";
import type { DiscoveredTarget } from "../discover/types.ts";
import { crtCommandLine } from "../host/crt_quote.ts";
import { compareVersions } from "../wsl/version.ts";
import { ALLOW_UNSAFE_VERSION } from "../wsl/sparse.ts";
import { formatBytes } from "../units.ts";
import { isocache } from "./isocache_check.ts";

/** The targets a check looks at: the one asked about, or all. */
function targetsOf(input: DoctorInput): DiscoveredTarget[] {
  const spec = input.targetSpec?.toLowerCase();
  const all = input.discovery.targets;
  return spec ? all.filter((t) => t.name.toLowerCase() === spec || t.path.toLowerCase() === spec) : all;
}

/** NTFS compression or EFS encryption on the VHDX, read from its attributes (GetFileAttributesW). */
export const compressedOrEncrypted: DoctorCheckFn = async (input) => {
  const out: DoctorCheck[] = [];
  for (const t of targetsOf(input).filter((t) => t.wslVersion !== 1)) {
    const a = await input.ctx.host.fs.attributes(t.path).catch(() => null);
    if (!a || !(a.compressed || a.encrypted)) continue;
    const what = [a.compressed ? "NTFS-compressed" : "", a.encrypted ? "EFS-encrypted" : ""].filter(Boolean).join(" and ");
    // compact /u and cipher /d are cmd programs: quoted for cmd (C runtime rules), pasteable as they are.
    const fix = [a.compressed ? crtCommandLine(["compact", "/u", t.path]) : "", a.encrypted ? crtCommandLine(["cipher", "/d", t.path]) : ""].filter(Boolean).join(" then ");
    out.push({
      id: "vhdx-compressed", status: "fail", title: `${t.name}: the VHDX is ${what} (${t.path})`,
      detail: "Windows attaches only uncompressed, unencrypted virtual disks, so WSL cannot start it and Optimize-VHD and diskpart refuse it (microsoft/WSL#4103)",
      fix: `with WSL shut down (wsl --shutdown): ${fix}`,
    });
  }
  return out;
};

/** A sparse disk where WSL now calls sparse disks unsafe. */
export const sparseOnUnsafeWsl: DoctorCheckFn = async (input) => {
  const v = input.discovery.wsl.version;
  if (!v || compareVersions(v, ALLOW_UNSAFE_VERSION) < 0) return [];
  return targetsOf(input).filter((t) => t.isSparse && t.kind === "distro").map((t) => ({
    id: "sparse-unsafe", status: "warn" as const, title: `${t.name}: a sparse disk, which WSL ${v} marks unsafe`,
    detail: `since WSL ${ALLOW_UNSAFE_VERSION} sparse disks need --allow-unsafe because they have corrupted distros (microsoft/WSL PR #13512, #12103)`,
    fix: `back it up (wsl --export ${t.name} backup.tar), then: wsl --manage ${t.name} --set-sparse false`,
  }));
};

/** A WSL 1 distro keeps its files in a folder, not a VHDX. */
export const wsl1Distro: DoctorCheckFn = async (input) =>
  targetsOf(input).filter((t) => t.kind === "distro" && t.wslVersion === 1).map((t) => ({
    id: "wsl1", status: "info" as const, title: `${t.name} is a WSL 1 distro: it has no VHDX, so there is nothing to shrink`,
    detail: "WSL 1 stores the files in a folder of the Windows file system; they take only their own space",
    fix: `to move it to WSL 2 (a VHDX this tool can shrink): wsl --set-version ${t.name} 2`,
  }));

/** A disk on a network share: attach and compaction go over the network, and a dropped link can corrupt it. */
export const networkDisk: DoctorCheckFn = async (input) =>
  targetsOf(input).filter((t) => /^(\\\\\?\\UNC\\|\\\\(?!\?\\))/i.test(t.path)).map((t) => ({
    id: "network-drive", status: "warn" as const, title: `${t.name}: the disk is on a network share (${t.path})`,
    detail: "every block of a compaction crosses the network, and a dropped connection in the middle leaves the file to the VHDX log's recovery",
    fix: `move it to a local drive first (wsl --manage ${t.name} --move D:\\WSL for a distro), then shrink`,
  }));

/** Docker Desktop's disk limit (settings-store.json `DiskSizeMiB`, settings.json `diskSizeMiB`) against the free space. */
export const dockerDiskLimit: DoctorCheckFn = async (input) => {
  const { host } = input.ctx;
  const appData = host.env("APPDATA");
  const disk = input.discovery.targets.find((t) => t.owner === "docker" && /docker_data\.vhdx$|docker-desktop-data/i.test(t.path + t.name));
  if (!appData || !disk) return [];
  let limitMiB: number | null = null;
  for (const [file, key] of [["settings-store.json", "DiskSizeMiB"], ["settings.json", "diskSizeMiB"]] as const) {
    const path = host.path.join(appData, "Docker", file);
    const value = await host.fs.readText(path).then((t) => (JSON.parse(t) as Record<string, unknown>)[key], () => undefined);
    if (typeof value === "number" && value > 0) {
      limitMiB = value;
      break;
    }
  }
  if (limitMiB === null) return [];
  const limit = limitMiB * 1024 * 1024;
  const free = await host.fs.freeSpace(host.path.dirname(disk.path)).catch(() => Number.NaN);
  const size = disk.fileSize ?? 0;
  if (Number.isNaN(free)) return [{ id: "docker-disk-limit", status: "info", title: `Docker Desktop's disk limit is ${formatBytes(limit)}; the free space of its volume could not be read` }];
  if (size + free >= limit) return [{ id: "docker-disk-limit", status: "ok", title: `Docker Desktop's disk limit (${formatBytes(limit)}) fits in the free space of its volume` }];
  return [{
    id: "docker-disk-limit", status: "warn",
    title: `Docker Desktop's disk may grow to ${formatBytes(limit)}, but its volume has ${formatBytes(free)} free beside the ${formatBytes(size)} disk`,
    detail: "when the volume fills first, Docker's engine stops with write errors and the disk cannot even be compacted in copy mode",
    fix: `lower Settings > Resources > Advanced > Disk usage limit to at most ${formatBytes(size + free)}, or free space on that volume`,
  }];
};

/** The health checks, in the order doctor prints them. */
export const HEALTH_CHECKS: readonly DoctorCheckFn[] = [compressedOrEncrypted, sparseOnUnsafeWsl, wsl1Distro, networkDisk, dockerDiskLimit, isocache];

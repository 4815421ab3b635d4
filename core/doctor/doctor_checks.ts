/**
 * The `doctor` checks, each explaining what it found and the fix: target names, locks, sparse
 * flags, Hyper-V, WSL version, free space for an export, Docker Desktop's layout, `.wslconfig`.
 * @module
 */
import { crtCommandLine } from "../host/crt_quote.ts";
import type { DoctorCheck, DoctorCheckFn, DoctorInput } from "./doctor_check.ts";
import type { DiscoveredTarget } from "../discover/types.ts";
import { availabilityFor } from "../plugin/preflight.ts";
import { compareVersions } from "../wsl/version.ts";
import { formatBytes } from "../units.ts";
import { DOCKER_SERVICE_HOLDER, lockHolders } from "./lock_holders.ts";
import { DOCKER_SERVICE } from "../docker_desktop/docker_desktop_service.ts";
import { readWslDiskSettings } from "../wsl/wslconfig.ts";
import { leftovers } from "./leftovers.ts";
import { HEALTH_CHECKS } from "./health_checks.ts";
import { DOCKER_CUSTOM_DISKS, DOCKER_LOCALAPPDATA_DISKS } from "../discover/docker_layouts.ts";

/** First WSL release with `wsl --manage` (WSL 2.0.0, September 2023; docs/research.md §4). */
export const MIN_WSL_MANAGE = "2.0.0";
/** Export needs the used data plus a margin, as wslcompact checks it (docs/research.md §1). */
export const EXPORT_SPACE_FACTOR = 1.05;


/** The targets a check looks at: the one asked about, or all. */
function targetsOf(input: DoctorInput): DiscoveredTarget[] {
  const spec = input.targetSpec?.toLowerCase();
  const all = input.discovery.targets;
  if (!spec) return all;
  return all.filter((t) => t.name.toLowerCase() === spec || t.path.toLowerCase() === spec);
}

const targetNames: DoctorCheckFn = async ({ discovery, targetSpec, ctx }) => {
  const distros = discovery.targets.filter((t) => t.kind === "distro").map((t) => t.name);
  const disks = discovery.targets.filter((t) => t.kind === "disk").map((t) => t.name);
  const known = `distros: ${distros.join(", ") || "none"}${disks.length ? `; Docker disks: ${disks.join(", ")}` : ""}`;
  if (!targetSpec) return [{ id: "target-name", status: "info", title: `found ${known}` }];
  const file = await ctx.host.fs.stat(targetSpec).catch(() => null);
  if (file && !file.isDirectory) return [{ id: "target-name", status: "ok", title: `${targetSpec} is a file` }];
  const match = targetsOf({ discovery, targetSpec } as DoctorInput);
  if (match.length > 0) return [{ id: "target-name", status: "ok", title: `${targetSpec} exists (${known})` }];
  return [{
    id: "target-name", status: "fail", title: `no distro, Docker disk or file named "${targetSpec}"`,
    detail: `names are those of wsl --list --quiet (case does not matter); ${known}`,
    fix: distros.length || disks.length ? `use one of: ${[...distros, ...disks].join(", ")}` : "give the VHDX file's path with --target",
  }];
};

const locks: DoctorCheckFn = async (input) => {
  const out: DoctorCheck[] = [];
  for (const t of targetsOf(input)) {
    const holders = await lockHolders(input.ctx.host, t);
    if (holders.length === 0) continue;
    const unknown = holders.some((h) => h.startsWith("an unknown process"));
    const service = holders.some((h) => h.startsWith(DOCKER_SERVICE_HOLDER));
    out.push({
      id: "locked", status: unknown ? "fail" : "warn", title: `${t.name}: the file is in use (${t.path})`,
      detail: `held by ${holders.join("; ")}`,
      fix: unknown
        ? "close that program; no strategy can work on the disk while it is open"
        : `the strategies stop WSL and Docker Desktop first${service ? `, then ${DOCKER_SERVICE} if it still holds the file (elevated)` : ""}; nothing to do unless you want to stop them yourself`,
    });
  }
  return out;
};

const sparse: DoctorCheckFn = async (input) => {
  const out: DoctorCheck[] = [];
  for (const t of targetsOf(input).filter((t) => t.isSparse)) {
    out.push({
      id: "sparse", status: "warn", title: `${t.name}: the file has the sparse flag`,
      detail: "Optimize-VHD fails on sparse files (microsoft/WSL#4103); clearing the flag allocates the whole file first",
      // fsutil is a cmd program: the command is quoted for cmd (C runtime rules), pasteable as it is.
      fix: `with WSL shut down: ${crtCommandLine(["fsutil", "sparse", "setflag", t.path, "0"])} (the optimize-vhd strategy does this itself)`,
    });
  }
  return out;
};

const hyperV: DoctorCheckFn = async ({ ctx, plugins, discovery }) => {
  if (!ctx.host.isWindows) return [];
  // The strategies that declare they need Hyper-V (by metadata: the doctor names no strategy itself).
  const optimize = plugins.find((p) => p.metadata.requirements.hyperV);
  if (!optimize) return [];
  const sample = discovery.targets[0] ?? { kind: "disk" as const, name: "", path: "", owner: "file" as const };
  const a = await availabilityFor(ctx, optimize, sample);
  if (a.available) return [{ id: "hyper-v", status: "ok", title: `the Hyper-V module is installed: ${optimize.name} is available` }];
  const others: string[] = [];
  for (const p of plugins.filter((p) => p !== optimize && p.metadata.dataPreservation === "full")) {
    if ((await availabilityFor(ctx, p, sample)).available) others.push(p.name);
  }
  return [{
    id: "hyper-v", status: "warn", title: `the Hyper-V module is missing: ${optimize.name} (Optimize-VHD) is unavailable`,
    detail: `Windows Home has no Hyper-V (microsoft/WSL#7875); strategies available here: ${others.join(", ") || "none"}`,
    fix: "use one of those, or on Pro/Enterprise: Enable-WindowsOptionalFeature -Online -FeatureName Microsoft-Hyper-V-Management-PowerShell (elevated)",
  }];
};

const wslVersionCheck: DoctorCheckFn = async ({ ctx, discovery }) => {
  if (!ctx.host.isWindows) return [];
  const v = discovery.wsl.version;
  if (v && compareVersions(v, MIN_WSL_MANAGE) >= 0) return [{ id: "wsl-version", status: "ok", title: `WSL ${v} supports wsl --manage` }];
  return [{
    id: "wsl-version", status: "warn", title: v ? `WSL ${v} is too old for wsl --manage` : "the inbox wsl.exe (no wsl --version) has no wsl --manage",
    detail: `the sparse strategy needs WSL ${MIN_WSL_MANAGE} or later; the others work`,
    fix: "wsl --update",
  }];
};

const exportSpace: DoctorCheckFn = async (input) => {
  const { host } = input.ctx;
  const dir = input.exportPath ?? host.env("TEMP");
  if (!dir) return [];
  const free = await host.fs.freeSpace(dir).catch(() => Number.NaN);
  if (Number.isNaN(free)) return [];
  const out: DoctorCheck[] = [];
  for (const t of targetsOf(input).filter((t) => t.kind === "distro" && t.fileSize !== null)) {
    // The filesystem's used bytes when it was understood; otherwise the file size bounds the export.
    const used = await input.ctx.analyze(t).then((a) => a.filesystem.trusted ? a.filesystem.usedBytes : t.fileSize!, () => t.fileSize!);
    const need = Math.ceil(used * EXPORT_SPACE_FACTOR);
    if (free >= need) continue;
    out.push({
      id: "export-space", status: "warn", title: `${t.name}: not enough free space for an export (${formatBytes(need)} needed, ${formatBytes(free)} free in ${dir})`,
      detail: "export-import writes the whole filesystem as a tar first (wslcompact#12); the other strategies need no temporary space",
      fix: `free space there, or point --export-path at a volume with ${formatBytes(need)} free`,
    });
  }
  return out;
};

const dockerLayout: DoctorCheckFn = async ({ discovery }) => {
  const docker = discovery.targets.filter((t) => t.owner === "docker");
  if (docker.length === 0) return [];
  const all = [...DOCKER_LOCALAPPDATA_DISKS, ...DOCKER_CUSTOM_DISKS];
  const layouts = new Set(docker.map((t) => all.find((d) => t.path.toLowerCase().endsWith(`\\${d.relativePath.toLowerCase()}`))?.layout ?? "unknown"));
  const names: Record<string, string> = { legacy: "before 4.30 (docker-desktop-data distro)", "4.30": "4.30 and later (docker_data.vhdx)", custom: "custom disk location (DockerDesktopWSL)", unknown: "unrecognised" };
  const bare = docker.filter((t) => t.kind === "disk").map((t) => t.name);
  return [{
    id: "docker-layout", status: "info", title: `Docker Desktop layout: ${[...layouts].map((l) => names[l]).join(", ")}`,
    detail: `disks: ${docker.map((t) => t.path).join(", ")}${bare.length ? `; ${bare.join(", ")} is not a distro, so export-import and sparse cannot shrink it` : ""}`,
    fix: bare.length ? "shrink it with native, diskpart or optimize-vhd; vhdx-shrink --prune cleans Docker first" : undefined,
  }];
};

const wslConfig: DoctorCheckFn = async ({ ctx }) => {
  if (!ctx.host.isWindows) return [];
  const s = await readWslDiskSettings(ctx.host).catch(() => null);
  if (!s) return [];
  if (!s.exists) return [{ id: "wslconfig", status: "info", title: `no ${s.path}: WSL defaults apply (sparseVhd off, defaultVhdSize 1 TB)` }];
  const out: DoctorCheck[] = [];
  if (s.sparseVhd === true) {
    out.push({
      id: "wslconfig-sparse", status: "warn", title: `${s.path}: [experimental] sparseVhd=true makes new distros' disks sparse`,
      detail: "sparse disks have corrupted distros (microsoft/WSL#12103, #10703) and Optimize-VHD refuses them",
      fix: "remove sparseVhd=true (or set false) and shrink with a strategy instead",
    });
  } else {
    out.push({ id: "wslconfig-sparse", status: "ok", title: `${s.path}: sparseVhd is ${s.sparseVhd === false ? "false" : "not set"}` });
  }
  if (s.defaultVhdSizeText !== null) {
    out.push({
      id: "wslconfig-size", status: s.defaultVhdSize === null ? "warn" : "info",
      title: `${s.path}: [wsl2] defaultVhdSize=${s.defaultVhdSizeText}${s.defaultVhdSize !== null ? ` (${formatBytes(s.defaultVhdSize)} maximum for new disks)` : " is not a size"}`,
      detail: "it caps how large new disks may grow; shrinking never changes that maximum",
      fix: s.defaultVhdSize === null ? "write it like 256GB" : undefined,
    });
  }
  return out;
};

/** Every check, in the order doctor prints them. */
export const DOCTOR_CHECKS: readonly DoctorCheckFn[] = [targetNames, locks, sparse, hyperV, wslVersionCheck, exportSpace, dockerLayout, wslConfig, leftovers, ...HEALTH_CHECKS];

/** Runs every check; a check that throws becomes a warning naming it rather than stopping the others. */
export async function runDoctor(input: DoctorInput): Promise<DoctorCheck[]> {
  const out: DoctorCheck[] = [];
  for (const check of DOCTOR_CHECKS) {
    try {
      out.push(...await check(input));
    } catch (e) {
      out.push({ id: "check-error", status: "warn", title: `a check could not run: ${(e as Error).message}` });
    }
  }
  return out;
}

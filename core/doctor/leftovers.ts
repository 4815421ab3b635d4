/**
 * The `doctor` check for what interrupted runs leave behind, with sizes: a disk's lock file
 * (`<disk>.vhdx-shrink.lock`: a run in progress, or a dead one's), unfinished `.partial` files (the
 * backup, a copy), export-import's old disk (`.vhdx-shrink-old`), its temporary folders and export
 * tars (`<name>.vhdx-shrink-<time>.tar`) and the record of them beside the disk
 * (`<disk>.vhdx-shrink-export.json`), and diskpart's script folders (`vhdx-shrink-<hex>` in
 * %SystemRoot%\Temp, made by the elevated step). The next run of the same command replaces its
 * own leftovers; this lists them for a user who wants the space back or wonders what they are.
 * @module
 */
import type { Host } from "../host/host.ts";
import { formatBytes } from "../units.ts";
import { localProcesses } from "../hold/process_table.ts";
import type { DoctorCheck, DoctorCheckFn } from "./doctor_check.ts";

/** export-import's name for the original disk while it is swapped (plugins/export-import/swap.ts). */
const OLD_DISK_SUFFIX = ".vhdx-shrink-old";

/** Names in a disk's folder (or the export folder) that our runs create and remove when they finish. */
const OURS = [/\.vhdx-shrink\.lock$/, /\.partial$/, /\.vhdx-shrink-old$/, /^vhdx-shrink-[0-9a-z]+$/i, /\.vhdx-shrink-[^.\\/]+\.tar$/, /\.vhdx-shrink-export\.json(\.tmp)?$/];

/** Bytes of a file, or of the files directly inside a folder. */
async function sizeOf(host: Host, path: string): Promise<number> {
  const info = await host.fs.stat(path);
  if (!info) return 0;
  if (!info.isDirectory) return info.size;
  let total = 0;
  for (const name of await host.fs.listDir(path)) total += (await host.fs.stat(host.path.join(path, name)))?.size ?? 0;
  return total;
}

/** Who holds a lock file, in words: a live run is not a leftover. */
async function lockState(host: Host, lock: string): Promise<{ live: boolean; who: string }> {
  try {
    const r = JSON.parse(await host.fs.readText(lock)) as { pid?: number; host?: string; started?: string };
    if (typeof r.pid !== "number") return { live: false, who: "an unreadable lock" };
    const live = r.host !== localProcesses.hostName() || localProcesses.alive(r.pid);
    return { live, who: `vhdx-shrink pid ${r.pid} on ${r.host}, started ${r.started}${live ? "" : ", no longer running"}` };
  } catch {
    return { live: false, who: "an unreadable lock" };
  }
}

/** Leftovers in `dir` (each path listed once). */
async function scan(host: Host, dir: string, seen: Set<string>, out: DoctorCheck[]): Promise<void> {
  for (const name of await host.fs.listDir(dir)) {
    if (!OURS.some((re) => re.test(name))) continue;
    const path = host.path.join(dir, name);
    if (seen.has(path)) continue;
    seen.add(path);
    if (name.endsWith(".vhdx-shrink.lock")) {
      const s = await lockState(host, path);
      out.push(s.live
        ? { id: "leftover", status: "info", title: `${path}: a vhdx-shrink run holds this disk (${s.who})` }
        : { id: "leftover", status: "warn", title: `${path}: lock of a run that ended without finishing (${s.who})`, fix: "the next run on this disk takes it over; nothing to do" });
      continue;
    }
    const size = formatBytes(await sizeOf(host, path));
    const disk = path.slice(0, -OLD_DISK_SUFFIX.length);
    if (name.endsWith(OLD_DISK_SUFFIX) && !(await host.fs.exists(disk))) {
      // export-import was stopped between moving the original disk aside and the new one in: this is the distro's disk.
      out.push({ id: "leftover", status: "fail", title: `${path}: ${size}, the original disk of an interrupted export-import run, and ${disk} is missing`, fix: `run wsl --shutdown, then move ${path} back to ${disk}; then the same command again clears the rest` });
      continue;
    }
    out.push({
      id: "leftover", status: "warn", title: `${path}: ${size} left by an interrupted vhdx-shrink run`,
      detail: name.endsWith(".tar") ? "an export of a distro; keep it until the distro works again" : undefined,
      fix: name.endsWith(".partial") ? "the same command again replaces it; or delete it" : "delete it once no vhdx-shrink run is active and the distro works",
    });
  }
}

/** Lists leftovers beside every known disk and in the export folder. */
export const leftovers: DoctorCheckFn = async (input) => {
  const host = input.ctx.host;
  const dirs = new Set<string>();
  for (const t of input.discovery.targets) if (t.path) dirs.add(host.path.dirname(t.path));
  const temp = input.exportPath ?? host.env("TEMP");
  if (temp) dirs.add(temp);
  // diskpart's script folders are made by the elevated step under the Windows folder's Temp (plugins/diskpart/elevated_step.ts).
  const windows = host.env("SystemRoot");
  if (windows) dirs.add(host.path.join(windows, "Temp"));
  const out: DoctorCheck[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) await scan(host, dir, seen, out).catch(() => undefined);
  if (!out.length) out.push({ id: "leftover", status: "ok", title: "no leftovers of interrupted runs beside the disks or in the export folder" });
  return out;
};

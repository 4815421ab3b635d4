/**
 * Host retrim after a shrink: `defrag <drive>: /L` tells the storage under the volume holding the
 * disk which clusters are now free (SSD TRIM, thin-provisioned or nested virtual disks). Needs an
 * elevated process (learn.microsoft.com "defrag": /L "Perform retrim on the specified volumes").
 * @module
 */
import type { Host } from "../host/host.ts";
import { elevationService } from "../plugin/services/elevation_service.ts";

/** The defrag arguments for the volume holding `diskPath`; null when the path has no drive letter (UNC). */
export function retrimArgs(host: Host, diskPath: string): string[] | null {
  const drive = /^([A-Za-z]):/.exec(host.path.resolve(diskPath))?.[1];
  return drive ? [`${drive.toUpperCase()}:`, "/L"] : null;
}

/** What the retrim did. */
export interface RetrimResult {
  ok: boolean;
  command: string;
  message: string;
}

/**
 * Runs the retrim elevated (one UAC prompt when not elevated, through the elevation service: a
 * ticket, a time limit, `say` hears "waiting for the UAC prompt"); never throws: a failed retrim
 * only costs host space. The drive letter is the only value that crosses, as a `defrag` argument.
 */
export async function retrimVolume(host: Host, diskPath: string, say?: (message: string) => void): Promise<RetrimResult> {
  const args = retrimArgs(host, diskPath);
  if (!args) return { ok: false, command: "defrag", message: `cannot retrim ${diskPath}: it is not on a drive letter` };
  const command = `defrag ${args.join(" ")}`;
  const r = await elevationService(host, say).run("defrag", args, { timeoutMs: 30 * 60_000 }).catch((e: Error) => ({ code: -1, stdout: "", stderr: e.message }));
  if (r.code === 0) return { ok: true, command, message: `retrimmed ${args[0]} (${command})` };
  const why = `${r.stdout}\n${r.stderr}`.split("\n").map((l) => l.trim()).filter((l) => l && !/^Microsoft Drive Optimizer|^Copyright/.test(l))[0];
  return { ok: false, command, message: `${command} failed (exit ${r.code}${why ? `: ${why}` : ""}): run it from an elevated terminal` };
}

/**
 * `wsl -d <Distro> [-u <User>] -e <command...>`: starts the distro (it stays running afterwards, as
 * the real VM does for a while) and runs a Linux command whose output passes through as UTF-8
 * (docs/research.md §4). Emulated commands: `fstrim -av` (util-linux output format), `sync`, `true`.
 * @module
 */
import type { ToolContext } from "./tool.ts";
import { argValue } from "./tool.ts";
import { fail } from "./wsl_reply.ts";
import type { WslReply } from "./wsl_reply.ts";
import { WSL_ERROR_CODES, WSL_MESSAGES } from "./wsl_messages.ts";
import { diskPathOf, findDistro, readDistros } from "../distros.ts";
import { LXSS_KEY } from "../state.ts";
import { winPathKey } from "../win_path.ts";
import { zeroVirtualRanges } from "../vhdx_blocks.ts";

/** Output of a Linux command: UTF-8, passed through unchanged. */
interface LinuxOutput {
  code: number;
  stdout: string;
  stderr: string;
}

type LinuxCommand = (argv: string[], disk: string, ctx: ToolContext) => Promise<LinuxOutput>;

const COMMANDS: Record<string, LinuxCommand> = {
  fstrim: fstrim,
  sync: () => Promise.resolve({ code: 0, stdout: "", stderr: "" }),
  true: () => Promise.resolve({ code: 0, stdout: "", stderr: "" }),
};

/** Runs a command in a distro. */
export async function execInDistro(args: string[], ctx: ToolContext): Promise<WslReply> {
  const all = args;
  const name = argValue(all, "-d", "--distribution") ?? await defaultDistroName(ctx);
  const d = name ? await findDistro(ctx.machine.registry, name) : undefined;
  if (!d) return fail(WSL_MESSAGES.MessageDistroNotFound, WSL_ERROR_CODES.distroNotFound);
  const at = all.findIndex((a) => ["-e", "--exec", "--"].includes(a.toLowerCase()));
  const argv = at >= 0 ? all.slice(at + 1) : [];
  await ctx.machine.update((s) => {
    if (!s.running.some((n) => n.toLowerCase() === d.name.toLowerCase())) s.running.push(d.name);
  });
  const command = COMMANDS[argv[0]?.replace(/^.*\//, "") ?? "true"];
  const r = command
    ? await command(argv, diskPathOf(d), ctx)
    : { code: 127, stdout: "", stderr: `${argv[0]}: command not found\n` };
  return { code: r.code, out: [], err: [], passThrough: { stdout: r.stdout, stderr: r.stderr } };
}

async function defaultDistroName(ctx: ToolContext): Promise<string | undefined> {
  const id = String((await ctx.machine.registry.values(LXSS_KEY))?.DefaultDistribution ?? "").toLowerCase();
  return (await readDistros(ctx.machine.registry)).find((d) => d.guid.toLowerCase() === id)?.name;
}

/**
 * `fstrim -av`: discards the file system's free blocks. The emulation writes zeros over the free
 * ranges e2fsprogs reported when the fixture was made (state `freeRanges`, simulated/vhdx_blocks.ts),
 * which is what a discarded range reads as; `-v` reports the bytes discarded (util-linux fstrim(8)).
 */
async function fstrim(_argv: string[], disk: string, ctx: ToolContext): Promise<LinuxOutput> {
  const key = winPathKey(disk);
  const ranges = (await ctx.machine.read()).freeRanges?.[key] ?? [];
  if (ranges.length > 0) {
    const file = await ctx.machine.openAsGuest(disk);
    try {
      await zeroVirtualRanges(file, ranges);
    } finally {
      await file.close();
    }
  }
  const trimmed = ranges.reduce((n, r) => n + r.length, 0);
  await ctx.machine.update((s) => void (s.trimmed[key] = true));
  const gib = (trimmed / 1024 ** 3).toFixed(1);
  return { code: 0, stdout: `/: ${gib} GiB (${trimmed} bytes) trimmed on /dev/sdc\n`, stderr: "" };
}

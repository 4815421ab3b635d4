/**
 * Emulated `rdctl shutdown` (Rancher Desktop's CLI) and `podman machine stop [name]`: each stops its
 * engine's WSL distros, as quitting Rancher Desktop or stopping the Podman machine does
 * (docs/windows-facts.md §10; the output lines are inferred).
 * @module
 */
import type { Tool } from "./tool.ts";
import { textResult } from "./tool.ts";

const stopDistros = (match: (name: string) => boolean): Tool => async (_args, ctx) => {
  await ctx.machine.update((s) => void (s.running = s.running.filter((n) => !match(n.toLowerCase()))));
  return textResult(0, "");
};

/** rdctl.exe: only `shutdown`. */
export const rdctl: Tool = (args, ctx) => {
  if ((args[0] ?? "").toLowerCase() !== "shutdown") return Promise.resolve(textResult(1, "", `Error: unknown command "${args[0] ?? ""}" for "rdctl"\n`));
  return stopDistros((n) => n === "rancher-desktop" || n === "rancher-desktop-data")(args, ctx).then(() => textResult(0, "Shutting down.\n"));
};

/** podman.exe: only `machine stop [name]`. */
export const podman: Tool = (args, ctx) => {
  if ((args[0] ?? "").toLowerCase() !== "machine" || (args[1] ?? "").toLowerCase() !== "stop") {
    return Promise.resolve(textResult(125, "", `Error: unrecognized command \`podman ${args.join(" ")}\`\n`));
  }
  const machine = (args[2] ?? "podman-machine-default").toLowerCase();
  return stopDistros((n) => n === machine)(args, ctx).then(() => textResult(0, `Machine "${machine}" stopped successfully\n`));
};

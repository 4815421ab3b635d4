/**
 * Emulated `docker` CLI against Docker Desktop: `system prune -a --volumes -f`, `builder prune --all -f`,
 * `system df`, `info`, `desktop stop|start|status` (from Docker Desktop 4.37 only). With Docker Desktop stopped, commands fail with the named-pipe error
 * the real CLI prints. Pruning frees space inside docker_data.vhdx, never the file itself (docs/research.md §2.1).
 * @module
 */
import type { Tool, ToolContext, ToolResult } from "./tool.ts";
import { textResult } from "./tool.ts";
import { winPathKey } from "../win_path.ts";
import { humanSize } from "./docker_units.ts";
import { dockerSystemDf } from "./docker_df.ts";
import { recreateEngineDistro } from "./docker_recreate.ts";
import { versionAtLeast } from "./wsl_reply.ts";

const PIPE_ERROR = "error during connect: this error may indicate that the docker daemon is not running: " +
  "Get \"http://%2F%2F.%2Fpipe%2FdockerDesktopLinuxEngine/v1.47/info\": open //./pipe/dockerDesktopLinuxEngine: The system cannot find the file specified.\n";

/** docker.exe */
export const docker: Tool = async (args, ctx) => {
  const state = await ctx.machine.read();
  const engine = otherEngine(state.running);
  // Without a docker.exe on PATH the program cannot be started: what spawning a missing program reports.
  if (!state.docker.installed && !engine) return { code: -1, stdout: new Uint8Array(0), stderr: new TextEncoder().encode("docker: spawn docker ENOENT") };
  const line = args.join(" ").toLowerCase();
  if (line.startsWith("desktop")) {
    // Another engine's docker CLI has no Docker Desktop plugin.
    if (!state.docker.installed || !hasDesktopCli(state.docker.version)) return notADockerCommand("desktop");
    return desktop(args[1]?.toLowerCase() ?? "", ctx);
  }
  if (!state.docker.running) {
    if (engine && line.startsWith("info")) return textResult(0, `Client:\n Version:    27.3.1\n Context:    default\n\nServer:\n Containers: 0\n Images: 1\n Server Version: ${engine.serverVersion}\n Operating System: ${engine.os}\n`);
    return textResult(1, "", PIPE_ERROR);
  }
  if (line.startsWith("system prune")) return prune(ctx, "Deleted Images:\nuntagged: simulated/app:latest\n\n");
  if (line.startsWith("builder prune")) return prune(ctx, "ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED\n", "Total:\t", true);
  if (line.startsWith("system df")) return dockerSystemDf(ctx);
  if (line.startsWith("info")) return textResult(0, "Client:\n Version:    27.3.1\n Context:    desktop-linux\n\nServer:\n Containers: 0\n Images: 1\n Server Version: 27.3.1\n Storage Driver: overlayfs\n Operating System: Docker Desktop\n");
  return textResult(1, "", `unknown command: docker ${args[0] ?? ""}\n\nRun 'docker --help' for more information\n`);
};

/**
 * Other Docker engines that run as WSL distros and whose docker CLI (Rancher Desktop's bundled one,
 * or any with DOCKER_HOST pointing at Podman) answers `docker info` (docs/windows-facts.md §10).
 */
const OTHER_ENGINES: { distro: string; serverVersion: string; os: string }[] = [
  { distro: "rancher-desktop", serverVersion: "26.1.5", os: "Rancher Desktop WSL Distribution" },
  { distro: "podman-machine-default", serverVersion: "5.2.3", os: "fedora" },
];

/** The other engine whose distro is running, if any. */
function otherEngine(running: string[]): { serverVersion: string; os: string } | undefined {
  const names = new Set(running.map((n) => n.toLowerCase()));
  return OTHER_ENGINES.find((e) => names.has(e.distro));
}

/** First Docker Desktop release with `docker desktop start|stop|restart|status` (docs/windows-facts.md §5; docker/docs PR #21619). */
export const DESKTOP_CLI_SINCE = "4.37.0";

/** True when the installed release has the `docker desktop` subcommands; an unset version is a current one. */
export function hasDesktopCli(version: string | undefined): boolean {
  return version === undefined || versionAtLeast(version, DESKTOP_CLI_SINCE);
}

/**
 * The Docker CLI's answer to a command no plugin provides: `docker: 'desktop' is not a docker
 * command.` and `See 'docker --help'`, exit 1 (docker/cli: cmd/docker/docker.go, the unknown-command
 * path for plugin candidates; the same text users report for a missing `compose` or `buildx`).
 */
function notADockerCommand(name: string): ToolResult {
  return textResult(1, "", `docker: '${name}' is not a docker command.\nSee 'docker --help'\n`);
}

async function prune(ctx: ToolContext, header: string, totalLabel = "Total reclaimed space: ", cacheOnly = false): Promise<ToolResult> {
  const reclaimed = await ctx.machine.update((s) => {
    // `builder prune` removes the build cache only; `system prune -a` removes it with everything else.
    const cache = Math.min(s.docker.buildCacheBytes ?? 0, s.docker.reclaimableBytes);
    const r = cacheOnly && s.docker.buildCacheBytes !== undefined ? cache : s.docker.reclaimableBytes;
    s.docker.reclaimableBytes -= r;
    if (s.docker.buildCacheBytes !== undefined) s.docker.buildCacheBytes = cacheOnly ? 0 : Math.min(s.docker.buildCacheBytes, s.docker.reclaimableBytes);
    // The data leaves the filesystem inside docker_data.vhdx; the file keeps its size.
    for (const p of s.docker.diskPaths) {
      const k = winPathKey(p);
      if (/docker_data\.vhdx$|[\\]data[\\]ext4\.vhdx$/i.test(k) && s.usedBytes[k] !== undefined) s.usedBytes[k] = Math.max(0, s.usedBytes[k] - r);
    }
    return r;
  });
  return textResult(0, `${reclaimed > 0 ? header : ""}${totalLabel}${humanSize(reclaimed)}\n`);
}

async function desktop(verb: string, ctx: ToolContext): Promise<ToolResult> {
  if (verb !== "stop" && verb !== "start" && verb !== "status") return textResult(1, "", `unknown command: docker desktop ${verb}\n`);
  if (verb === "status") return textResult(0, `Name                Value\nStatus              ${(await ctx.machine.read()).docker.running ? "running" : "stopped"}\n`);
  await setDockerRunning(ctx, verb === "start");
  return textResult(0, "");
}

/** Starts or stops Docker Desktop together with its WSL distros. */
export async function setDockerRunning(ctx: ToolContext, running: boolean): Promise<void> {
  if (running) await recreateEngineDistro(ctx);
  await ctx.machine.update((s) => {
    s.docker.running = running;
    const own = ["docker-desktop", "docker-desktop-data"];
    s.running = s.running.filter((n) => !own.includes(n.toLowerCase()));
    if (running) s.running.push("docker-desktop");
  });
}

/**
 * The HTML report of one target for the commands that do not scan on their own (`compare --html`,
 * the default command's `--report`): the usage scan as `usage` makes it, the strategies with the
 * command's own strategy options, the page written through its `.partial` name.
 * @module
 */
import type { App } from "../app.ts";
import type { Target } from "../../core/domain/target.ts";
import { VERSION } from "../../core/version.ts";
import { dockerSectionJson } from "../../core/usage/docker_store/docker_section.ts";
import { formatBytes } from "../format.ts";
import { usageOf } from "../commands/usage.ts";
import { reportStrategies, writeHtmlReport } from "./report_file.ts";

/** Folder levels the report's `usage` document keeps (the treemap itself goes deeper). */
const REPORT_DEPTH = 3;
/** Biggest files the scan keeps, each its own tile when big enough. */
const REPORT_TOP_FILES = 50;

/**
 * Scans `target` (read-only) and writes its report to `file`.
 * @param options the command's options, strategy flags included (the estimates see them)
 */
export async function writeTargetReport(a: App, target: Target, file: string, options: Record<string, unknown>): Promise<void> {
  const { scan, report, docker } = await usageOf(a, target, { depth: REPORT_DEPTH, top: REPORT_TOP_FILES });
  const doc = { target: target.name, path: target.path, ...report, ...dockerSectionJson(docker) };
  const bytes = await writeHtmlReport(a, file, {
    tool: VERSION,
    target: { name: target.name, path: target.path },
    scan, report, docker: docker.docker, suggestions: docker.suggestions, usage: doc,
    strategies: await reportStrategies(a, target, options),
  });
  a.out.print(`Report written: ${file} (${formatBytes(bytes)}); open it in a browser.`);
}

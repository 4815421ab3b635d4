/**
 * Writing the HTML report of one disk: its strategies compared (as `compare` does), the page
 * rendered, and the file written beside its final name and renamed into place, so a report that
 * stops half-way never takes the name. An existing file is never replaced.
 * @module
 */
import type { App } from "../app.ts";
import type { Target } from "../../core/domain/target.ts";
import { UsageError } from "../../core/errors.ts";
import { compareTarget } from "../../core/plugin/strategy_rows.ts";
import { reportData, type ReportInput } from "../../core/report/report_data.ts";
import { makeContext } from "../context.ts";
import { targetArg } from "../targets.ts";
import { renderReportHtml } from "./html_report.ts";

/** Refuses a report file name that is taken (a report never replaces a file). */
export async function checkReportFile(a: App, file: string, flag: string): Promise<void> {
  if (await a.host.fs.exists(file)) throw new UsageError(`${file} already exists: give ${flag} a new file name`);
}

/** Every strategy on the target with this disk's numbers, the recommendation and its command. */
export async function reportStrategies(a: App, target: Target, options: Record<string, unknown> = {}): Promise<NonNullable<ReportInput["strategies"]>> {
  const { rows, recommended } = await compareTarget(makeContext(a, options), a.registry, target);
  return {
    rows,
    recommended: recommended?.name ?? null,
    command: recommended ? `vhdx-shrink --strategy ${recommended.name} --target ${targetArg(target)}` : null,
  };
}

/**
 * Renders the report and writes it to `file` (through `file.partial`, renamed when complete).
 * @returns the page's size in bytes
 */
export async function writeHtmlReport(a: App, file: string, input: ReportInput): Promise<number> {
  const html = renderReportHtml(reportData(input));
  const partial = `${file}.partial`;
  await a.host.fs.writeText(partial, html);
  if (await a.host.fs.exists(file)) {
    await a.host.fs.remove(partial);
    throw new UsageError(`${file} appeared while the report was written: it was left as it is`);
  }
  await a.host.fs.rename(partial, file);
  return new TextEncoder().encode(html).length;
}

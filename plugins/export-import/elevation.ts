/**
 * export-import from an elevated process: a warning, not a refusal. Elevated `wsl --import` works in
 * reports (microsoft/WSL#6744); wslcompact#38 reported it failing with 0x8007051b
 * (ERROR_INVALID_OWNER), which the swap survives (the original disk is replaced only after the import
 * succeeded), so the run goes on and says what to do if that happens (docs/windows-facts.md §10).
 * @module
 */
import { RefusedError } from "../../mod.ts";
import type { PluginContext } from "../../mod.ts";

/** WSL's error code for the reported elevated import failure. */
export const ELEVATED_IMPORT_CODE = "0x8007051b";

/** The warning an elevated run gives before it starts. */
export const ELEVATED_WARNING = `running elevated: if wsl --import fails with ${ELEVATED_IMPORT_CODE} (reported in wslcompact#38), the distro stays unchanged; then run from a normal (not administrator) terminal`;

/**
 * Warns (log and report note) when the process is elevated; the swap goes on. `--reimport`
 * unregisters before it imports, so a failing elevated import would leave only the tar: that one
 * is refused while elevated.
 */
export async function warnIfElevated(ctx: PluginContext, notes: string[]): Promise<void> {
  if (!(await ctx.host.isElevated())) return;
  if (ctx.options.reimport === true) {
    throw new RefusedError(`export-import --reimport refused while elevated: it unregisters the distro before wsl --import, which was reported failing elevated with ${ELEVATED_IMPORT_CODE} (wslcompact#38); run from a normal (not administrator) terminal, or without --reimport; nothing was changed`);
  }
  ctx.log.warn(ELEVATED_WARNING);
  notes.push(ELEVATED_WARNING);
}

/** The hint added to an import failure that carries the elevated-import code. */
export function elevatedImportHint(message: string): string {
  return message.includes(ELEVATED_IMPORT_CODE) ? `${message}; run again from a normal (not administrator) terminal` : message;
}

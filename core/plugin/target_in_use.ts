/**
 * The one refusal of a running target: a running distro (or whatever holds a bare disk) keeps the
 * file open, so a strategy may change it only after a step of its plan stops what holds it. The
 * pre-flight checklist, the runner and the `compact` command all say it with these words.
 * @module
 */
import type { Target } from "../domain/target.ts";

/** Why `target` is in use now and what to do, or null when nothing is known to run it. */
export function targetInUse(target: Target): string | null {
  if (!target.running) return null;
  const how = target.kind === "distro" ? `run wsl --terminate ${target.name} (or quit Docker Desktop)` : "quit what holds it (Docker Desktop)";
  return `${target.name} is running, so its disk is in use: ${how}, then retry`;
}

/**
 * The shape of one `doctor` finding and what every check receives.
 * @module
 */
import type { PluginContext, StrategyPlugin } from "../plugin/types.ts";
import type { Discovery } from "../discover/types.ts";

/** `fail` blocks a shrink (doctor exits 1); `warn` needs attention; `ok` and `info` are for reading. */
export type CheckStatus = "ok" | "info" | "warn" | "fail";

/** One finding: what was checked, what was found, and the fix. */
export interface DoctorCheck {
  /** Stable id for scripts (`--json`), e.g. `target-name`, `sparse`. */
  id: string;
  status: CheckStatus;
  /** One line: what was found. */
  title: string;
  /** Why it matters. */
  detail?: string;
  /** What to do, with the exact command when there is one. */
  fix?: string;
}

/** What the checks look at, gathered once. */
export interface DoctorInput {
  ctx: PluginContext;
  discovery: Discovery;
  /** Registered strategies. */
  plugins: StrategyPlugin[];
  /** `--target` as given, when the user asked about one disk. */
  targetSpec?: string;
  /** `--export-path` (where an export would go), else %TEMP%. */
  exportPath?: string;
}

/** A check: any number of findings. */
export type DoctorCheckFn = (input: DoctorInput) => Promise<DoctorCheck[]>;

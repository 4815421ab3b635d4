/**
 * Machine profiles: the kinds of Windows machine users really have, as changes to a scenario's
 * machine. Every strategy scenario that a profile applies to runs on it, in the SimulatedHost tests
 * (tests/strategies/profiles_test.ts) and in the Wine suite (tests/windows/profiles_test.ts). Each
 * profile names the facts it reproduces (docs/windows-behaviour.md, "Machine profiles").
 * @module
 */
import type { SimDistroSpec, SimulatedHostOptions } from "./build.ts";

/** The built-in strategies, by name. */
export type StrategyName = "native" | "export-import" | "unregister-only" | "sparse" | "diskpart" | "optimize-vhd";

/** Every built-in strategy. */
export const ALL_STRATEGIES: readonly StrategyName[] = ["native", "export-import", "unregister-only", "sparse", "diskpart", "optimize-vhd"];

/** Strategies that stop Docker Desktop and WSL before they touch a disk (core/quiesce/quiesce.ts). */
const QUIESCING: readonly StrategyName[] = ["export-import", "sparse", "diskpart", "optimize-vhd"];

/** One kind of machine. */
export interface MachineProfile {
  /** Short name used in test names and `--profile` style selections. */
  name: string;
  /** What is different about this machine, and the fact it comes from. */
  description: string;
  /** Strategies whose ordinary scenario is expected to succeed unchanged on this machine. */
  strategies: readonly StrategyName[];
  /**
   * The part of `strategies` the Wine suite runs with the real .exe: those where the difference
   * crosses a process boundary there (argv quoting, piped output bytes, exit codes). Keeps the
   * suite's matrix within its CI time.
   */
  wine: readonly StrategyName[];
  /** The scenario's machine options changed into this profile's machine. */
  apply(o: SimulatedHostOptions): SimulatedHostOptions;
}

/** The user name of the profile with a space and non-ASCII letters (both in every profile path). */
export const SPACED_USER = "Dev Usuário";
/** The user name of the German machine: `ü` is 0x81 in code page 850 and 0xFC in 1252. */
export const GERMAN_USER = "Jürgen";
/** The Windows 10 22H2 build, the last one, with the in-box wsl.exe when WSL was never updated from the Store. */
export const WINDOWS_10_22H2 = 19045;
/** A Docker Desktop release without `docker desktop` subcommands (they came in 4.37, docs/windows-facts.md §5). */
export const DOCKER_WITHOUT_DESKTOP_CLI = "4.30.0";
/** A current Docker Desktop release. */
export const DOCKER_CURRENT = "4.45.0";

const sparseDistros = (distros: SimDistroSpec[] | undefined): SimDistroSpec[] | undefined =>
  distros?.map((d) => (d.wsl1 ? d : { ...d, sparse: true }));

/** The profiles, in the order the matrix runs them. */
export const MACHINE_PROFILES: readonly MachineProfile[] = [
  {
    name: "spaced-user",
    description: `user profile folder with a space and non-ASCII letters (C:\\Users\\${SPACED_USER}): every %LOCALAPPDATA% disk path and the temp folder carry them`,
    strategies: ALL_STRATEGIES,
    wine: ["native", "export-import", "diskpart", "optimize-vhd"],
    apply: (o) => ({ ...o, userName: SPACED_USER }),
  },
  {
    name: "german",
    description: `German Windows: localized tool output, OEM code page 850, user ${GERMAN_USER} (docs/windows-facts.md §6, §7)`,
    strategies: ALL_STRATEGIES,
    wine: ["export-import", "sparse", "diskpart", "optimize-vhd"],
    apply: (o) => ({ ...o, locale: "de-DE", userName: GERMAN_USER }),
  },
  {
    name: "win10-inbox",
    description: `Windows 10 22H2 (build ${WINDOWS_10_22H2}) with the in-box wsl.exe: no --version, --manage or --export --format (docs/windows-facts.md §4)`,
    // The sparse strategy needs `wsl --manage`: it is unavailable there (its own test says so).
    strategies: ["native", "export-import", "unregister-only", "diskpart", "optimize-vhd"],
    wine: ["export-import", "unregister-only"],
    apply: (o) => ({ ...o, wsl: { version: "inbox" }, windowsBuild: WINDOWS_10_22H2 }),
  },
  {
    name: "docker-4.30",
    description: `Docker Desktop ${DOCKER_WITHOUT_DESKTOP_CLI} installed and quit: no docker desktop status|stop|start, so its state comes from docker info (docs/windows-facts.md §5)`,
    strategies: QUIESCING,
    wine: ["export-import", "diskpart"],
    apply: (o) => ({ ...o, docker: { layout: "4.30", ...o.docker, version: DOCKER_WITHOUT_DESKTOP_CLI, running: false } }),
  },
  {
    name: "docker-current",
    description: `Docker Desktop ${DOCKER_CURRENT} running: stopped with docker desktop stop and started again (docs/windows-facts.md §5)`,
    strategies: QUIESCING,
    wine: ["export-import", "optimize-vhd"],
    apply: (o) => ({ ...o, docker: { layout: "4.30", ...o.docker, version: DOCKER_CURRENT, running: true } }),
  },
  {
    name: "sparse-vhdx",
    description: "the distro's VHDX has the sparse attribute (wsl --manage --set-sparse true, or an older WSL default): diskpart refuses it (its own test), the others handle it (docs/windows-facts.md §6, §9)",
    strategies: ["native", "export-import", "sparse", "optimize-vhd"],
    // Not optimize-vhd under Wine: the product reads the attribute with GetFileAttributesW, and Wine 8
    // never reports FILE_ATTRIBUTE_SPARSE_FILE (docs/windows-facts.md §11, measured); the
    // SimulatedHost runs it (tests/strategies/profiles_test.ts).
    wine: ["native"],
    apply: (o) => ({ ...o, distros: sparseDistros(o.distros) }),
  },
];

/** The profiles a strategy's scenario runs on. */
export function profilesFor(strategy: StrategyName): MachineProfile[] {
  return MACHINE_PROFILES.filter((p) => p.strategies.includes(strategy));
}

/** The profiles the Wine suite runs a strategy's scenario on. */
export function wineProfilesFor(strategy: StrategyName): MachineProfile[] {
  return MACHINE_PROFILES.filter((p) => p.wine.includes(strategy));
}

/** The profile named `name`; throws for an unknown name. */
export function machineProfile(name: string): MachineProfile {
  const p = MACHINE_PROFILES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown machine profile ${name}: one of ${MACHINE_PROFILES.map((x) => x.name).join(", ")}`);
  return p;
}

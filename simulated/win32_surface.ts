/**
 * The Win32 facts of the simulated machine, answered from its state the way the API answers them
 * on Windows: the registry tree (RegEnumKeyExW / RegEnumValueW: names and values as stored, no code
 * page), the token (TokenElevation), the process snapshot (PROCESSENTRY32W), the Service Control
 * Manager (SERVICE_STATUS_PROCESS.dwCurrentState) and the elevation a service control needs
 * (docs/windows-facts.md §11).
 * @module
 */
import type { HostRegistry, HostServices, ProcessEntry, ServiceControlResult, ServiceState } from "../core/host/host.ts";
import type { Machine } from "./machine.ts";
import { DOCKER_IMAGE, DOCKER_PID } from "./tools/tasklist.ts";

/** ERROR_SERVICE_DOES_NOT_EXIST (winerror.h). */
export const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
/** ERROR_CANCELLED: the user declined the UAC prompt (ShellExecuteExW, Learn "ShellExecuteExW"). */
export const ERROR_CANCELLED = 1223;

/** The name and display name Docker Desktop's installer registers its service with. */
const DOCKER_SERVICE = { name: "com.docker.service", displayName: "Docker Desktop Service" };

/** The registry as the API reads it: the machine's own tree, values exactly as stored. */
export function simulatedRegistry(machine: Machine): HostRegistry {
  return {
    subkeys: (key) => machine.registry.subkeys(key),
    values: async (key) => (await machine.registry.values(key)) ?? {},
    setDword: async (key, name, value) => {
      if ((await machine.registry.values(key)) === null) throw new Error(`RegSetKeyValueW ${key}\\${name} failed: error 2 (ERROR_FILE_NOT_FOUND)`);
      await machine.registry.setValue(key, name, value >>> 0);
    },
  };
}

/** The token's TokenElevation: the machine's elevation, limited when `limitedToken` says so. */
export async function simulatedTokenElevated(machine: Machine, limitedToken: boolean): Promise<boolean> {
  return !limitedToken && (await machine.read()).elevated;
}

/**
 * The process snapshot: the session's shell always, Docker Desktop (the pid the emulated tasklist
 * shows) while it runs, and WSL's VM process (`vmmemWSL`, Windows 11) while a distro or Docker runs.
 */
export async function simulatedProcesses(machine: Machine): Promise<ProcessEntry[]> {
  const s = await machine.read();
  const list: ProcessEntry[] = [{ name: "System", pid: 4, parentPid: 0 }, { name: "explorer.exe", pid: 4000, parentPid: 3990 }];
  if (s.docker.running) {
    list.push({ name: DOCKER_IMAGE, pid: DOCKER_PID, parentPid: 4000 });
    list.push({ name: "com.docker.backend.exe", pid: DOCKER_PID + 1, parentPid: DOCKER_PID });
  }
  if (s.running.length > 0 || s.docker.running) list.push({ name: "vmmemWSL", pid: 7000, parentPid: 0 });
  return list;
}

function isDockerService(name: string): boolean {
  const n = name.toLowerCase();
  return n === DOCKER_SERVICE.name || n === DOCKER_SERVICE.displayName.toLowerCase();
}

async function serviceState(machine: Machine, name: string): Promise<ServiceState> {
  const state = isDockerService(name) ? (await machine.read()).docker.service : undefined;
  return state ?? "absent";
}

/**
 * The Service Control Manager. Stop and start need an elevated token: from a limited one the step is
 * elevated through a UAC prompt, which the `elevationDenied` fault declines (ERROR_CANCELLED). A
 * stop leaves the service stopped (SERVICE_STOPPED) before it returns, as the API's caller waits for.
 */
export function simulatedServices(machine: Machine, elevated: () => Promise<boolean>): HostServices {
  const control = async (name: string, running: boolean): Promise<ServiceControlResult> => {
    const before = await serviceState(machine, name);
    if (before === "absent") return { state: before, error: ERROR_SERVICE_DOES_NOT_EXIST, message: `the service ${name} is not installed` };
    if (!(await elevated()) && (await machine.read()).faults.elevationDenied) {
      return { state: before, error: ERROR_CANCELLED, message: "the administrator (UAC) prompt was declined" };
    }
    await machine.update((s) => void (s.docker.service = running ? "running" : "stopped"));
    return { state: await serviceState(machine, name) };
  };
  return {
    state: (name) => serviceState(machine, name),
    stop: (name) => control(name, false),
    start: (name) => control(name, true),
  };
}

/**
 * Emulated `tasklist /FI "IMAGENAME eq Docker Desktop.exe" [/FO CSV] [/NH]` and
 * `taskkill /IM "Docker Desktop.exe" [/F]`: the only process the strategies look for is Docker Desktop.
 * @module
 */
import type { Tool } from "./tool.ts";
import { argValue, hasFlag, textResult } from "./tool.ts";
import { setDockerRunning } from "./docker.ts";

/** Docker Desktop's image name and the pid the simulated machine gives it. */
export const DOCKER_IMAGE = "Docker Desktop.exe";
export const DOCKER_PID = 12345;

/** tasklist.exe */
export const tasklist: Tool = async (args, ctx) => {
  const filter = argValue(args, "/fi") ?? "";
  const wanted = /imagename\s+eq\s+(.+)$/i.exec(filter)?.[1]?.trim().toLowerCase();
  const running = (await ctx.machine.read()).docker.running;
  if (!running || (wanted && wanted !== DOCKER_IMAGE.toLowerCase())) {
    return textResult(0, "INFO: No tasks are running which match the specified criteria.\n");
  }
  if ((argValue(args, "/fo") ?? "").toLowerCase() === "csv") {
    const header = hasFlag(args, "/nh") ? "" : `"Image Name","PID","Session Name","Session#","Mem Usage"\n`;
    return textResult(0, `${header}"${DOCKER_IMAGE}","${DOCKER_PID}","Console","1","150,000 K"\n`);
  }
  return textResult(0, "\nImage Name                     PID Session Name        Session#    Mem Usage\n" +
    "========================= ======== ================ =========== ============\n" +
    `${DOCKER_IMAGE.padEnd(25)} ${String(DOCKER_PID).padStart(8)} Console                    1    150,000 K\n`);
};

/** taskkill.exe */
export const taskkill: Tool = async (args, ctx) => {
  const image = argValue(args, "/im") ?? "";
  if (image.toLowerCase() !== DOCKER_IMAGE.toLowerCase() || !(await ctx.machine.read()).docker.running) {
    return textResult(128, "", `ERROR: The process "${image}" not found.\n`);
  }
  await setDockerRunning(ctx, false);
  return textResult(0, hasFlag(args, "/f")
    ? `SUCCESS: The process "${DOCKER_IMAGE}" with PID ${DOCKER_PID} has been terminated.\n`
    : `SUCCESS: Sent termination signal to the process "${DOCKER_IMAGE}" with PID ${DOCKER_PID}.\n`);
};

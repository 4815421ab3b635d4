/**
 * Stopping what holds a disk around a piece of work: Docker Desktop, the other Docker engines and
 * every WSL distro, and the Docker Desktop Service when the file stays locked; then starting again
 * what was running. Strategies reach it as `ctx.quiesce` (core/plugin/services/quiesce_service.ts).
 * @module
 */
export * from "./quiesce.ts";

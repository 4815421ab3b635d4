#!/usr/bin/env node
// npm entry point: runs the TypeScript CLI through tsx on Node.
import { register } from "tsx/esm/api";
register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));

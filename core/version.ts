/** The version of vhdx-shrink; `build.ts` keeps it equal to package.json's and a test checks it. */
export const VERSION = "0.1.0";

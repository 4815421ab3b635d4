/**
 * The VHDX engine: open and validate a VHDX (with log replay), read its virtual contents, write a
 * new dynamic VHDX, and make crash-safe in-place metadata changes through the VHDX log.
 * @module
 */
export { crc32c, crc32cLe } from "../checksum/crc32c.ts";
export { openVhdx, type LogPolicy, type OpenVhdxOptions } from "./open_vhdx.ts";
export type { Vhdx } from "./vhdx.ts";
export { type BatEntry, type BatGeometry, encodeBatEntry, PayloadBlockState } from "./bat.ts";
export { createVhdx, type CreateVhdxParams, type VhdxWriter } from "./create_vhdx.ts";
export { describeVhdx, type BlockStateCounts, type VhdxDescription } from "./describe.ts";
export { type HeaderChange, updateHeaderGuids, updateHeaders } from "./header_update.ts";
export type { Header } from "./header.ts";
export type { RegionEntry, RegionTable } from "./region_table.ts";
export type { MetadataEntry } from "./metadata.ts";
export { batEntryWrite, type LoggedWriteOptions, type MetadataWrite, writeLogged } from "./logged_write.ts";

/**
 * GUIDs as VHDX stores them: Microsoft mixed-endian (first three fields little-endian, last 8 bytes
 * as they are), shown as upper-case `XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX` strings.
 * @module
 */
import { getRandomValues } from "node:crypto";

/** The all-zero GUID (an empty LogGuid means "no log to replay", MS-VHDX §2.2.2). */
export const ZERO_GUID = "00000000-0000-0000-0000-000000000000";

const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

function hex(bytes: Uint8Array, order: number[]): string {
  return order.map((i) => bytes[i].toString(16).padStart(2, "0")).join("");
}

/** Reads the 16-byte GUID at `offset` of `bytes` as a string. */
export function readGuid(bytes: Uint8Array, offset = 0): string {
  const b = bytes.subarray(offset, offset + 16);
  return [hex(b, [3, 2, 1, 0]), hex(b, [5, 4]), hex(b, [7, 6]), hex(b, [8, 9]),
    hex(b, [10, 11, 12, 13, 14, 15])].join("-").toUpperCase();
}

/** Writes GUID `guid` (string form) into `bytes` at `offset`. */
export function writeGuid(bytes: Uint8Array, offset: number, guid: string): void {
  if (!GUID_PATTERN.test(guid)) throw new RangeError(`not a GUID: ${guid}`);
  const h = guid.replaceAll("-", "");
  const byte = (i: number) => parseInt(h.slice(i * 2, i * 2 + 2), 16);
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  for (let i = 0; i < 16; i++) bytes[offset + order[i]] = byte(i);
}

/** Whether `guid` is a well-formed GUID string. */
export function isGuid(guid: string): boolean {
  return GUID_PATTERN.test(guid);
}

/** A fresh random (version 4) GUID. */
export function randomGuid(): string {
  const b = getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = hex(b, [...Array(16).keys()]);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`.toUpperCase();
}

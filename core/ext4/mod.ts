/**
 * The ext2/3/4 allocation reader: decides whether the bitmaps of an ext filesystem can be trusted,
 * and gives the compactor a map of the units it must keep. Registered in core/fs/readers.ts.
 * @module
 */
export { ext4Reader, readExt } from "./ext4_reader.ts";

/**
 * The compaction engine: survey which image blocks hold used filesystem data, plan what to keep
 * (pure, exact sizes for estimates), and carry it out into a new file or in place, crash-safely.
 * @module
 */
export { BlockFlag, type BlockCensus, keptByNative, keptByZeroDrop } from "./block_census.ts";
export { type ByteRange, isAllZero, scrubOutside, usedRangesIn } from "./block_bytes.ts";
export { type CompactionPlan, newFileSize, planCompaction, planZeroDrop } from "./plan_compaction.ts";
export { type BlockMove, type FileLayout, type FileSpan, type InPlacePlan, planInPlace } from "./plan_in_place.ts";
export { IMAGE_FORMAT } from "./image_format.ts";
export { surveyBlocks, type SurveyOptions } from "./survey_blocks.ts";
export { type KeepBasis, keepBasisFor, keepBasisOf } from "./used_map_source.ts";
export { compactCopy, type CopyOptions, type CopyResult } from "./compact_copy.ts";
export { VerificationError, verifyCopy } from "./verify_copy.ts";
export { compactInPlace, type InPlaceOptions, type InPlaceResult } from "./compact_in_place.ts";
export { compactFile, type CompactFileOptions } from "./compact_file.ts";
export type { DiskFiles } from "./disk_files.ts";
export type { CompactReport } from "./compact_report.ts";
export { type EstimateOptions, estimateNative, type NativeEstimate } from "./estimate_native.ts";

/** The drift check's library API (the `drift` CLI command is a thin wrapper over runDrift). */
export * from './model';
export { runDrift, loadExpected, type DriftOptions, type DriftRunResult } from './run-drift';
export { checkStateInputs, type StateInputs, type CheckedStateInputs } from './inputs';
export { readLive, functionsToRead, DEFAULT_BULK_THRESHOLD, DEFAULT_CONCURRENCY, type ReadLiveOptions } from './live/read-live';
export { AwsClients, ApiCallCounter, type AwsClientOptions } from './aws/clients';
export { createLimiter, mapLimited, type Limiter } from './aws/limiter';
export { TokenBucket, type TokenBucketOptions } from './aws/token-bucket';
export { EventLookup, parseTrailRecord, type TrailEvent, type EventLookupOptions } from './attribute/cloudtrail-events';
export {
  attributeFindings,
  toAttribution,
  newestMatch,
  isConsoleEvent,
  isDeployIdentity,
  CONSOLE_USER_AGENTS,
  type AttributeOptions,
  type AttributeResult,
} from './attribute/attribute';
export { parseSince, sinceSchema, DEFAULT_SINCE, MAX_SINCE_MS } from './attribute/since';
export { parseTerraformState, mergeInventories, readStateFile, pullStackState, readExpected } from './state/read-state';
export { compareInventories } from './compare/compare';
export { buildReport, exitCodeFor, checkReportPath, writeReport, REPORT_WRITERS, type ReportWriter, type ReportFormat } from './report';
export { runDriftJob, type DriftJobOptions, type DriftJobResult } from './job';
export {
  applyIgnoreRules,
  loadIgnoreFile,
  loadIgnoreRules,
  startingIgnoreFile,
  globMatches,
  DEFAULT_IGNORE_FILE,
  type IgnoreRule,
  type IgnoreResult,
} from './ignore';
export { loadDriftConfig, selectTargets, type DriftTarget, type TargetRole } from './targets/config';
export { combineReports, readReportFile, runMergeJob, type MergeJobOptions, type MergeJobResult } from './merge';

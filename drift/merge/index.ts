/** Several reports as one: a --config run's targets, and `report merge` over a CI matrix's JSON reports. */
export { combineReports, combineWarnings, type CombineOptions } from './combine';
export { readReportFile } from './read-report';
export { runMergeJob, type MergeJobOptions, type MergeJobResult } from './merge-job';

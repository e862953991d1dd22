/**
 * The Lambda test fixtures moved to services/lambda/fixtures.ts (tests mirror the source tree). This
 * re-export keeps the zip builder's importers in other areas (drift, hcl) working until they import it
 * from there; delete it once nothing imports this path.
 */
export { zipWith } from './services/lambda/fixtures';

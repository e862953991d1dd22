/** Ignore rules: read and check a rules file, match and apply rules to findings, write a starting file. */
export { DEFAULT_IGNORE_FILE, loadIgnoreFile, loadIgnoreRules, type IgnoreRule } from './load';
export { applyIgnoreRules, isExpired, IGNORE_RULE_EXPIRED, IGNORE_RULE_UNUSED, type IgnoreResult } from './apply';
export { ruleMatches, resourceIds } from './match';
export { globMatches } from './glob';
export { startingIgnoreFile, checkWriteIgnorePath, writeStartingIgnoreFile } from './starting-file';

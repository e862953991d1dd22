/**
 * Why this exists: two commands write SARIF 2.1.0 for GitHub code scanning (`drift --format sarif`,
 * `check --format sarif`), and the facts a SARIF log states about the tool and its format belong in one place.
 */

export const SARIF_VERSION = '2.1.0';
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The project's home, as the JSON Schema's $id names it (SARIF validators want a tool information URI). */
export const TOOL_INFORMATION_URI = 'https://github.com/lambda-roles/lambda-roles';

/** SARIF messages are sentences: they end with a period (SARIF rule 2002's advice). */
export function sarifSentence(s: string): string {
  const t = s.trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

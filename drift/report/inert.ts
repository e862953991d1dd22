/**
 * Why this exists: report values come from AWS (descriptions, tags, policy documents, statement ids,
 * CloudTrail actors and user agents, service error messages) and AWS does not promise they are harmless to
 * print. A terminal acts on escape sequences (colours, cursor moves, OSC 8 links, the window title); a newline
 * inside a value can forge a report line ("In sync: …"); a right-to-left override reorders what a reader
 * sees. The line-based formats (text, markdown, the CLI's stderr) show every value through `inertLine`: one
 * line, control characters as visible escapes. The JSON formats keep the value exactly (JSON escapes it).
 */
import { REMEDIATION_CODE_SEPARATOR } from '../model';

/** C0 controls (newline and tab included), DEL, C1 controls (8-bit CSI, OSC…), bidirectional overrides and isolates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The value as one visible line: `\n`, `\r`, `\t` and `\u001b`-style escapes instead of the characters. */
export function inertLine(s: string): string {
  return s.replace(UNSAFE, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A remediation's prose and its trailing HCL import block. The block is found as the last separator followed
 * by `import {`: prose may hold a value with blank lines in it (a statement id from AWS), which must stay
 * prose, not become a "code block" of its own.
 */
export function splitRemediation(remediation: string): { readonly prose: string; readonly blocks: readonly string[] } {
  const at = remediation.lastIndexOf(`${REMEDIATION_CODE_SEPARATOR}import {`);
  return at < 0
    ? { prose: remediation, blocks: [] }
    : { prose: remediation.slice(0, at), blocks: [remediation.slice(at + REMEDIATION_CODE_SEPARATOR.length)] };
}

/**
 * Hostile values and the checks that a rendered report keeps them inert, shared by the hostile-data tests.
 *
 * HOSTILE holds what a value read from AWS could carry to attack whoever reads the report: terminal control
 * (CSI/SGR, OSC 8 hyperlinks and the window-title sequence, 8-bit CSI, bell), HTML that would run, markdown
 * that would break a table or forge a heading (pipes, backticks, a blank line), newlines that would forge a
 * report line, a right-to-left override. HOSTILE_XML is the part IAM's XML can carry (no C0 controls but
 * newline and tab; XML 1.0 cannot hold the others at all): descriptions, tags, inline policy names.
 */
import type { DriftReport } from '../../drift/model';

const TERMINAL =
  '\u001b[2J\u001b[31mred\u001b[0m\u001b]8;;https://evil.example/\u0007link\u001b]8;;\u0007\u001b]0;title\u0007\u009b31m\u0007';
const MARKUP = '<script>window.pwned=1</script><img src=x onerror=alert(1)>| pipe | `tick` ``` **bold** [x](javascript:alert(1))';
const LINES = '\n\n## forged heading\nIn sync: 0 finding(s)\r\n| forged | row |\n';

export const HOSTILE = `h${TERMINAL}${MARKUP}${LINES}\u202eend`;
/** XML has no CR LF: a parser reads it as LF (XML 1.0 end-of-line handling), so the IAM variant uses LF only. */
export const HOSTILE_XML = `x${MARKUP}${LINES.replace(/\r\n/g, '\n')}\u202eend`;

/** ESC, for counting escape sequences. */
export const ESC = String.fromCharCode(0x1b);

/** Every hostile value in `value` (strings and object keys, deeply) replaced by a benign token of one line. */
export function benign<T>(value: T): T {
  const fix = (s: string) => s.split(HOSTILE).join('HOSTILE').split(HOSTILE_XML).join('HOSTILEXML');
  const walk = (v: unknown): unknown =>
    typeof v === 'string'
      ? fix(v)
      : Array.isArray(v)
        ? v.map(walk)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [fix(k), walk(x)]))
          : v;
  return walk(value) as T;
}

/** Control characters a terminal acts on: C0 but tab and newline, DEL, C1 (8-bit CSI, OSC…). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Unescaped pipes on a markdown line. */
export const pipes = (line: string) => (line.match(/(?<!\\)\|/g) ?? []).length;

/**
 * A markdown line outside code: code spans (a run of backticks to the same run) removed, and what is in a
 * fenced block skipped (the caller passes each line with the state). Used to find markup that would render.
 */
export function outsideCode(line: string): string {
  return line.replace(/(`+)[\s\S]*?\1/g, '');
}

/** The markdown problems a hostile value could cause: a broken table, a forged heading or line, live markup. */
export function markdownProblems(md: string, twin: string): string[] {
  const problems: string[] = [];
  const lines = md.split('\n');
  if (lines.length !== twin.split('\n').length) problems.push(`${lines.length} lines, the benign twin has ${twin.split('\n').length}`);
  const headings = (text: string) => text.split('\n').filter((l) => /^\s{0,3}#/.test(l));
  if (JSON.stringify(headings(md)) !== JSON.stringify(headings(twin))) problems.push(`headings differ: ${JSON.stringify(headings(md))}`);
  let fenced = false;
  let tablePipes: number | undefined;
  lines.forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    if (line.startsWith('|')) {
      tablePipes ??= pipes(line);
      if (pipes(line) !== tablePipes) problems.push(`line ${i + 1}: ${pipes(line)} cells' pipes, the table's header has ${tablePipes}`);
    } else tablePipes = undefined;
    const live = outsideCode(line).match(/<(?!\/?(details|summary|code)\b)[a-z!/]/i);
    if (live) problems.push(`line ${i + 1}: live markup ${JSON.stringify(outsideCode(line).slice(live.index, live.index! + 20))}`);
  });
  return problems;
}

/** The same report with its hostile values replaced: what the formats render when nothing is hostile. */
export const benignReport = (r: DriftReport): DriftReport => benign(r);

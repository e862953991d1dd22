/**
 * The outline of a .tf file: its blocks (type, labels, lines) and each block's arguments and nested blocks
 * with their line numbers. hcl2-parser returns values without positions, and every finding of the importer
 * must name a file and line, so this scanner finds them. It also finds what makes a file unparsable
 * (an unterminated string, heredoc or bracket) with the line, which hcl2-parser does not report.
 */

export interface OutlineBlock {
  readonly type: string;
  readonly labels: readonly string[];
  readonly line: number;
  endLine: number;
  readonly attributes: Map<string, number>;
  readonly blocks: OutlineBlock[];
}

export interface Outline {
  readonly blocks: OutlineBlock[];
  /** The first structural problem, with its line. @default - none */
  readonly problem?: { readonly line: number; readonly message: string };
}

type Frame =
  | { kind: 'block'; block: OutlineBlock | undefined }
  | { kind: 'expr'; close: string; line: number }
  | { kind: 'string'; line: number }
  | { kind: 'interp' };

const HEADER = /^\s*([A-Za-z_][\w-]*)((?:\s+(?:"(?:[^"\\]|\\.)*"|[A-Za-z_][\w-]*))*)\s*\{/;
const ATTRIBUTE = /^\s*([A-Za-z_][\w-]*)\s*=(?!=)/;

export function outlineOf(text: string): Outline {
  const root: OutlineBlock = { type: '', labels: [], line: 0, endLine: 0, attributes: new Map(), blocks: [] };
  const stack: Frame[] = [{ kind: 'block', block: root }];
  const lines = text.split('\n');
  let heredoc: { id: string; line: number } | undefined;
  let comment: number | undefined;
  const fail = (line: number, message: string): Outline => ({ blocks: root.blocks, problem: { line, message } });

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const lineNo = n + 1;
    if (heredoc) {
      if (line.trim() === heredoc.id) heredoc = undefined;
      continue;
    }
    const top = stack[stack.length - 1];
    let headerBrace = -1;
    let opened: OutlineBlock | undefined;
    if (top.kind === 'block' && comment === undefined) {
      const header = HEADER.exec(line);
      const attr = ATTRIBUTE.exec(line);
      if (header && !attr) {
        const labels = [...header[2].matchAll(/"((?:[^"\\]|\\.)*)"|([A-Za-z_][\w-]*)/g)].map((m) => m[1] ?? m[2]);
        opened = { type: header[1], labels, line: lineNo, endLine: lineNo, attributes: new Map(), blocks: [] };
        top.block?.blocks.push(opened);
        headerBrace = header[0].length - 1;
      } else if (attr && top.block && !top.block.attributes.has(attr[1])) {
        top.block.attributes.set(attr[1], lineNo);
      }
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      const frame = stack[stack.length - 1];
      if (comment !== undefined) {
        if (line.startsWith('*/', i)) {
          comment = undefined;
          i++;
        }
        continue;
      }
      if (frame.kind === 'string') {
        if (c === '\\') i++;
        else if (c === '"') stack.pop();
        else if (line.startsWith('${', i) || line.startsWith('%{', i)) {
          if (line[i - 1] !== c || line[i - 2] === c) {
            stack.push({ kind: 'interp' });
            i++;
          }
        }
        continue;
      }
      if (c === '#' || line.startsWith('//', i)) break;
      if (line.startsWith('/*', i)) {
        comment = lineNo;
        i++;
        continue;
      }
      if (c === '"') stack.push({ kind: 'string', line: lineNo });
      else if (line.startsWith('<<', i)) {
        const m = /^<<-?([A-Za-z_]\w*)\s*$/.exec(line.slice(i));
        if (m) {
          heredoc = { id: m[1], line: lineNo };
          break;
        }
      } else if (c === '{' && i === headerBrace) stack.push({ kind: 'block', block: opened });
      else if (c === '{' || c === '[' || c === '(')
        stack.push({ kind: 'expr', close: c === '{' ? '}' : c === '[' ? ']' : ')', line: lineNo });
      else if (c === '}' || c === ']' || c === ')') {
        if (frame.kind === 'interp' && c === '}') {
          stack.pop();
          continue;
        }
        if (frame.kind === 'block') {
          if (c !== '}' || stack.length === 1) return fail(lineNo, `unexpected "${c}"`);
          if (frame.block) frame.block.endLine = lineNo;
          stack.pop();
          continue;
        }
        if (frame.kind === 'expr' && frame.close !== c)
          return fail(lineNo, `"${c}" closes a bracket opened at line ${frame.line} with "${frame.close}" expected`);
        stack.pop();
      }
    }
    const after = stack[stack.length - 1];
    if (after.kind === 'string') return fail(after.line, 'unterminated string (a quoted string ends on its line)');
  }
  if (heredoc) return fail(heredoc.line, `heredoc ${heredoc.id} has no closing ${heredoc.id} line`);
  if (comment !== undefined) return fail(comment, 'unterminated /* comment');
  const open = stack[stack.length - 1];
  if (stack.length > 1) {
    const line = open.kind === 'expr' || open.kind === 'string' ? open.line : open.kind === 'block' ? (open.block?.line ?? 0) : 0;
    return fail(line, 'this bracket is never closed');
  }
  return { blocks: root.blocks };
}

/** The block with this type and labels (nested: the path of nested block types below it). */
export function findBlock(outline: Outline, type: string, labels: readonly string[]): OutlineBlock | undefined {
  return outline.blocks.find((b) => b.type === type && labels.every((l, i) => b.labels[i] === l));
}

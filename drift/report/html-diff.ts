/**
 * Why this exists: the HTML report shows each difference's expected and actual values side by side, and a
 * reader should see at once what changed inside a policy, not compare two JSON blobs by eye. This renders a
 * value as indented JSON, marking the parts that differ from the value on the other side: object keys and
 * array items the other side lacks, and the changed middle of two strings. Every piece of text goes through
 * `esc`: values come from AWS and may be hostile.
 */

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

type Side = 'expected' | 'actual';
/** On the expected side a difference is something removed; on the actual side, something added. */
const mark = (side: Side, html: string) => `<mark class="${side === 'expected' ? 'del' : 'add'}">${html}</mark>`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** `value` as HTML, marking what differs from `other`; `(none)` for a missing value. */
export function renderAgainst(value: unknown, other: unknown, side: Side): string {
  if (value === null || value === undefined) return '<span class="none">(none)</span>';
  if (other === null || other === undefined) return mark(side, plain(value, 0));
  return against(value, other, side, 0);
}

function against(value: unknown, other: unknown, side: Side, depth: number): string {
  if (same(value, other)) return plain(value, depth);
  if (typeof value === 'string' && typeof other === 'string') return stringAgainst(value, other, side);
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (Array.isArray(value) && Array.isArray(other)) {
    const items = (value as unknown[]).map((item) =>
      (other as unknown[]).some((o) => same(o, item)) ? plain(item, depth + 1) : mark(side, plain(item, depth + 1)),
    );
    return items.length ? `[\n${items.map((i) => pad + i).join(',\n')}\n${end}]` : '[]';
  }
  if (isObject(value) && isObject(other)) {
    const entries = Object.keys(value).map((k) => {
      const key = `${esc(JSON.stringify(k))}: `;
      return k in other ? key + against(value[k], other[k], side, depth + 1) : mark(side, key + plain(value[k], depth + 1));
    });
    return entries.length ? `{\n${entries.map((e) => pad + e).join(',\n')}\n${end}}` : '{}';
  }
  return mark(side, plain(value, depth));
}

/** Two strings: the common beginning and end stay plain, the middle is marked. */
function stringAgainst(value: string, other: string, side: Side): string {
  let start = 0;
  while (start < value.length && start < other.length && value[start] === other[start]) start++;
  let end = 0;
  while (end < value.length - start && end < other.length - start && value[value.length - 1 - end] === other[other.length - 1 - end]) end++;
  const q = (s: string) => esc(JSON.stringify(s).slice(1, -1));
  // Next to nothing in common ("reports/*" → "*"): the whole value changed, mark it all.
  if (start + end < 3) return `"${mark(side, q(value))}"`;
  const middle = value.slice(start, value.length - end);
  return `"${q(value.slice(0, start))}${middle ? mark(side, q(middle)) : ''}${q(value.slice(value.length - end))}"`;
}

function plain(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return esc(text.split('\n').join(`\n${'  '.repeat(depth)}`));
}

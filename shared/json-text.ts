/**
 * Why this exists: V8's JSON.parse errors quote the text around the mistake (`Unexpected token 'Z',
 * "Zq9/sEcReT"... is not valid JSON`), and a message that quotes a file prints part of it. The wrong file
 * passed by mistake (a credentials file, a key, a state holding a sensitive attribute) would then show part of
 * a secret in a CI log. Every JSON input error says what and where (line and column when V8 knows the
 * position) through this, never the text itself.
 */

/** A JSON syntax error of `text` as one line without any of the text: "Unexpected token 'Z'", "… at line 3, column 7". */
export function jsonSyntaxProblem(err: unknown, text: string): string {
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  const reason = message
    .replace(/, (\.\.\.)?"[\s\S]*"(\.\.\.)? is not valid JSON$/, '')
    .replace(/ in JSON at position \d+( \(line \d+ column \d+\))?$/, '');
  const at = /at position (\d+)/.exec(message);
  if (!at) return reason;
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return `${reason} at line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}

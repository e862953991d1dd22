/** jsonSyntaxProblem: what is wrong with a JSON text and where, never the text around it. */
import { jsonSyntaxProblem } from '../../shared/json-text';

const problem = (text: string) => {
  try {
    JSON.parse(text);
  } catch (err) {
    return jsonSyntaxProblem(err, text);
  }
  throw new Error('parsed');
};

describe('jsonSyntaxProblem', () => {
  it('never quotes the text, wherever the mistake is', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY';
    for (const text of [secret, `{"a": 1, ${secret}}`, `{"key": "${secret}" ${secret}}`, `[1, 2, ${secret}`, `{"a":\n"${secret}`]) {
      const p = problem(text);
      expect(p).not.toContain(secret.slice(0, 6));
      expect(p).not.toMatch(/is not valid JSON/);
    }
  });

  it('keeps the reason and gives the line and column when the parser knows the position', () => {
    expect(problem('{"a": 1,\n  b: 2}')).toBe('Expected double-quoted property name at line 2, column 3');
    expect(problem('Zq9')).toBe("Unexpected token 'Z'");
    expect(problem('')).toBe('Unexpected end of JSON input');
  });
});

/**
 * Why this exists: IAM returns policy documents URL-encoded. The Terraform provider decodes them with Go's
 * `url.QueryUnescape`, where `+` means a space; `decodeURIComponent` alone would keep the `+`. We decode
 * the same way so a document compares equal to what Terraform stored.
 */
export function queryUnescape(text: string): string {
  return decodeURIComponent(text.replace(/\+/g, ' '));
}

/**
 * Parses a policy document given as an object, a JSON string, or a URL-encoded JSON string.
 * `what` names the document in the error ("live inline policy api-role/logs").
 */
export function parsePolicyText(input: unknown, what: string): unknown {
  if (typeof input !== 'string') return input;
  const text = input.trim();
  if (text === '') return undefined;
  // A JSON document starts with `{`; anything else is still URL-encoded (`%7B…`).
  const decoded = text.startsWith('{') ? text : safeUnescape(text, what);
  try {
    return JSON.parse(decoded);
  } catch (err) {
    throw new Error(
      `${what}: not a JSON policy document (${(err as Error).message}); value starts with ${JSON.stringify(decoded.slice(0, 40))}`,
    );
  }
}

function safeUnescape(text: string, what: string): string {
  try {
    return queryUnescape(text);
  } catch {
    throw new Error(`${what}: malformed URL encoding in policy document; value starts with ${JSON.stringify(text.slice(0, 40))}`);
  }
}

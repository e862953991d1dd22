/**
 * The glob syntax of ignore rules: `*` matches any run of characters, `/`, `.` and `:` included, `?` matches
 * one character, and everything else matches itself (case-sensitive). It is IAM's ARN wildcard syntax, on
 * purpose: a resource is a Terraform address (`module.svc["orders"].aws_iam_role.this`), a name that may hold
 * `/` (`image-processor-exec/arn:aws:iam::aws:policy/AdministratorAccess`) or an ARN, and a path-style glob
 * (minimatch, picomatch: neither is a direct dependency) would stop `*` at the first `/`.
 */

const cache = new Map<string, RegExp>();

function toRegExp(glob: string): RegExp {
  let re = cache.get(glob);
  if (!re) {
    const body = [...glob].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+(){}[\]]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, 's');
    cache.set(glob, re);
  }
  return re;
}

/** Whether `value` matches `glob` as a whole (see the syntax above). */
export function globMatches(glob: string, value: string): boolean {
  return toRegExp(glob).test(value);
}

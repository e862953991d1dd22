/**
 * The package's own name and version, read once from its package.json (found by walking up from this file,
 * so it works from the TypeScript sources and from the compiled dist/ alike).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: { readonly name: string; readonly version: string } | undefined;

export function toolInfo(): { readonly name: string; readonly version: string } {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lambda-roles') return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0' });
    }
    if (dirname(dir) === dir) return (cached = { name: 'lambda-roles', version: '0.0.0' });
  }
}

/**
 * The package's own name, version and root directory, read once from its package.json (found by walking up
 * from this file, so it works from the TypeScript sources and from the compiled dist/ alike).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const PACKAGE_NAME = 'lambda-roles';

let cached: { readonly name: string; readonly version: string; readonly root: string } | undefined;

function findPackage(): { readonly name: string; readonly version: string; readonly root: string } {
  if (cached) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === PACKAGE_NAME) return (cached = { name: pkg.name, version: pkg.version ?? '0.0.0', root: dir });
    }
    // Not found (a bundler moved this file): the folder above shared/ is the best guess at the root.
    if (dirname(dir) === dir) return (cached = { name: PACKAGE_NAME, version: '0.0.0', root: join(__dirname, '..') });
  }
}

export function toolInfo(): { readonly name: string; readonly version: string } {
  const { name, version } = findPackage();
  return { name, version };
}

/** The directory holding the package's package.json: the checkout, or node_modules/lambda-roles when installed. */
export function packageRoot(): string {
  return findPackage().root;
}

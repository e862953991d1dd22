/**
 * The AWS SDK warns on every process under Node 20 that its releases after January 2027 need Node 22.
 * It is advice for maintainers (package.json pins SDK ranges that still support Node 20), not for users
 * of the CLI or readers of test logs, so it is dropped; every other warning passes through.
 */
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;

process.emitWarning = (warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith('NodeVersionSupportWarning')) return;
  emitWarning(warning, ...rest);
};

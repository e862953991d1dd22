/** Process exit codes; they live in shared/ so the library and the demo use them without importing the CLI. */
export { ExitCode } from '../shared/exit-codes';

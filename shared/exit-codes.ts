/** Process exit codes. They follow `terraform plan -detailed-exitcode` so CI can branch on them. */
export const ExitCode = {
  /** Success; for `drift`: everything expected was read and matches. */
  OK: 0,
  /** Bad input, an unreadable resource, or any other error. */
  ERROR: 1,
  /** `drift` only: drift was found. */
  DRIFT: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

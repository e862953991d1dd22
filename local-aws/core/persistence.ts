/**
 * Why this exists: `--state-file` lets a demo keep its roles and CloudTrail history across restarts.
 * Writes are debounced (a terraform apply makes dozens of calls) and atomic (temp file + rename), so a
 * crash never leaves half a JSON file behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../shared/atomic-write';
import type { LocalAwsSnapshot } from './endpoint';

export function loadStateFile(file: string): LocalAwsSnapshot | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as LocalAwsSnapshot;
  } catch (err) {
    throw new Error(
      `stateFile ${file}: not valid JSON (${(err as Error).message}). Delete it to start empty, or restore it from a backup.`,
    );
  }
}

/** Mode 0600: the snapshot holds STS session credentials, which no other user of the machine may read. */
export function writeStateFile(file: string, snapshot: LocalAwsSnapshot): void {
  writeFileAtomic(file, JSON.stringify(snapshot), { mode: 0o600, createDirectory: true });
}

export class DebouncedSaver {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly save: () => void,
    private readonly delayMs = 250,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, this.delayMs);
    this.timer.unref();
  }

  /** Saves now if a save is pending (used by close()). */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }
}

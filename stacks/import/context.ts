/** Where an import happens: the account, region and partition of the ARNs, and how code paths are written. */
import type { Partition } from '../../shared/aws/partition';

export interface TranslateContext {
  readonly account: string;
  readonly region: string;
  readonly partition: Partition;
  /** Local code paths as the output should hold them (relative to where the definition is written). */
  readonly relativePath: (path: string) => string;
}

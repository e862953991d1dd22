/**
 * AWS partitions. ARNs of AWS-managed policies and service resources embed the partition, so a role built
 * for cn-north-1 must say `arn:aws-cn:…`. We derive it from the region rather than asking AWS, because
 * the stack must make no AWS call at plan time.
 */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

/** cn-* → aws-cn, us-gov-* → aws-us-gov, anything else → aws. */
export function partitionForRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The DNS suffix of service principals is the same in all three partitions we support. */
export function servicePrincipal(service: string): string {
  return `${service}.amazonaws.com`;
}

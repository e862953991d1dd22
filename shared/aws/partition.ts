/**
 * AWS partitions, the one home for what the generator and the drift check both need to know about them.
 *
 * ARNs embed the partition, so a role built for cn-north-1 must say `arn:aws-cn:…`; we derive it from the
 * region rather than asking AWS, because a stack must make no AWS call at plan time. IAM is global per
 * partition, and its API endpoint and CloudTrail events live in one region of each partition: a China or
 * GovCloud state read through us-east-1 would reach the wrong partition (or nothing).
 */
export type Partition = 'aws' | 'aws-cn' | 'aws-us-gov';

export const PARTITIONS: readonly Partition[] = ['aws', 'aws-cn', 'aws-us-gov'];

const IAM_REGIONS: Readonly<Record<Partition, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

export function isPartition(value: string): value is Partition {
  return (PARTITIONS as readonly string[]).includes(value);
}

/** The syntax of a region name (us-east-1, eu-central-2, us-gov-west-1, cn-north-1). */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** cn-* → aws-cn, us-gov-* → aws-us-gov, anything else → aws. */
export function partitionForRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Where IAM's API and its CloudTrail events live in a partition (unknown partitions: the aws one). */
export function iamRegionFor(partition: string): string {
  return isPartition(partition) ? IAM_REGIONS[partition] : IAM_REGIONS.aws;
}

/** The DNS suffix of service principals is the same in all three partitions we support. */
export function servicePrincipal(service: string): string {
  return `${service}.amazonaws.com`;
}

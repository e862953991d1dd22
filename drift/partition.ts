/**
 * Why this exists: IAM is global per partition, and its API endpoint and CloudTrail events live in one
 * region of each partition: us-east-1 (aws), cn-north-1 (aws-cn), us-gov-west-1 (aws-us-gov). A China or
 * GovCloud state read through us-east-1 would reach the wrong partition (or nothing).
 */
const IAM_REGIONS: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1',
};

/** The partition a region belongs to. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** Where IAM's API and CloudTrail events live in a partition (unknown partitions: the aws one). */
export function iamRegionFor(partition: string): string {
  return IAM_REGIONS[partition] ?? IAM_REGIONS.aws;
}

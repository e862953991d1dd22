/**
 * Permissions implied by function settings, each scoped to the target's ARN: the file system the function
 * mounts, the KMS key of its environment variables, and VPC access without the log actions that
 * AWSLambdaVPCAccessExecutionRole bundles (for roles whose logging is scoped). Dead-letter and
 * destination targets are in destinations.ts.
 * Deliberately absent: layers. Lambda reads a layer (lambda:GetLayerVersion) with the permissions of the
 * principal that creates or updates the function — the deployer — not with the execution role; a layer in
 * another account must be shared with the deployer's account (aws_lambda_layer_version_permission).
 */
import { ARN_RULES, checkArn } from './arn-rules';
import type { PolicyStatement } from './policy-types';
import type { Problem } from './validation';

/** An EFS access point the function mounts (aws_lambda_function file_system_config). */
export interface FunctionFileSystem {
  /** The access point Lambda mounts through. */
  readonly accessPointArn: string;
  /** The file system the access point belongs to: IAM authorizes ClientMount on it (an access point ARN does not name it). */
  readonly fileSystemArn: string;
  /** Absolute path under /mnt/, e.g. '/mnt/models'. */
  readonly localMountPath: string;
  /** Mount read-only: no elasticfilesystem:ClientWrite. @default false */
  readonly readOnly?: boolean;
}

/** Where Lambda mounts a file system: a path directly under /mnt/. */
export const LOCAL_MOUNT_PATH = /^\/mnt\/[\w.-]{1,160}$/;

export function checkFileSystem(fs: FunctionFileSystem, partition: string): (Problem & { field: string }) | undefined {
  const ap = checkArn(fs.accessPointArn, ARN_RULES.efsAccessPoint, partition);
  if (ap) return { field: 'accessPointArn', ...ap };
  const fsArn = checkArn(fs.fileSystemArn, ARN_RULES.efsFileSystem, partition);
  if (fsArn) return { field: 'fileSystemArn', ...fsArn };
  if (!LOCAL_MOUNT_PATH.test(fs.localMountPath))
    return { field: 'localMountPath', rule: 'is not a path directly under /mnt/', fix: "use e.g. '/mnt/models'" };
  return undefined;
}

/**
 * ClientMount (and ClientWrite unless read-only) on the file system, only through this access point: the
 * `elasticfilesystem:AccessPointArn` condition AWS documents for enforcing access points.
 */
export function fileSystemStatements(fs: FunctionFileSystem): PolicyStatement[] {
  return [
    {
      sid: 'MountFileSystem',
      actions: fs.readOnly ? ['elasticfilesystem:ClientMount'] : ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
      resources: [fs.fileSystemArn],
      conditions: { StringEquals: { 'elasticfilesystem:AccessPointArn': fs.accessPointArn } },
    },
  ];
}

/** Lambda decrypts environment variables encrypted with a customer managed key as the execution role. */
export function environmentKeyStatements(kmsKeyArn: string): PolicyStatement[] {
  return [{ sid: 'DecryptEnvironment', actions: ['kms:Decrypt'], resources: [kmsKeyArn] }];
}

/**
 * The EC2 part of AWSLambdaVPCAccessExecutionRole. On `*` because the network interfaces do not exist
 * before Lambda creates them and the describe actions have no resource type (see LAMBDA_VPC_ENI_ACTIONS).
 */
export function vpcAccessStatements(): PolicyStatement[] {
  return [
    {
      sid: 'ManageVpcNetworkInterfaces',
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
        'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses',
        'ec2:UnassignPrivateIpAddresses',
      ],
      resources: ['*'],
    },
  ];
}

/**
 * A function's deployment package: the base64 zip in the request (hashed, then dropped: Lambda only
 * ever reports the size and hash back), code in S3, or a container image in ECR.
 */
import { createHash } from 'node:crypto';
import { AwsError } from '../../types';
import { read } from '../../protocols/rest-json';

export interface ZipCode {
  readonly CodeSha256: string;
  readonly CodeSize: number;
  /** Image functions: the URI the code came from (GetFunction's Code.ImageUri). */
  readonly imageUri?: string;
}

/** Hashes the zip bytes (base64 in JSON) the way Lambda reports them; the bytes themselves are dropped. */
function zipCodeFrom(zipBase64: string, field: string): ZipCode {
  const bytes = Buffer.from(zipBase64, 'base64');
  // "PK" local-file or end-of-central-directory header: anything else cannot be unzipped by Lambda either.
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Could not unzip uploaded file (${field}, ${bytes.length} bytes). Send the base64 of a .zip archive.`,
      400,
    );
  }
  return { CodeSha256: createHash('sha256').update(bytes).digest('base64'), CodeSize: bytes.length };
}

/**
 * The endpoint has no S3 and no ECR. Code from S3 is accepted without reading the object: its CodeSha256 is
 * derived from bucket, key and object version, so the same object gives the same hash (and a stable plan),
 * and CodeSize is 0. An image is accepted when its URI is an ECR image URI in the caller's region; its
 * CodeSha256 is a digest derived from the URI (AWS reports the image manifest's digest).
 */
export function codeFrom(code: Record<string, unknown> | undefined, field: string, packageType: string, region: string): ZipCode {
  const zip = code ? read.string(code, 'ZipFile') : undefined;
  const bucket = code ? read.string(code, 'S3Bucket') : undefined;
  const imageUri = code ? read.string(code, 'ImageUri') : undefined;
  if (packageType === 'Image') {
    if (zip || bucket)
      throw new AwsError('InvalidParameterValueException', `${field}: an Image function takes ImageUri, not a .zip package.`, 400);
    if (!imageUri) throw new AwsError('InvalidParameterValueException', `${field}.ImageUri is required for PackageType Image.`, 400);
    return imageCode(imageUri, region);
  }
  if (imageUri) {
    throw new AwsError(
      'InvalidParameterValueException',
      `${field}.ImageUri is only for PackageType Image; this function's package type is Zip.`,
      400,
    );
  }
  if (zip) return zipCodeFrom(zip, `${field}.ZipFile`);
  const key = code ? read.string(code, 'S3Key') : undefined;
  if (bucket || key) {
    if (!bucket || !key) throw new AwsError('InvalidParameterValueException', `${field}: S3Bucket and S3Key are required together.`, 400);
    const version = (code && read.string(code, 'S3ObjectVersion')) ?? '';
    return { CodeSha256: createHash('sha256').update(`s3://${bucket}/${key}#${version}`).digest('base64'), CodeSize: 0 };
  }
  throw new AwsError(
    'InvalidParameterValueException',
    `${field} needs the deployment package: ZipFile (the base64 of a .zip) or S3Bucket and S3Key.`,
    400,
  );
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/[a-z0-9._/-]+(?::[\w.-]{1,128}|@sha256:[a-f0-9]{64})$/;

function imageCode(uri: string, region: string): ZipCode {
  const m = ECR_IMAGE.exec(uri);
  if (!m) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Source image ${uri} is not valid. Provide an Amazon ECR image URI, <account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag> or @sha256:<digest>.`,
      400,
    );
  }
  if (m[2] !== region) {
    throw new AwsError(
      'InvalidParameterValueException',
      `Source image ${uri} is in ${m[2]}; a function in ${region} needs an image in its own region.`,
      400,
    );
  }
  const digest = /@sha256:([a-f0-9]{64})$/.exec(uri)?.[1] ?? createHash('sha256').update(uri).digest('hex');
  return { CodeSha256: digest, CodeSize: 0, imageUri: uri };
}

/** GetFunction's Code for an image function: the repository, and the image resolved to its digest. */
export function imageLocation(uri: string, digest: string) {
  const repository = uri.replace(/[:@][^/]*$/, '');
  return { RepositoryType: 'ECR', ImageUri: uri, ResolvedImageUri: `${repository}@sha256:${digest}` };
}

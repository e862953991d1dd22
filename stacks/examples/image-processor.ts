import { join } from 'node:path';
import type { StackDefinition } from '../definition';

/** S3-triggered thumbnail generator: uploads bucket → function → thumbnails bucket. */
export const imageProcessor: StackDefinition = {
  name: 'image-processor',
  region: 'us-east-1',
  account: '000000000000',
  defaults: { tags: { team: 'media', 'managed-by': 'lambda-roles' } },
  functions: [
    {
      name: 'image-processor',
      role: { description: 'Reads uploaded images and writes thumbnails' },
      statements: [
        { sid: 'ReadIncomingUploads', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::acme-image-uploads/incoming/*'] },
        { sid: 'WriteThumbnails', actions: ['s3:PutObject'], resources: ['arn:aws:s3:::acme-image-thumbnails/*'] },
      ],
      customerPolicies: [
        {
          name: 'image-processor-kms-decrypt',
          description: 'Decrypt objects the uploads bucket encrypts with its KMS key',
          statements: [
            {
              sid: 'DecryptUploads',
              actions: ['kms:Decrypt'],
              resources: ['arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
              conditions: { StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
            },
          ],
        },
      ],
      invokers: [{ kind: 's3', name: 'uploads', sourceArn: 'arn:aws:s3:::acme-image-uploads' }],
      code: {
        path: join(__dirname, 'functions', 'image-processor'),
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        memorySize: 512,
        timeout: 30,
      },
    },
  ],
};

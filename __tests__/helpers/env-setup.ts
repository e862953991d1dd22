// Every test worker runs Terraform with the project's CLI config (offline mirror when present) and
// dummy credentials, so nothing can reach a real AWS account by accident.
import { terraformEnv } from '../../shared/terraform/env';
import '../../shared/quiet-node-warnings';

Object.assign(process.env, terraformEnv(process.env));
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_EC2_METADATA_DISABLED = 'true';

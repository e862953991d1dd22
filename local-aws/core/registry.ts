/**
 * Why this exists: the core knows the service modules only through `ServiceModule`; this is the one
 * place that lists them. Tests and the benchmark can pass their own list.
 */
import type { ServiceModule } from '../types';
import { iamService } from '../services/iam';
import { lambdaService } from '../services/lambda';
import { stsService } from '../services/sts';
import { cloudTrailService } from '../services/cloudtrail';
import { logsService } from '../services/logs';

export function defaultServiceModules(): ServiceModule[] {
  return [iamService, stsService, lambdaService, cloudTrailService, logsService];
}

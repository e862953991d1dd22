/**
 * Why this exists: the core knows the four service modules only through `ServiceModule`; this is the one
 * place that lists them. Tests and the benchmark can pass their own list.
 */
import type { ServiceModule } from '../types';
import { iamService } from '../services/iam';
import { lambdaService } from '../services/lambda';
import { stsService } from '../services/sts';
import { cloudTrailService } from '../services/cloudtrail';

export function defaultServiceModules(): ServiceModule[] {
  return [iamService, stsService, lambdaService, cloudTrailService];
}

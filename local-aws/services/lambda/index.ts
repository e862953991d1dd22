// Placeholder so the core compiles while the real module is being written. Replaced by the lambda module.
import { AwsError, type ServiceModule } from '../../types';

export const lambdaService: ServiceModule<Record<string, never>> = {
  signingName: 'lambda',
  initialState: () => ({}),
  operationOf: () => {
    throw new AwsError('InvalidAction', 'the lambda module is not implemented yet', 400);
  },
  handle: () => {
    throw new AwsError('InvalidAction', 'the lambda module is not implemented yet', 400);
  },
  renderError: (err) => ({ status: err.status, headers: { 'content-type': 'text/plain' }, body: err.message }),
};

// Placeholder so the core compiles while the real module is being written. Replaced by the iam module.
import { AwsError, type ServiceModule } from '../../types';

export const iamService: ServiceModule<Record<string, never>> = {
  signingName: 'iam',
  initialState: () => ({}),
  operationOf: () => {
    throw new AwsError('InvalidAction', 'the iam module is not implemented yet', 400);
  },
  handle: () => {
    throw new AwsError('InvalidAction', 'the iam module is not implemented yet', 400);
  },
  renderError: (err) => ({ status: err.status, headers: { 'content-type': 'text/plain' }, body: err.message }),
};

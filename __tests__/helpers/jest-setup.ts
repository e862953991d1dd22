import { Testing } from 'cdktf';
import { loadIamReference } from '../../modules/checks/iam-data';

Testing.setupJest();

// The policy checks read the IAM reference synchronously during synth; load it once per test file (~0.3 s).
beforeAll(() => loadIamReference());

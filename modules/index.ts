/** The public construct library. */
export * from './partition';
export * from './validation';
export * from './managed-policies';
export * from './policy-attachments';
export * from './execution-role';
export * from './customer-policy';
export * from './invokers';
export * from './invoke-permission';
export * from './lambda-function';
export * from './policy-types';
export * from './drift-job-role';

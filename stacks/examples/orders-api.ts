import { join } from 'node:path';
import type { StackDefinition } from '../definition';

const ORDERS_TABLE = 'arn:aws:dynamodb:us-east-1:000000000000:table/Orders';

/** API Gateway handler for POST /orders, running in a VPC with active X-Ray tracing. */
export const ordersApi: StackDefinition = {
  name: 'orders-api',
  region: 'us-east-1',
  account: '000000000000',
  defaults: { tags: { team: 'commerce', 'managed-by': 'lambda-roles' } },
  functions: [
    {
      name: 'orders-api',
      role: { description: 'Stores orders received through the public API' },
      statements: [
        { sid: 'ReadWriteOrders', actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], resources: [ORDERS_TABLE] },
        { sid: 'QueryOrdersByCustomer', actions: ['dynamodb:Query'], resources: [`${ORDERS_TABLE}/index/by-customer`] },
      ],
      features: {
        vpc: { subnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'], securityGroupIds: ['sg-0a1b2c3d4e5f60001'] },
        tracing: true,
      },
      // Only the prod stage's POST /orders route of this one API may invoke the function.
      invokers: [
        { kind: 'api-gateway', name: 'post-orders', sourceArn: 'arn:aws:execute-api:us-east-1:000000000000:a1b2c3d4e5/prod/POST/orders' },
      ],
      code: {
        path: join(__dirname, 'functions', 'orders-api'),
        runtime: 'nodejs20.x',
        handler: 'index.handler',
        memorySize: 256,
        timeout: 10,
        environment: { ORDERS_TABLE: 'Orders' },
      },
    },
  ],
};

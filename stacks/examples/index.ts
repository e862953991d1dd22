/** The example definitions shipped with lambda-roles; main.ts synthesizes each into its own stack. */
import type { StackDefinition } from '../definition';
import { imageProcessor } from './image-processor';
import { ordersApi } from './orders-api';
import { queueConsumer } from './queue-consumer';

export { imageProcessor, ordersApi, queueConsumer };
export const EXAMPLES: readonly StackDefinition[] = [imageProcessor, ordersApi, queueConsumer];

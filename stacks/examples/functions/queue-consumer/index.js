// Consumes the jobs queue in batches and reports partial failures, so only failed messages are retried
// (and end up in the dead-letter queue after maxReceiveCount).
exports.handler = async (event) => {
  const failures = [];
  for (const record of (event && event.Records) || []) {
    try {
      JSON.parse(record.body);
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};

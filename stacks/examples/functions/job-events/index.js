// Records job lifecycle events (finished, failed) delivered by the job-events queue. The event source
// mapping's filter already dropped every other event type, so each record here is one to keep; a record
// that is not JSON is reported as a partial batch failure and retried on its own.
exports.handler = async (event) => {
  const failures = [];
  for (const record of (event && event.Records) || []) {
    try {
      const body = JSON.parse(record.body);
      console.log(JSON.stringify({ message: 'job event', type: body.type, jobId: body.jobId }));
    } catch {
      failures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures: failures };
};

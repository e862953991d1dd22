/**
 * The shapes that flow through the drift pipeline, which runs one way (drift/run-drift.ts joins the stages):
 *   read state → ExpectedInventory        (drift/state/)
 *   read live  → LiveInventory            (drift/live/, a repository layer over the AWS SDK)
 *   compare    → PendingFinding[]         (drift/compare/)
 *   attribute  → DriftFinding[]           (drift/attribute/, CloudTrail)
 *   report     → DriftReport (JSON contract) and its renderings (drift/report/)
 * Below every stage: drift/normalize (comparable forms), drift/severity (how dangerous), drift/aws (the
 * AWS client layer) and shared/. A stage imports only this folder and those; never another stage.
 */
export * from './expected';
export * from './live';
export * from './findings';
export * from './report';

/**
 * The architecture, as rules a build can fail on (`npm run lint:deps`, also run by `npm test`).
 * Each rule's comment is the message a violation prints.
 *
 * Layers, top to bottom: bin → cli → demo/bench → main.ts → stacks → modules; drift; local-aws; all of
 * them over shared/. The drift check is a one-way pipeline, state → live → compare → attribute → report,
 * run by drift/run-drift.ts; its stages hand each other data through drift/model/ and may use only the
 * libraries below every stage: drift/normalize, drift/severity, drift/aws (the AWS client layer) and shared/.
 */
const STAGES = ['state', 'live', 'compare', 'attribute', 'report', 'incremental'];

/** One rule per stage: it may not import another stage (the orchestrator joins them). */
const stageRules = STAGES.map((stage) => ({
  name: `drift-stage-${stage}-alone`,
  comment: `drift/${stage} is a pipeline stage: it imports only drift/model/, drift/normalize, drift/severity, drift/aws and shared/, never another stage or drift/run-drift.ts. Hand data over through drift/model/ instead.`,
  severity: 'error',
  from: { path: `^drift/${stage}/` },
  to: { path: '^drift/', pathNot: [`^drift/${stage}/`, '^drift/model/', '^drift/(normalize|severity|aws)/'] },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Files must not import each other in a circle: give the shared type or value its own file.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'drift-not-upwards',
      comment: 'drift/ is a library: it never imports the CLI, the demo, the benchmark, the local endpoint or development tooling.',
      severity: 'error',
      from: { path: '^drift/' },
      to: { path: '^(cli|demo|bench|local-aws|tooling|__tests__)/|^main\\.ts$' },
    },
    {
      name: 'generator-not-drift',
      comment: 'modules/ and stacks/ (the generator) never import drift/: facts both need live in shared/.',
      severity: 'error',
      from: { path: '^(modules|stacks)/' },
      to: { path: '^(drift|cli|demo|bench|local-aws|tooling)/' },
    },
    {
      name: 'importer-reads-no-drift-nor-cdktf',
      comment:
        'stacks/import (lambda-roles import: HCL → definition) uses stacks/, modules/ and shared/ only: never drift/ (the round-trip tests compare by meaning with drift/normalize, not the importer), never cdktf itself nor the synthesizing parts of stacks/ (it plans with the pure planners: an import synthesizes nothing).',
      severity: 'error',
      from: { path: '^stacks/import/' },
      to: {
        path: '^(drift|cli|demo|bench|local-aws|tooling)/|node_modules/(cdktf|@cdktf/)|^modules/cdk/|^stacks/(hcl|synth|build-stack|build-function)',
      },
    },
    {
      name: 'modules-not-stacks',
      comment: 'modules/ (the constructs) sit below stacks/ (definitions built from them): modules never import stacks.',
      severity: 'error',
      from: { path: '^modules/' },
      to: { path: '^stacks/' },
    },
    {
      name: 'local-aws-alone',
      comment: 'local-aws/ stands in for AWS: it never imports drift/, modules/, stacks/, the CLI or tooling (it may use shared/).',
      severity: 'error',
      from: { path: '^local-aws/' },
      to: { path: '^(drift|modules|stacks|cli|demo|bench|tooling)/|^main\\.ts$' },
    },
    {
      name: 'shared-at-the-bottom',
      comment: 'shared/ is below every other folder: it imports only node built-ins and packages.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(drift|modules|stacks|cli|demo|bench|local-aws|tooling)/|^main\\.ts$' },
    },
    {
      name: 'drift-libraries-below-stages',
      comment:
        'drift/normalize, drift/severity and drift/aws sit below every stage: they import only each other (downwards), drift/model/ and shared/.',
      severity: 'error',
      from: { path: '^drift/(normalize|severity|aws)/' },
      to: { path: '^drift/', pathNot: ['^drift/(normalize|severity|aws)/', '^drift/model/'] },
    },
    {
      name: 'normalize-is-lowest',
      comment: 'drift/normalize is the lowest drift library (pure comparable forms): it never imports severity or the AWS client layer.',
      severity: 'error',
      from: { path: '^drift/normalize/' },
      to: { path: '^drift/(severity|aws)/' },
    },
    ...stageRules,
    {
      name: 'drift-ignore-is-data',
      comment:
        'drift/ignore applies ignore rules to findings as data (like a stage): it imports only drift/model/ and shared/, never a stage, the AWS layer or the job.',
      severity: 'error',
      from: { path: '^drift/ignore/' },
      to: { path: '^drift/', pathNot: ['^drift/ignore/', '^drift/model/'] },
    },
    {
      name: 'library-not-cli',
      comment: 'Library code (everything but cli/ and bin/) never imports the CLI: a command is a thin wrapper over a library function.',
      severity: 'error',
      from: { path: '^(drift|modules|stacks|local-aws|shared|demo|bench|tooling)/|^main\\.ts$' },
      to: { path: '^cli/' },
    },
    {
      name: 'published-code-not-tooling',
      comment: 'Published code never imports tooling/ (development scripts only): the Terraform runner lives in shared/terraform.',
      severity: 'error',
      from: { path: '^(drift|modules|stacks|local-aws|shared|cli|demo)/|^main\\.ts$' },
      to: { path: '^tooling/' },
    },
    {
      name: 'cdktf-inside-the-generator',
      comment:
        'cdktf and @cdktf/* are used only by modules/, stacks/ and main.ts (the generator); the drift check, the endpoint and shared/ must not load them, nor the boundary modules/cdk/ that re-exports them.',
      severity: 'error',
      from: { path: '^(drift|local-aws|shared|cli)/' },
      to: { path: 'node_modules/(cdktf|@cdktf/)|^modules/cdk/' },
    },
    {
      name: 'cdk-boundary',
      comment:
        'Only modules/cdk/ imports cdktf and @cdktf/* (core.ts the core, aws.ts the provider resources): import them from there. One folder to change for CDK Terrain (docs/cdk-terrain.md). Tests, bench/ and tooling/ (not published) may use cdktf directly.',
      severity: 'error',
      from: { pathNot: '^(modules/cdk/|__tests__/|bench/|tooling/)' },
      to: { path: 'node_modules/(cdktf|@cdktf/)' },
    },
    {
      name: 'no-tests-from-source',
      comment: 'Source never imports test code.',
      severity: 'error',
      from: { pathNot: '^__tests__/' },
      to: { path: '^__tests__/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|cdktf\\.out|\\.lambda-roles|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['cjs', 'es6'],
  },
};

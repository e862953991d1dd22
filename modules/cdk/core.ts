/**
 * The boundary to the CDK for Terraform core library: every `cdktf` import of the published code is here
 * (.dependency-cruiser.js `cdk-boundary` fails the build on one elsewhere). One place to change when the core
 * moves: CDK Terrain (`cdktn`) is the maintained fork of the archived cdktf, a rename of packages and imports
 * (docs/cdk-terrain.md). A consumer on CDK Terrain installs it under the name `cdktf` (an npm alias), and this
 * file needs no change; a test builds such a consumer.
 */
export {
  Annotations,
  App,
  Aspects,
  AssetType,
  DefaultTokenResolver,
  LocalBackend,
  S3Backend,
  StringConcat,
  TerraformAsset,
  TerraformDataSource,
  TerraformResource,
  TerraformStack,
  Token,
  Tokenization,
} from 'cdktf';
export type { IAspect, ITerraformDependable, TerraformProvider } from 'cdktf';

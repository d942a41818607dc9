/**
 * The parts of @pulumi/aws that Strata uses, each from its own module. Importing the package's index makes the
 * type check and the typed lint read the declarations of all of its ~250 services (2,700 files); these are the
 * 23 that Strata builds with, and their types. Code reads them as before: `import * as aws from
 * ".../shared/aws/sdk"`, then `aws.ec2.Vpc`. A service that is not listed here is a type error, and one line to add.
 */

// The package's index registers the provider package with the Pulumi runtime (how the engine's references to an
// aws provider become objects again); load it as the package's own import would, without its declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require("@pulumi/aws");

export * as acm from "@pulumi/aws/acm";
export * as appautoscaling from "@pulumi/aws/appautoscaling";
export * as backup from "@pulumi/aws/backup";
export * as cloudfront from "@pulumi/aws/cloudfront";
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as ecs from "@pulumi/aws/ecs";
export * as elasticache from "@pulumi/aws/elasticache";
export * as elb from "@pulumi/aws/elb";
export * as iam from "@pulumi/aws/iam";
export * as kms from "@pulumi/aws/kms";
export * as lb from "@pulumi/aws/lb";
export * as rds from "@pulumi/aws/rds";
export * as route53 from "@pulumi/aws/route53";
export * as s3 from "@pulumi/aws/s3";
export * as scheduler from "@pulumi/aws/scheduler";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as servicediscovery from "@pulumi/aws/servicediscovery";
export * as sns from "@pulumi/aws/sns";
export * as ssm from "@pulumi/aws/ssm";
export * as vpc from "@pulumi/aws/vpc";
export * as wafv2 from "@pulumi/aws/wafv2";
export * as types from "@pulumi/aws/types";
export { Provider, type ProviderArgs } from "@pulumi/aws/provider";
export { Region } from "@pulumi/aws/types/enums";
export { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";

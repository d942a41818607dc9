import type { PolicyResource } from "@pulumi/policy";
import { asArray, isSet, known, stackRule } from "./rule";
import { isProductionStack, productionConfigSchema, type ProductionConfig } from "./environment";

/**
 * What each stateful type must set besides `protect` to survive a mistaken delete: deletion protection and a
 * final snapshot where the service offers them. Returns the missing settings.
 */
const STATEFUL: Record<string, (props: Record<string, unknown>) => string[]> = {
  "aws:rds/cluster:Cluster": (p) => databaseGuards(p),
  "aws:rds/instance:Instance": (p) => databaseGuards(p),
  "aws:elasticache/replicationGroup:ReplicationGroup": (p) =>
    isSet(p, "finalSnapshotIdentifier") ? [] : ["finalSnapshotIdentifier"],
  "aws:kms/key:Key": () => [],
  // Backup vaults hold the recovery points that outlive a deleted database.
  "aws:backup/vault:Vault": (p) => (known(p, "forceDestroy") === true ? ["forceDestroy: false"] : []),
  "aws:s3/bucket:Bucket": (p) => (known(p, "forceDestroy") === true ? ["forceDestroy: false"] : []),
  "aws:s3/bucketV2:BucketV2": (p) => (known(p, "forceDestroy") === true ? ["forceDestroy: false"] : []),
  "aws:efs/fileSystem:FileSystem": () => [],
  "aws:dynamodb/table:Table": (p) =>
    known(p, "deletionProtectionEnabled") === true ? [] : ["deletionProtectionEnabled: true"],
  "aws:secretsmanager/secret:Secret": () => [],
  "kubernetes:apps/v1:StatefulSet": () => [],
  "kubernetes:core/v1:PersistentVolumeClaim": () => [],
  // Deleting the namespace deletes every volume claim in it.
  "kubernetes:core/v1:Namespace": () => [],
};

function databaseGuards(props: Record<string, unknown>): string[] {
  const missing: string[] = [];
  if (known(props, "deletionProtection") !== true) missing.push("deletionProtection: true");
  if (known(props, "skipFinalSnapshot") === true || !isSet(props, "finalSnapshotIdentifier")) {
    missing.push("a finalSnapshotIdentifier (and skipFinalSnapshot: false)");
  }
  return missing;
}

export const STATEFUL_TYPES = Object.keys(STATEFUL);

function problemsOf(resource: PolicyResource): string[] {
  const missing = STATEFUL[resource.type](resource.props);
  return resource.opts.protect ? missing : ["protect (resource option)", ...missing];
}

export const reliabilityPolicies = [
  stackRule(
    {
      // The AWS Well-Architected Reliability pillar, REL09 (back up data) and REL10 (protect from deletion).
      id: "AWS-WellArchitected-REL09-stateful-protected",
      description:
        "In production every stateful resource (databases, caches, their keys, buckets, volumes) is protected, with deletion protection and a final snapshot where offered.",
      fix: "Set `protect: true` in the stack file (the prod preset does); components pass it to protect, retainOnDelete, deletionProtection and final snapshots.",
      configSchema: {
        properties: {
          ...productionConfigSchema.properties,
          exempt: {
            type: "array",
            items: { type: "string" },
            default: [],
            description:
              "Pulumi names of stateful-typed resources whose data is rebuilt on deploy (e.g. a CDN's asset bucket).",
          },
        },
      },
    },
    (resources, args, fail) => {
      const config = args.getConfig<ProductionConfig & { exempt?: string[] }>();
      if (!isProductionStack(resources, config)) return args.notApplicable("not a production stack");
      for (const resource of resources) {
        if (!STATEFUL_TYPES.includes(resource.type) || asArray(config.exempt).includes(resource.name))
          continue;
        const missing = problemsOf(resource);
        if (missing.length)
          fail(`${resource.type} ${resource.name} lacks ${missing.join(", ")}.`, resource.urn);
      }
    },
  ),
];

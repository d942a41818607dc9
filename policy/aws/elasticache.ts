import type * as aws from "../../components/shared/aws/sdk";
import type { Unwrap } from "@pulumi/pulumi";
import { isSet, known, resourceRule } from "../rule";
import { productionConfigSchema, requireProduction } from "../environment";

type ReplicationGroup = Unwrap<aws.elasticache.ReplicationGroupArgs>;

const GROUPS = ["aws:elasticache/replicationGroup:ReplicationGroup"];

export const elasticachePolicies = [
  resourceRule<ReplicationGroup>(
    {
      id: "CKV_AWS_29",
      description: "ElastiCache replication groups encrypt data at rest.",
      fix: "Set atRestEncryptionEnabled: true (and kmsKeyId for a customer-managed key).",
    },
    GROUPS,
    (group, _args, fail) => {
      if (known(group, "atRestEncryptionEnabled") !== true) fail("Data at rest is not encrypted.");
    },
  ),
  resourceRule<ReplicationGroup>(
    {
      id: "CKV_AWS_30",
      description: "ElastiCache replication groups encrypt data in transit.",
      fix: "Set transitEncryptionEnabled: true; clients connect with TLS.",
    },
    GROUPS,
    (group, _args, fail) => {
      if (known(group, "transitEncryptionEnabled") !== true) fail("Traffic to the cache is not encrypted.");
    },
  ),
  resourceRule<ReplicationGroup>(
    {
      id: "CKV_AWS_31",
      description: "ElastiCache replication groups require an auth token (or RBAC user groups).",
      fix: "Set authToken from a secret (random.RandomPassword) or userGroupIds, with transitEncryptionEnabled: true.",
    },
    GROUPS,
    (group, _args, fail) => {
      if (!isSet(group, "authToken") && !isSet(group, "authTokenWo") && !isSet(group, "userGroupIds")) {
        fail("Any client on the network can use the cache without authenticating.");
      }
    },
  ),
  resourceRule<ReplicationGroup>(
    {
      // No Checkov rule covers this; AWS Security Hub's ElastiCache.3 (automatic failover) does.
      id: "AWS-SecurityHub-ElastiCache.3",
      description: "Production caches are Multi-AZ with automatic failover.",
      fix: "Set multiAzEnabled: true, automaticFailoverEnabled: true and numCacheClusters of 2 or more.",
      configSchema: productionConfigSchema,
    },
    GROUPS,
    (group, args, fail) => {
      requireProduction(args);
      if (known(group, "multiAzEnabled") !== true || known(group, "automaticFailoverEnabled") !== true) {
        fail("The cache is in one zone, or does not fail over automatically, in production.");
      }
    },
  ),
];

import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";
const ZONE_LETTERS = ["a", "b", "c", "d", "e", "f"];

export interface RegisteredInputs {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
}

/**
 * The value the offline engine gives a generated password. Deterministic, so a test can search the whole graph
 * for it and prove that no secret leaks into a plain input or output.
 */
export function mockGeneratedSecret(name: string): string {
  return `offline-generated-${name}-Zq7w`;
}

/** Attributes the data layer reads back from what it creates: endpoints, the RDS-managed secret, passwords. */
function dataState(
  args: pulumi.runtime.MockResourceArgs,
  region: string,
): Record<string, unknown> | undefined {
  const id = String(args.inputs.clusterIdentifier ?? args.inputs.replicationGroupId ?? args.name);
  switch (args.type) {
    case "random:index/randomPassword:RandomPassword":
      return { result: mockGeneratedSecret(args.name) };
    case "aws:rds/cluster:Cluster":
      return {
        endpoint: `${id}.cluster-mock.${region}.rds.amazonaws.com`,
        readerEndpoint: `${id}.cluster-ro-mock.${region}.rds.amazonaws.com`,
        masterUserSecrets: [
          {
            secretArn: `arn:aws:secretsmanager:${region}:${MOCK_ACCOUNT_ID}:secret:rds!cluster-${id}`,
            secretStatus: "active",
            kmsKeyId: "",
          },
        ],
      };
    case "aws:elasticache/replicationGroup:ReplicationGroup":
      return {
        primaryEndpointAddress: `master.${id}.mock.cache.amazonaws.com`,
        readerEndpointAddress: `replica.${id}.mock.cache.amazonaws.com`,
      };
    case "aws:kms/key:Key":
      return { keyId: `${args.name}-key-id` };
    default:
      return undefined;
  }
}

/** What a cloud would compute on create: ids, ARNs, and the names Kubernetes objects get when unnamed. */
function computedState(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
  const data = dataState(args, region);
  const [pkg, module] = args.type.split(":");
  if (pkg === "aws") {
    const service = (module ?? "").split("/")[0];
    return { arn: `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${args.name}`, ...data };
  }
  if (pkg === "kubernetes") {
    const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
    return { metadata: { ...metadata, name: metadata.name ?? args.name } };
  }
  return data ?? {};
}

/** Answers to the data-source calls the program makes, as a real account in `region` would give them. */
function callResult(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
  switch (args.token) {
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return {
        names: ZONE_LETTERS.map((letter) => `${region}${letter}`),
        zoneIds: ZONE_LETTERS.map((_, i) => `${region.slice(0, 3)}-az${i + 1}`),
        state: "available",
      };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: MOCK_ACCOUNT_ID,
        arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline`,
        userId: "offline",
      };
    case "aws:index/getRegion:getRegion":
      return { name: region, region, id: region };
    case "aws:index/getPartition:getPartition":
      return { partition: "aws", dnsSuffix: "amazonaws.com" };
    default:
      // An unmocked lookup would silently return nothing and hide a wrong plan: fail loudly instead.
      throw new Error(
        `the offline engine has no answer for the call ${args.token}; add one in tools/harness/mocks.ts`,
      );
  }
}

/** Mocks that record every registration, in order, with the inputs the engine received. */
export function recordingMocks(region: string, registered: RegisteredInputs[]): pulumi.runtime.Mocks {
  return {
    newResource(args) {
      registered.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        custom: args.custom ?? false,
      });
      return {
        id: args.custom === false ? undefined : `${args.name}-id`,
        state: { ...args.inputs, ...computedState(args, region) },
      };
    },
    call: (args) => callResult(args, region),
  };
}

import type * as pulumi from "@pulumi/pulumi";
import { zonesOf } from "../../stacks/regions";

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
        clusterResourceId: `cluster-MOCK${id.length}RESOURCEID`,
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

/** CloudFront's managed policies: names and ids are AWS's own, the same in every account. */
export const MANAGED_CLOUDFRONT_POLICIES: Readonly<Record<string, string>> = {
  "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
  "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "Managed-AllViewerExceptHostHeader": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

/** What a cloud would compute on create: ids, ARNs, and the names Kubernetes objects get when unnamed. */
function computedState(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
  const data = dataState(args, region);
  const [pkg, module] = args.type.split(":");
  if (pkg === "aws") {
    const service = (module ?? "").split("/")[0];
    const arn = `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${args.name}`;
    return { arn, ...awsComputedState(args, region), ...data };
  }
  if (args.type === "awsx:ecr:Image") {
    return { imageUri: `${String(args.inputs.repositoryUrl)}:${String(args.inputs.imageTag)}` };
  }
  if (args.type === "docker:index/image:Image") {
    const name = String(args.inputs.imageName).replace(/:[^:/]+$/, "");
    return { repoDigest: `${name}@sha256:${"0".repeat(64)}` };
  }
  if (pkg === "kubernetes") {
    const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
    return { metadata: { ...metadata, name: metadata.name ?? args.name } };
  }
  return data ?? {};
}

/** Attributes AWS computes that later resources read (DNS names, ARN suffixes, repository URLs). */
function awsComputedState(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  switch (args.type) {
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        arnSuffix: `app/${String(inputs.name)}/0123456789abcdef`,
        dnsName: `${String(inputs.name)}-123456789.${region}.elb.amazonaws.com`,
        zoneId: "Z32O12XQLNTSW2",
      };
    case "aws:lb/targetGroup:TargetGroup":
      return { arnSuffix: `targetgroup/${String(inputs.name)}/0123456789abcdef` };
    case "aws:ecr/repository:Repository":
      return { repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${region}.amazonaws.com/${String(inputs.name)}` };
    case "aws:acm/certificate:Certificate": {
      const names = [inputs.domainName, ...((inputs.subjectAlternativeNames as unknown[]) ?? [])].map(String);
      return {
        domainValidationOptions: names.map((domainName, i) => ({
          domainName,
          resourceRecordName: `_0123456789abcde${i}.${domainName}.`,
          resourceRecordType: "CNAME",
          resourceRecordValue: `_fedcba987654321${i}.acm-validations.aws.`,
        })),
      };
    }
    case "aws:ec2/instance:Instance":
      // The interface EC2 creates with the instance: the NAT instance's routes point at it.
      return { primaryNetworkInterfaceId: `eni-${args.name}`, publicIp: "203.0.113.10" };
    case "aws:route53/record:Record":
      return { fqdn: String(inputs.name).replace(/\.$/, "") };
    case "aws:s3/bucket:Bucket": {
      const bucket = `${String(inputs.bucketPrefix ?? args.name)}offline`;
      return {
        bucket,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      };
    }
    case "aws:cloudfront/distribution:Distribution":
      return { domainName: "d111111abcdef8.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" };
    default:
      return {};
  }
}

type CallAnswer = (args: pulumi.runtime.MockCallArgs, region: string) => Record<string, unknown>;

const managedCloudFrontPolicy: CallAnswer = (args) => {
  const name = String(args.inputs.name);
  const id = MANAGED_CLOUDFRONT_POLICIES[name];
  if (!id) throw new Error(`no CloudFront managed policy named ${name}`);
  return { id, name };
};

/**
 * Answers to the data-source calls the program makes, as a real account in `region` would give them. Any other
 * call fails the run, so these are every call the program can make (test/bootstrap-roles.test.ts checks that
 * the CI roles may make each).
 */
const CALL_ANSWERS: Readonly<Record<string, CallAnswer>> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_, region) => {
    // As many zones as AWS lists for the region (stacks/regions.ts), so a stack asking for more fails here too.
    const letters = ZONE_LETTERS.slice(0, zonesOf(region) ?? ZONE_LETTERS.length);
    return {
      names: letters.map((letter) => `${region}${letter}`),
      zoneIds: letters.map((_, i) => `${region.slice(0, 3)}-az${i + 1}`),
      state: "available",
    };
  },
  // AWS-managed lists have a different id in each region; the name is the same everywhere.
  "aws:ec2/getManagedPrefixList:getManagedPrefixList": (args) => ({
    id: `pl-offline-${String(args.inputs.name)}`,
    name: args.inputs.name,
    addressFamily: "IPv4",
  }),
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: MOCK_ACCOUNT_ID,
    arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/offline`,
    userId: "offline",
  }),
  "aws:index/getRegion:getRegion": (_, region) => ({ name: region, region, id: region }),
  // The account Elastic Load Balancing writes access logs from (eu-west-1's; any region's works offline).
  "aws:elb/getServiceAccount:getServiceAccount": () => ({
    arn: "arn:aws:iam::156460612806:root",
    id: "156460612806",
  }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
  "aws:cloudfront/getCachePolicy:getCachePolicy": managedCloudFrontPolicy,
  "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": managedCloudFrontPolicy,
  "aws:ssm/getParameter:getParameter": (args) => {
    // AWS's public AMI parameters answer with an AMI id of the region; any other parameter is the user's.
    const name = String(args.inputs.name);
    if (!name.startsWith("/aws/service/ami-amazon-linux-latest/")) {
      throw new Error(`the offline engine has no value for the SSM parameter ${name}`);
    }
    return {
      name,
      type: "String",
      value: "ami-0offline0al2023arm64",
      insecureValue: "ami-0offline0al2023arm64",
    };
  },
  "aws:route53/getZone:getZone": (args) => ({
    zoneId: "Z0OFFLINE0ZONE",
    name: args.inputs.name,
    privateZone: false,
  }),
};

/** The data-source calls the offline engine answers: every call the program can make. */
export const ANSWERED_CALLS: readonly string[] = Object.keys(CALL_ANSWERS);

/**
 * An error the SDK passes on with its message: it rethrows a failed call as `new Error(err.details)`, the field
 * a gRPC error carries the engine's message in, so a plain Error would reach the program with none.
 */
function engineError(message: string): Error {
  return Object.assign(new Error(message), { details: message });
}

function callResult(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> {
  const answer = Object.hasOwn(CALL_ANSWERS, args.token) ? CALL_ANSWERS[args.token] : undefined;
  // An unmocked lookup would silently return nothing and hide a wrong plan: fail loudly instead.
  if (!answer) {
    throw engineError(
      `the offline engine has no answer for the call ${args.token}; add one in tools/harness/mocks.ts`,
    );
  }
  try {
    return answer(args, region);
  } catch (error) {
    throw engineError(`${args.token}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Mocks that record every registration, in order, with the inputs the engine received. */
export function recordingMocks(region: string, registered: RegisteredInputs[]): pulumi.runtime.Mocks {
  // A resource made through an explicit aws provider (CloudFront's us-east-1 one) gets that provider's region.
  const providerRegions = new Map<string, string>();
  const regionOf = (provider: string | undefined) =>
    provider === undefined ? region : (providerRegions.get(provider.split("::").pop() ?? "") ?? region);
  return {
    newResource(args) {
      const id = args.custom === false ? undefined : `${args.name}-id`;
      if (args.type === "pulumi:providers:aws" && typeof args.inputs.region === "string" && id) {
        providerRegions.set(id, args.inputs.region);
      }
      registered.push({
        type: args.type,
        name: args.name,
        inputs: args.inputs,
        custom: args.custom ?? false,
      });
      return { id, state: { ...args.inputs, ...computedState(args, regionOf(args.provider)) } };
    },
    call: (args) => callResult(args, region),
  };
}

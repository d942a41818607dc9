import type * as pulumi from "@pulumi/pulumi";

export const MOCK_ACCOUNT_ID = "123456789012";
const ZONE_LETTERS = ["a", "b", "c", "d", "e", "f"];

export interface RegisteredInputs {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly custom: boolean;
}

/** CloudFront's managed policies: names and ids are AWS's own, the same in every account. */
export const MANAGED_CLOUDFRONT_POLICIES: Readonly<Record<string, string>> = {
  "Managed-CachingOptimized": "658327ea-f89d-4fab-a63d-7e88639e58f6",
  "Managed-CachingDisabled": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "Managed-AllViewerExceptHostHeader": "b689b0a8-53d0-40ab-baf2-68738e2966ac",
};

/** Attributes some AWS resources compute on create that later resources read. */
function awsComputed(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
  switch (args.type) {
    case "aws:s3/bucket:Bucket": {
      const bucket = `${String(args.inputs.bucketPrefix ?? args.name)}offline`;
      return {
        bucket,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
      };
    }
    case "aws:cloudfront/distribution:Distribution":
      return { domainName: "d111111abcdef8.cloudfront.net", hostedZoneId: "Z2FDTNDATAQYW2" };
    case "aws:acm/certificate:Certificate":
      return {
        domainValidationOptions: [
          {
            domainName: args.inputs.domainName,
            resourceRecordName: `_offline.${String(args.inputs.domainName)}.`,
            resourceRecordType: "CNAME",
            resourceRecordValue: "_offline.acm-validations.aws.",
          },
        ],
      };
    case "aws:route53/record:Record":
      return { fqdn: args.inputs.name };
    default:
      return {};
  }
}

/** What a cloud would compute on create: ids, ARNs, and the names Kubernetes objects get when unnamed. */
function computedState(args: pulumi.runtime.MockResourceArgs, region: string): Record<string, unknown> {
  const [pkg, module] = args.type.split(":");
  if (pkg === "aws") {
    const service = (module ?? "").split("/")[0];
    return {
      arn: `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${args.name}`,
      ...awsComputed(args, region),
    };
  }
  if (pkg === "kubernetes") {
    const metadata = (args.inputs.metadata ?? {}) as Record<string, unknown>;
    return { metadata: { ...metadata, name: metadata.name ?? args.name } };
  }
  return {};
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
    case "aws:cloudfront/getCachePolicy:getCachePolicy":
    case "aws:cloudfront/getOriginRequestPolicy:getOriginRequestPolicy": {
      const name = String(args.inputs.name);
      const id = MANAGED_CLOUDFRONT_POLICIES[name];
      if (!id) throw new Error(`no CloudFront managed policy named ${name}`);
      return { id, name };
    }
    case "aws:route53/getZone:getZone":
      return { zoneId: "Z0OFFLINE0ZONE", name: args.inputs.name, privateZone: false };
    default:
      // An unmocked lookup would silently return nothing and hide a wrong plan: fail loudly instead.
      throw new Error(
        `the offline engine has no answer for the call ${args.token}; add one in tools/harness/mocks.ts`,
      );
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

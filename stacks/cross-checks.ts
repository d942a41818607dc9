import { MAX_ZONES } from "./schema/network";
import { zoneCapacity } from "../components/network/cidr-plan";
import { ipv4Block, wholeNumber } from "./schema/primitives";
import type { ConfigProblem } from "./problems";
import { REGION_ZONES, ZONES_READ_ON, zonesOf } from "./regions";
import { cacheProblems, databaseProblems } from "./data-checks";
import { computeProblems } from "./compute-checks";
import { cdnProblems } from "./cdn-checks";
import { observabilityProblems } from "./observability-checks";
import { kubernetesProblems } from "./kubernetes-checks";

type Loose = Record<string, unknown> & { aws?: Record<string, unknown> };

/**
 * Rules that span settings. They run on the merged input even when other settings are wrong, so that every
 * problem is reported at once; each rule looks only at values that are themselves well formed.
 */
export function crossCheckProblems(stack: Loose): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const aws = stack.aws ?? {};
  if (stack.target === "aws" && aws.region === undefined) {
    problems.push({ setting: "aws.region", expected: "an AWS region such as eu-west-1", found: "nothing" });
  }
  const cidr = ipv4Block(16, 24).safeParse(aws.vpcCidr);
  const zones = wholeNumber(1, MAX_ZONES).safeParse(aws.zones);
  if (cidr.success && zones.success) {
    const capacity = Math.min(MAX_ZONES, zoneCapacity(cidr.data));
    if (zones.data > capacity) {
      problems.push({
        setting: "aws.zones",
        expected: `at most ${capacity} zones in aws.vpcCidr ${cidr.data} (each zone takes four subnets of /28 or larger)`,
        found: String(zones.data),
      });
    }
  }
  problems.push(...regionZoneProblems(stack));
  problems.push(...natInstanceProblems(stack));
  problems.push(...databaseProblems(stack), ...cacheProblems(stack));
  problems.push(...computeProblems(stack));
  problems.push(...cdnProblems(stack));
  problems.push(...observabilityProblems(stack));
  problems.push(...kubernetesProblems(stack));
  return problems;
}

/** On aws, a region Strata knows, and no more zones than it has (the offline preview cannot ask the account). */
function regionZoneProblems(stack: Loose): ConfigProblem[] {
  const aws = stack.aws ?? {};
  if (stack.target !== "aws" || typeof aws.region !== "string") return [];
  const available = zonesOf(aws.region);
  if (available === undefined) {
    return [
      {
        setting: "aws.region",
        expected: `a region of stacks/regions.ts (${Object.keys(REGION_ZONES).join(", ")})`,
        found: aws.region,
      },
    ];
  }
  const zones = wholeNumber(1, MAX_ZONES).safeParse(aws.zones);
  if (!zones.success || zones.data <= available) return [];
  return [
    {
      setting: "aws.zones",
      expected: `at most ${available}, the Availability Zones of ${aws.region} (AWS's figure of ${ZONES_READ_ON})`,
      found: String(zones.data),
    },
  ];
}

/**
 * One NAT instance is one machine in one zone: when it stops, every private subnet loses the internet. That
 * suits a dev stack; a protected (production) stack keeps NAT gateways, which AWS runs redundantly in a zone.
 */
function natInstanceProblems(stack: Loose): ConfigProblem[] {
  const aws = stack.aws ?? {};
  if (stack.target !== "aws" || aws.natStrategy !== "instance" || stack.protect !== true) return [];
  return [
    {
      setting: "aws.natStrategy",
      expected:
        "none, single or perZone when protect is true (a NAT instance is a single point of failure, for dev stacks)",
      found: "instance",
    },
  ];
}

/**
 * The Availability Zones of each AWS region Strata supports: the number of zones AWS lists for the region,
 * from AWS's "AWS Availability Zones" page (docs.aws.amazon.com/global-infrastructure/latest/regions/
 * aws-availability-zones.html), read on 2026-12-01. A region's zone count only grows, so a table that is behind
 * refuses a zone that exists, never accepts one that does not; the network layer still compares with the
 * account's live list at deploy time, since an older account may see fewer zones (us-west-1: two of three).
 * A region missing here is added with its zone count from that page.
 */
export const ZONES_READ_ON = "2026-12-01";

export const REGION_ZONES: Readonly<Record<string, number>> = {
  "us-east-1": 6,
  "us-east-2": 3,
  "us-west-1": 3,
  "us-west-2": 4,
  "ca-central-1": 3,
  "ca-west-1": 3,
  "mx-central-1": 3,
  "sa-east-1": 3,
  "eu-central-1": 3,
  "eu-central-2": 3,
  "eu-west-1": 3,
  "eu-west-2": 3,
  "eu-west-3": 3,
  "eu-south-1": 3,
  "eu-south-2": 3,
  "eu-north-1": 3,
  "il-central-1": 3,
  "me-south-1": 3,
  "me-central-1": 3,
  "af-south-1": 3,
  "ap-east-1": 3,
  "ap-south-1": 3,
  "ap-south-2": 3,
  "ap-southeast-1": 3,
  "ap-southeast-2": 3,
  "ap-southeast-3": 3,
  "ap-southeast-4": 3,
  "ap-southeast-5": 3,
  "ap-southeast-7": 3,
  "ap-northeast-1": 4,
  "ap-northeast-2": 4,
  "ap-northeast-3": 3,
};

/** The zone count of a supported region; undefined for one the table does not know. */
export function zonesOf(region: string): number | undefined {
  return Object.hasOwn(REGION_ZONES, region) ? REGION_ZONES[region] : undefined;
}

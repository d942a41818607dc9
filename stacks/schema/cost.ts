import { z } from "zod";
import { section } from "./primitives";
import { numberBetween } from "./observability";

/**
 * Usage the plan cannot know, for the offline cost estimate (tools/cost). Every value has a default; a stack
 * overrides any of them under `cost:`. None of them changes what is deployed.
 */
export const costSection = section({
  /** Viewer requests a month (CloudFront, WAF, the load balancer, the CloudFront function). */
  requestsPerMonth: numberBetween(0, 1e12).default(1_000_000),
  /** GB a month CloudFront sends to viewers. */
  cdnGbPerMonth: numberBetween(0, 1e7).default(10),
  /** GB a month through the NAT gateways, all together (image pulls, calls to outside APIs). */
  natGbPerMonth: numberBetween(0, 1e7).default(5),
  /** GB a day written to all the stack's log groups together (services, database, cache, flow logs). */
  logGbPerDay: numberBetween(0, 1e5).default(0.1),
  /** Average load balancer capacity units while it runs. */
  loadBalancerLcu: numberBetween(0, 1e5).default(1),
  /** Average ACUs of each Serverless v2 instance while active; the instance's minimum (at least 0.5) when unset. */
  averageAcu: numberBetween(0, 256).optional(),
  /** Hours a month a Serverless v2 database is active; below 730 only pays off with a minimum of 0 (auto-pause). */
  databaseActiveHoursPerMonth: numberBetween(0, 730).default(730),
  /** Aurora storage in GB (also the size of each backup). */
  databaseStorageGb: numberBetween(0, 131_072).default(10),
  /** Aurora I/O requests a month, in millions (Aurora Standard storage). */
  databaseIoMillionsPerMonth: numberBetween(0, 1e6).default(1),
  /** GB of the database that change a day: backups beyond the free amount and the disaster-recovery copies. */
  databaseDailyChangeGb: numberBetween(0, 1e5).default(0.1),
  /** Data an ElastiCache Serverless cache holds, in GB. */
  cacheDataGb: numberBetween(0, 5000).default(0.1),
  /** ElastiCache Serverless processing units a month, in millions. */
  cacheEcpuMillionsPerMonth: numberBetween(0, 1e9).default(10),
  /** GB each S3 bucket holds (the site, access logs). */
  s3GbPerBucket: numberBetween(0, 1e7).default(1),
  /** The Fargate Spot discount off on-demand, as a fraction; AWS quotes "up to 70%". */
  spotDiscount: numberBetween(0, 0.95).default(0.7),
  /** Prices of a Kubernetes cluster's capacity, when known: a cluster's price is not Strata's to guess. */
  kubernetes: section({
    /** USD per requested vCPU-hour. */
    vCpuHour: numberBetween(0, 100).optional(),
    /** USD per requested GB-hour of memory. */
    memoryGbHour: numberBetween(0, 100).optional(),
    /** USD per GB-month of requested volume storage. */
    storageGbMonth: numberBetween(0, 100).optional(),
  }).prefault({}),
}).prefault({});

export const costShape = { cost: costSection };
export type CostSettings = z.output<typeof costSection>;

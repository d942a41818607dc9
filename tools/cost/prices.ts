/**
 * The price table of the offline cost estimate: on-demand list prices in USD, per region, each with its unit,
 * the day it was read and the AWS pricing page it belongs to.
 *
 * `basis` says where the figure itself was read:
 * - "aws-page": on the AWS page named in `page`.
 * - "third-party": on the page in `takenFrom` (a guide quoting AWS's price), not on AWS's own page.
 * - "unverified": AWS's pages render regional prices by script, so the stored copies of them show none, and no
 *   page found gave this region's figure; the value is AWS's list price as last known, to check against the
 *   page before relying on it. Run `npm start` to see which lines use such prices.
 */

export const PRICE_REGIONS = ["us-east-1", "eu-west-1", "eu-central-1"] as const;
export type PriceRegion = (typeof PRICE_REGIONS)[number];

export type PriceBasis = "aws-page" | "third-party" | "unverified";

export interface RegionalPrice {
  readonly region: PriceRegion;
  readonly usd: number;
  readonly basis: PriceBasis;
  /** The page the figure was read on, when not AWS's own. */
  readonly takenFrom?: string;
}

export interface Price {
  readonly id: string;
  readonly unit: string;
  /** The AWS pricing page this price belongs to. */
  readonly page: string;
  /** The day the price was read (YYYY-MM-DD). */
  readonly read: string;
  readonly regions: readonly RegionalPrice[];
  readonly note?: string;
}

const READ = "2026-12-01";

const PAGES = {
  fargate: "https://aws.amazon.com/fargate/pricing/",
  vpc: "https://aws.amazon.com/vpc/pricing/",
  elb: "https://aws.amazon.com/elasticloadbalancing/pricing/",
  aurora: "https://aws.amazon.com/rds/aurora/pricing/",
  elasticache: "https://aws.amazon.com/elasticache/pricing/",
  kms: "https://aws.amazon.com/kms/pricing/",
  secrets: "https://aws.amazon.com/secrets-manager/pricing/",
  cloudwatch: "https://aws.amazon.com/cloudwatch/pricing/",
  waf: "https://aws.amazon.com/waf/pricing/",
  cloudfront: "https://aws.amazon.com/cloudfront/pricing/",
  s3: "https://aws.amazon.com/s3/pricing/",
  route53: "https://aws.amazon.com/route53/pricing/",
  cloudMap: "https://aws.amazon.com/cloud-map/pricing/",
  backup: "https://aws.amazon.com/backup/pricing/",
  ecr: "https://aws.amazon.com/ecr/pricing/",
  ec2: "https://aws.amazon.com/ec2/pricing/",
  ebs: "https://aws.amazon.com/ebs/pricing/",
} as const;

/** Where a third-party figure was read. */
const GUIDES = {
  fargate: "https://vantage.sh/blog/fargate-pricing",
  nat: "https://cloudburn.io/blog/aws-nat-gateway-pricing",
  natEurope: "https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/",
  acu: "https://c3x.dev/blog/aws-aurora-serverless-v2-cost/",
  auroraStorage: "https://awsnegotiations.com/blog/aurora-serverless-v2-pricing.html",
  auroraIo: "https://www.jusdb.com/blog/aws-rds-vs-aurora-vs-serverless-cost-comparison",
  cacheServerless: "https://www.usage.ai/blogs/aws/database-savings-plans/elasticache/serverless-pricing/",
  kmsRequests: "https://www.wring.co/blog/aws-kms-pricing-guide",
  secrets: "https://hivebook.wiki/wiki/aws-secrets-manager-rotated-secrets-dynamic-db-credentials-kms",
  cloudwatch: "https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/",
  alarms: "https://signoz.io/guides/cloudwatch-pricing",
  waf: "https://c3x.dev/blog/aws-waf-cost-explained/",
  wafSameEverywhere:
    "https://aws.amazon.com/blogs/networking-and-content-delivery/cost-effective-ways-for-securing-your-web-applications-using-aws-waf/",
  cloudfrontFunctions: "https://cur.vantage.sh/aws/amazoncloudfront/",
  route53: "https://ns1.com/resources/aws-dns",
  backupCopy: "https://www.factualminds.com/blog/aws-backup-pricing-vaults-cross-region-restores/",
  ipv4: "https://www.factualminds.com/blog/amazon-vpc-pricing-endpoints-peering-transit-gateway/",
  // A 2026 guide to EBS; its gp3 figure is the US East one.
  ebs: "https://menuvis1-blip.github.io/autonomous-researcher/aws/architecture/storage/2026/02/24/amazon-ebs.html",
  alb: "https://aws.darcy-it.com/elb%E3%81%AE%E3%82%B3%E3%82%B9%E3%83%88%E6%96%99%E9%87%91/",
} as const;

type Figure = number | readonly [number, PriceBasis, string?];

/** One price: figures for us-east-1, eu-west-1 and eu-central-1, in that order. */
function price(
  id: string,
  unit: string,
  page: string,
  figures: readonly [Figure, Figure, Figure],
  note?: string,
): Price {
  const regions = PRICE_REGIONS.map((region, i): RegionalPrice => {
    const figure = figures[i];
    if (typeof figure === "number") return { region, usd: figure, basis: "unverified" };
    const [usd, basis, takenFrom] = figure;
    return { region, usd, basis, ...(takenFrom ? { takenFrom } : {}) };
  });
  return { id, unit, page, read: READ, regions, ...(note ? { note } : {}) };
}

/** The same figure in every region, read on one page. */
function everywhere(usd: number, basis: PriceBasis, takenFrom?: string): readonly [Figure, Figure, Figure] {
  const figure: Figure = [usd, basis, takenFrom];
  return [figure, figure, figure];
}

const AURORA_CLASSES: Record<string, readonly [number, number, number]> = {
  "db.t4g.medium": [0.073, 0.08, 0.084],
  "db.t4g.large": [0.146, 0.16, 0.168],
  "db.r6g.large": [0.26, 0.285, 0.31],
  "db.r7g.large": [0.276, 0.303, 0.329],
  "db.r6g.xlarge": [0.519, 0.57, 0.62],
};

/** Redis OSS on-demand node prices; Valkey nodes cost `elasticache.valkey-node-factor` of them. */
const CACHE_NODES: Record<string, readonly [number, number, number]> = {
  "cache.t4g.micro": [0.016, 0.0176, 0.0184],
  "cache.t4g.small": [0.032, 0.035, 0.037],
  "cache.t4g.medium": [0.065, 0.07, 0.073],
  "cache.m7g.large": [0.158, 0.176, 0.184],
  "cache.r7g.large": [0.219, 0.243, 0.255],
  "cache.m6g.large": [0.149, 0.166, 0.173],
  "cache.r6g.large": [0.206, 0.228, 0.24],
};

export const PRICES: readonly Price[] = [
  price("fargate.vcpu-hour", "USD per vCPU-hour (Linux/x86, on demand)", PAGES.fargate, [
    [0.04048, "third-party", GUIDES.fargate],
    0.04048,
    0.04656,
  ]),
  price("fargate.gb-hour", "USD per GB-hour of memory (Linux/x86, on demand)", PAGES.fargate, [
    [0.004445, "third-party", GUIDES.fargate],
    0.004445,
    0.00511,
  ]),
  price("fargate.arm.vcpu-hour", "USD per vCPU-hour (Linux/ARM, on demand)", PAGES.fargate, [
    [0.03238, "third-party", GUIDES.fargate],
    0.03238,
    0.03725,
  ]),
  price("fargate.arm.gb-hour", "USD per GB-hour of memory (Linux/ARM, on demand)", PAGES.fargate, [
    [0.00356, "third-party", GUIDES.fargate],
    0.00356,
    0.00409,
  ]),
  price("nat.hour", "USD per NAT gateway-hour", PAGES.vpc, [
    [0.045, "third-party", GUIDES.nat],
    [0.048, "unverified", GUIDES.natEurope],
    [0.052, "unverified", GUIDES.natEurope],
  ]),
  price("nat.gb", "USD per GB processed by a NAT gateway", PAGES.vpc, [
    [0.045, "third-party", GUIDES.nat],
    [0.048, "unverified", GUIDES.natEurope],
    [0.052, "unverified", GUIDES.natEurope],
  ]),
  price(
    "ipv4.hour",
    "USD per public IPv4 address-hour (in use or idle)",
    PAGES.vpc,
    everywhere(0.005, "third-party", GUIDES.ipv4),
  ),
  price("vpc.interface-endpoint-hour", "USD per interface endpoint-hour per zone", PAGES.vpc, [
    [0.01, "third-party", GUIDES.ipv4],
    0.011,
    0.012,
  ]),
  // The NAT instance of natStrategy "instance" (aws:ec2/instance:Instance).
  price(
    "ec2.t4g.nano.hour",
    "USD per t4g.nano instance-hour (Linux, on demand)",
    PAGES.ec2,
    [0.0042, 0.0046, 0.0048],
  ),
  price(
    "ec2.t4g.micro.hour",
    "USD per t4g.micro instance-hour (Linux, on demand)",
    PAGES.ec2,
    [0.0084, 0.0092, 0.0096],
  ),
  price(
    "ebs.gp3.gb-month",
    "USD per GB-month of gp3 volume storage (baseline IOPS and throughput)",
    PAGES.ebs,
    [[0.08, "third-party", GUIDES.ebs], 0.088, 0.0952],
  ),
  price("alb.hour", "USD per Application Load Balancer-hour", PAGES.elb, [0.0225, 0.0252, 0.027]),
  price("alb.lcu-hour", "USD per LCU-hour", PAGES.elb, [[0.008, "third-party", GUIDES.alb], 0.008, 0.008]),
  ...Object.entries(AURORA_CLASSES).map(([cls, figures]) =>
    price(
      `aurora.${cls}.hour`,
      `USD per ${cls} instance-hour (Aurora Standard, on demand)`,
      PAGES.aurora,
      figures,
    ),
  ),
  price("aurora.acu-hour", "USD per ACU-hour (Aurora Serverless v2, Aurora Standard)", PAGES.aurora, [
    [0.12, "third-party", GUIDES.acu],
    0.13,
    0.14,
  ]),
  price("aurora.storage-gb-month", "USD per GB-month of Aurora Standard storage", PAGES.aurora, [
    [0.1, "third-party", GUIDES.auroraStorage],
    0.11,
    0.119,
  ]),
  price("aurora.io-million", "USD per million I/O requests (Aurora Standard)", PAGES.aurora, [
    [0.2, "third-party", GUIDES.auroraIo],
    0.22,
    0.24,
  ]),
  price(
    "aurora.backup-gb-month",
    "USD per GB-month of backup storage beyond the free amount (the cluster's size)",
    PAGES.aurora,
    [0.021, 0.021, 0.023],
  ),
  ...Object.entries(CACHE_NODES).map(([type, figures]) =>
    price(
      `elasticache.${type}.hour`,
      `USD per ${type} node-hour (Redis OSS, on demand)`,
      PAGES.elasticache,
      figures,
    ),
  ),
  price(
    "elasticache.valkey-node-factor",
    "fraction of the Redis OSS node price a Valkey node costs",
    PAGES.elasticache,
    everywhere(0.8, "unverified"),
    "AWS prices Valkey nodes 20% below Redis OSS ones.",
  ),
  price(
    "elasticache.serverless-valkey.gb-hour",
    "USD per GB-hour of data stored (Serverless, Valkey)",
    PAGES.elasticache,
    [[0.084, "third-party", GUIDES.cacheServerless], 0.0917, 0.0945],
  ),
  price(
    "elasticache.serverless-valkey.ecpu-million",
    "USD per million ECPUs (Serverless, Valkey)",
    PAGES.elasticache,
    [[0.0023, "third-party", GUIDES.cacheServerless], 0.0025, 0.0026],
  ),
  price(
    "elasticache.serverless-redis.gb-hour",
    "USD per GB-hour of data stored (Serverless, Redis OSS)",
    PAGES.elasticache,
    [[0.125, "third-party", GUIDES.cacheServerless], 0.137, 0.141],
  ),
  price(
    "elasticache.serverless-redis.ecpu-million",
    "USD per million ECPUs (Serverless, Redis OSS)",
    PAGES.elasticache,
    [[0.0034, "third-party", GUIDES.cacheServerless], 0.0037, 0.0038],
  ),
  price(
    "kms.key-month",
    "USD per customer managed key-month",
    PAGES.kms,
    everywhere(1, "aws-page"),
    "Each rotation adds $1 a month for the first two; the first comes a year after creation.",
  ),
  price(
    "kms.requests-10k",
    "USD per 10,000 requests beyond 20,000 free a month",
    PAGES.kms,
    everywhere(0.03, "third-party", GUIDES.kmsRequests),
  ),
  price(
    "secrets.secret-month",
    "USD per secret-month",
    PAGES.secrets,
    everywhere(0.4, "third-party", GUIDES.secrets),
  ),
  price(
    "cloudwatch.alarm-metric-month",
    "USD per standard-resolution alarm metric-month",
    PAGES.cloudwatch,
    everywhere(0.1, "third-party", GUIDES.alarms),
  ),
  price(
    "cloudwatch.dashboard-month",
    "USD per dashboard-month",
    PAGES.cloudwatch,
    everywhere(3, "third-party", GUIDES.cloudwatch),
  ),
  price("cloudwatch.logs-ingest-gb", "USD per GB of logs ingested (standard class)", PAGES.cloudwatch, [
    [0.5, "third-party", GUIDES.cloudwatch],
    0.57,
    0.63,
  ]),
  price(
    "cloudwatch.logs-storage-gb-month",
    "USD per GB-month of logs stored",
    PAGES.cloudwatch,
    [0.03, 0.03, 0.0324],
  ),
  price("waf.acl-month", "USD per web ACL-month", PAGES.waf, everywhere(5, "third-party", GUIDES.waf)),
  price("waf.rule-month", "USD per rule-month", PAGES.waf, everywhere(1, "third-party", GUIDES.waf)),
  price(
    "waf.requests-million",
    "USD per million requests inspected",
    PAGES.waf,
    everywhere(0.6, "third-party", GUIDES.waf),
    `AWS states WAF prices are the same in every region (${GUIDES.wafSameEverywhere}).`,
  ),
  price(
    "cloudfront.transfer-gb",
    "USD per GB to viewers, first 10 TB (Europe for eu-*, United States for us-*)",
    PAGES.cloudfront,
    everywhere(0.085, "aws-page"),
  ),
  price(
    "cloudfront.https-requests-10k",
    "USD per 10,000 HTTPS requests (Europe for eu-*, United States for us-*)",
    PAGES.cloudfront,
    [0.01, 0.012, 0.012],
  ),
  price(
    "cloudfront.function-invocations-million",
    "USD per million CloudFront Functions invocations",
    PAGES.cloudfront,
    everywhere(0.1, "third-party", GUIDES.cloudfrontFunctions),
  ),
  price(
    "s3.standard-gb-month",
    "USD per GB-month (S3 Standard, first 50 TB)",
    PAGES.s3,
    [0.023, 0.023, 0.0245],
  ),
  price(
    "route53.zone-month",
    "USD per hosted zone-month (first 25)",
    PAGES.route53,
    everywhere(0.5, "third-party", GUIDES.route53),
  ),
  price(
    "cloudmap.instance-month",
    "USD per registered service instance-month",
    PAGES.cloudMap,
    everywhere(0.1, "unverified"),
  ),
  price(
    "backup.aurora-gb-month",
    "USD per GB-month of Aurora backups in an AWS Backup vault",
    PAGES.backup,
    [0.021, 0.021, 0.023],
  ),
  price(
    "backup.cross-region-gb",
    "USD per GB copied to another region",
    PAGES.backup,
    everywhere(0.02, "third-party", GUIDES.backupCopy),
  ),
  price(
    "ecr.storage-gb-month",
    "USD per GB-month of images stored",
    PAGES.ecr,
    everywhere(0.1, "unverified"),
  ),
];

const BY_ID = new Map(PRICES.map((p) => [p.id, p]));

export function isPriceRegion(region: string): region is PriceRegion {
  return (PRICE_REGIONS as readonly string[]).includes(region);
}

/** The price with this id in this region; undefined when the table has none. */
export function lookupPrice(
  id: string,
  region: string,
): { price: Price; regional: RegionalPrice } | undefined {
  const entry = BY_ID.get(id);
  const regional = entry?.regions.find((r) => r.region === region);
  return entry && regional ? { price: entry, regional } : undefined;
}

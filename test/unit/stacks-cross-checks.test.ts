import assert from "node:assert/strict";
import { crossCheckProblems } from "../../stacks/cross-checks";
import { REGION_ZONES } from "../../stacks/regions";
import { observabilityProblems } from "../../stacks/observability-checks";
import { validationErrorOf } from "../support/stack-run";

// The rules that span settings (stacks/cross-checks.ts and stacks/observability-checks.ts), called on a
// merged stack: each problem in full, and the nearest valid input on the other side of each limit.

type Loose = Record<string, unknown>;
const onAws = (aws: Loose, extra: Loose = {}) => crossCheckProblems({ target: "aws", aws, ...extra });

describe("cross checks: the region", () => {
  it("needs a region on aws, and none on kubernetes", () => {
    assert.deepEqual(onAws({}), [
      { setting: "aws.region", expected: "an AWS region such as eu-west-1", found: "nothing" },
    ]);
    assert.deepEqual(crossCheckProblems({ target: "aws" }), [
      { setting: "aws.region", expected: "an AWS region such as eu-west-1", found: "nothing" },
    ]);
    assert.deepEqual(crossCheckProblems({ target: "kubernetes" }), []);
    assert.deepEqual(crossCheckProblems({ target: "kubernetes", aws: { region: "xx-nowhere-1" } }), []);
  });

  it("refuses a region stacks/regions.ts does not know, listing those it does", () => {
    assert.deepEqual(onAws({ region: "xx-nowhere-1" }), [
      {
        setting: "aws.region",
        expected: `a region of stacks/regions.ts (${Object.keys(REGION_ZONES).join(", ")})`,
        found: "xx-nowhere-1",
      },
    ]);
    assert.match(onAws({ region: "xx-nowhere-1" })[0]?.expected ?? "", /\(us-east-1, us-east-2, /);
    assert.deepEqual(onAws({ region: 12 }), []);
  });

  it("allows as many zones as the region has, and not one more", () => {
    assert.equal(REGION_ZONES["us-west-1"], 3);
    assert.deepEqual(onAws({ region: "us-west-1", zones: 3 }), []);
    assert.deepEqual(onAws({ region: "us-west-1", zones: 4 }), [
      {
        setting: "aws.zones",
        expected: "at most 3, the Availability Zones of us-west-1 (AWS's figure of 2026-12-01)",
        found: "4",
      },
    ]);
    assert.deepEqual(onAws({ region: "us-east-1", zones: 6 }), []);
    // Zone counts the schema refuses are its own to report.
    assert.deepEqual(onAws({ region: "us-west-1", zones: 7 }), []);
    assert.deepEqual(onAws({ region: "us-west-1", zones: 4.5 }), []);
    assert.deepEqual(onAws({ region: "us-west-1" }), []);
  });
});

describe("cross checks: zones in the VPC block", () => {
  it("fits four zones in a /24 and refuses a fifth", () => {
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/24", zones: 4 }), []);
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/24", zones: 5 }), [
      {
        setting: "aws.zones",
        expected:
          "at most 4 zones in aws.vpcCidr 10.0.0.0/24 (each zone takes four subnets of /28 or larger)",
        found: "5",
      },
    ]);
  });

  it("accepts six zones in a /16 or a /23, which hold eight", () => {
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/16", zones: 6 }), []);
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/23", zones: 6 }), []);
  });

  it("leaves a block or a count the schema refuses to the schema", () => {
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/25", zones: 5 }), []);
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.1/24", zones: 5 }), []);
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/24", zones: 0 }), []);
    assert.deepEqual(onAws({ region: "us-east-1", vpcCidr: "10.0.0.0/24" }), []);
  });

  it("checks the block on kubernetes too, where aws settings are still validated", () => {
    assert.deepEqual(
      crossCheckProblems({ target: "kubernetes", aws: { vpcCidr: "10.0.0.0/24", zones: 5 } }).map(
        (p) => p.setting,
      ),
      ["aws.zones"],
    );
  });
});

describe("cross checks: every layer's rules at once", () => {
  it("reports the problems of each layer together, in layer order", () => {
    const problems = crossCheckProblems({
      target: "aws",
      aws: { region: "eu-west-1" },
      protect: true,
      database: { engine: "postgres", backtrackHours: 1, drRegion: "eu-central-1" },
      cache: { failover: true, replicas: 0 },
      services: [{ name: "api" }],
      cdn: { domain: "www.example.org", hostedZone: "example.com" },
      observability: { alertEmails: [] },
    });
    assert.deepEqual(
      problems.map((p) => p.setting),
      [
        "database.backtrackHours",
        "cache.replicas",
        "services[0].image",
        "cdn.hostedZone",
        "observability.alertEmails",
      ],
    );
    assert.deepEqual(
      crossCheckProblems({
        target: "kubernetes",
        preset: "prod",
        compute: { kubernetes: { allowTaggedImages: true } },
      }),
      [
        {
          setting: "compute.kubernetes.allowTaggedImages",
          expected: "false in a prod stack (a re-pushed tag would change what production runs)",
          found: "true",
        },
      ],
    );
  });
});

describe("observability checks: a protected aws stack's alarms reach someone", () => {
  const problem = {
    setting: "observability.alertEmails",
    expected:
      "at least one email address when protect is true (a protected stack's alarms must reach someone)",
    found: "an empty list",
  };
  const check = (extra: Loose) =>
    observabilityProblems({ target: "aws", protect: true, observability: { alertEmails: [] }, ...extra });

  it("reports an empty list on a protected aws stack", () => {
    assert.deepEqual(check({}), [problem]);
  });

  it("accepts one address, and leaves each other condition alone to pass", () => {
    assert.deepEqual(check({ observability: { alertEmails: ["ops@example.org"] } }), []);
    assert.deepEqual(check({ target: "kubernetes" }), []);
    assert.deepEqual(check({ protect: false }), []);
    assert.deepEqual(check({ protect: "true" }), []);
    assert.deepEqual(check({ observability: {} }), []);
    assert.deepEqual(check({ observability: { alertEmails: "ops@example.org" } }), []);
    assert.deepEqual(check({ observability: ["x"] }), []);
  });

  it("is what validation reports for the prod stack without addresses", () => {
    const error = validationErrorOf("prod", { override: { observability: { alertEmails: [] } } });
    assert.deepEqual(
      error.problems.filter((p) => p.setting === "observability.alertEmails"),
      [problem],
    );
  });
});

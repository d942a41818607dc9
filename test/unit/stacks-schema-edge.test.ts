import assert from "node:assert/strict";
import { cdnSection, hostname } from "../../stacks/schema/cdn";
import { costSection } from "../../stacks/schema/cost";
import { numberBetween, observabilitySection, thresholdsSection } from "../../stacks/schema/observability";
import { assertSetting, issueMessages, problemsAt, shapeOf } from "../support/schema-cases";

describe("the cdn, observability and cost settings (stacks/schema/cdn.ts, observability.ts, cost.ts)", () => {
  it("a site's DNS name has two or more labels, lower case, the last starting with a letter", () => {
    assertSetting(hostname, {
      phrase: "a lower-case DNS name such as www.example.org",
      good: [
        "www.example.org",
        "a.b",
        "a.b-1",
        "a.b1",
        "0.xn--p1ai",
        "a-b.c",
        `${"a".repeat(63)}.b`,
        `a.b${"c".repeat(62)}`,
        `${"a.".repeat(126)}b`,
      ],
      bad: [
        "example",
        "a.1b",
        "a.b-",
        "a.-b",
        "A.org",
        "a..b",
        ".a.b",
        "a.b.",
        "-a.b",
        "a-.b",
        "a_b.c",
        `${"a".repeat(64)}.b`,
        `a.b${"c".repeat(63)}`,
        `${"a.".repeat(126)}bc`,
        "a.b c",
        "",
        "a.B",
      ],
    });
    const cdn = cdnSection.shape;
    for (const name of [cdn.domain, cdn.hostedZone]) {
      assert.deepEqual(issueMessages(name, undefined), []);
      assert.deepEqual(issueMessages(name, "org"), ["a lower-case DNS name such as www.example.org"]);
    }
  });

  it("the front end's directory, fallback, HSTS preload, price class, WAF and nginx settings", () => {
    const cdn = cdnSection.shape;
    assertSetting(cdn.siteDir, {
      phrase: "a directory of the built front end, relative to the project",
      good: ["frontend"],
      bad: [""],
    });
    assertSetting(cdn.spaFallback, { phrase: "true or false", good: [true], bad: ["yes"] });
    assertSetting(cdn.hstsPreload, { phrase: "true or false", good: [true, false], bad: ["yes"] });
    assert.equal(cdn.hstsPreload.parse(undefined), false, "preload only when the domain's owner says so");
    assertSetting(cdn.priceClass, {
      phrase: "one of PriceClass_100, PriceClass_200, PriceClass_All",
      good: ["PriceClass_100", "PriceClass_200", "PriceClass_All"],
      bad: ["PriceClass_300"],
    });
    const waf = shapeOf(cdn.waf);
    assertSetting(waf.enabled, { phrase: "true or false", good: [true], bad: [1] });
    assertSetting(waf.ratePerFiveMinutes, {
      phrase: "a whole number from 100 to 2000000000",
      good: [100, 2_000_000_000],
      bad: [99, 2_000_000_001],
    });
    const kubernetes = shapeOf(cdn.kubernetes);
    assertSetting(kubernetes.replicas, {
      phrase: "a whole number from 1 to 20",
      good: [1, 20],
      bad: [0, 21],
    });
    assertSetting(kubernetes.image, {
      phrase: "a container image reference",
      good: [undefined, "site:1.0"],
      bad: [""],
    });
    assertSetting(kubernetes.tlsSecretName, { phrase: "a Secret name", good: [undefined, "tls"], bad: [""] });
  });

  it("a number between two limits takes fractions and both limits, and nothing outside", () => {
    assertSetting(numberBetween(0.01, 120), {
      phrase: "a number from 0.01 to 120",
      good: [0.01, 0.5, 120],
      bad: [0, 0.009, 120.01, "1", null],
    });
  });

  it("every alarm threshold has its range, each limit included and the next value out", () => {
    const t = thresholdsSection.shape;
    const percent = { phrase: "a number from 0 to 100", good: [0, 0.5, 100], bad: [-0.1, 100.1] };
    for (const key of [
      "loadBalancer5xxPercent",
      "serviceCpuPercent",
      "serviceMemoryPercent",
      "databaseCpuPercent",
      "cacheCpuPercent",
      "cacheMemoryPercent",
      "cdn5xxPercent",
    ] as const) {
      assertSetting(t[key], percent);
    }
    assertSetting(t.targetResponseTimeSeconds, {
      phrase: "a number from 0.01 to 120",
      good: [0.01, 120],
      bad: [0, 121],
    });
    const whole: [keyof typeof t, number, number][] = [
      ["unhealthyHosts", 1, 1000],
      ["databaseFreeableMemoryMiB", 16, 1_048_576],
      ["databaseConnections", 1, 100_000],
      ["databaseFreeStorageGiB", 1, 65_536],
      ["cacheEvictions", 1, 100_000_000],
      ["podRestarts", 1, 1000],
    ];
    for (const [key, min, max] of whole) {
      assertSetting(t[key], {
        phrase: `a whole number from ${min} to ${max}`,
        good: [min, max],
        bad: [min - 1, max + 1, min + 0.5],
      });
    }
  });

  it("alert emails are a list of addresses; the cluster's Prometheus is described by its operator, namespace and labels", () => {
    const o = observabilitySection.shape;
    assertSetting(o.alertEmails, {
      phrase: "an email address such as ops@example.org",
      good: [[], ["ops@example.org", "a.b@c.example.org"]],
      bad: [["ops"], ["ops@"], ["@example.org"], ["ops@example"]],
    });
    assert.deepEqual(issueMessages(o.alertEmails, "ops@example.org"), ["a list of email addresses"]);
    const kubernetes = shapeOf(o.kubernetes);
    assertSetting(kubernetes.prometheusOperator, { phrase: "true or false", good: [true], bad: ["true"] });
    assert.match(issueMessages(kubernetes.monitoringNamespace, "Monitoring")[0], /^a DNS label/);
    assertSetting(kubernetes.selectorLabels, {
      phrase: "a map of label names to values",
      good: [{}, { release: "kps" }],
      bad: [[]],
    });
    assertSetting(kubernetes.selectorLabels, { phrase: "a label name", good: [], bad: [{ "": "kps" }] });
    assertSetting(kubernetes.selectorLabels, {
      phrase: "a label value",
      good: [{ release: "" }],
      bad: [{ release: 1 }],
    });
  });

  it("every usage assumption of the cost estimate has a default within its range, and a stack may set each", () => {
    const defaults = costSection.parse(undefined);
    const shape = shapeOf(costSection);
    const keys = Object.keys(shape).filter((key) => key !== "kubernetes" && key !== "averageAcu");
    assert.ok(keys.length >= 13, keys.join(", "));
    for (const key of keys) {
      const value = (defaults as Record<string, unknown>)[key];
      assert.equal(typeof value, "number", key);
      assert.deepEqual(issueMessages(shape[key as keyof typeof shape], value), [], key);
      assert.deepEqual(
        issueMessages(costSection, { [key]: -1 }),
        [issueMessages(shape[key as keyof typeof shape], -1)[0]],
        key,
      );
      assert.match(issueMessages(costSection, { [key]: -1 })[0], /^a number from 0 to /, key);
    }
    assert.equal(defaults.averageAcu, undefined);
    assert.deepEqual(defaults.kubernetes, {});
    const prices = { vCpuHour: 0.04, memoryGbHour: 0.005, storageGbMonth: 0.1 };
    assert.deepEqual(costSection.parse({ averageAcu: 1, kubernetes: prices }).kubernetes, prices);
    assert.deepEqual(issueMessages(costSection, { kubernetes: { vCpuHour: 101 } }), [
      "a number from 0 to 100",
    ]);
    assert.equal(costSection.parse({ spotDiscount: 0.95 }).spotDiscount, 0.95);
    assert.deepEqual(issueMessages(costSection, { spotDiscount: 0.96 }), ["a number from 0 to 0.95"]);
    assert.deepEqual(issueMessages(costSection, { databaseActiveHoursPerMonth: 731 }), [
      "a number from 0 to 730",
    ]);
  });

  it("a stack file's bad edge value is reported with its setting and what was found", () => {
    assert.deepEqual(problemsAt("dev", { override: { cdn: { priceClass: "all" } } }, "cdn"), [
      {
        setting: "cdn.priceClass",
        expected: "one of PriceClass_100, PriceClass_200, PriceClass_All",
        found: '"all"',
      },
    ]);
  });
});

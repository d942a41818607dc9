import assert from "node:assert/strict";
import { MYSQL_BACKTRACK_HOURS } from "../../stacks/presets";
import { validateSettings } from "../../stacks/validate";
import { ConfigError } from "../../stacks/problems";
import { isPinnedImage } from "../../stacks/schema/compute";
import { MAX_BACKTRACK_HOURS } from "../../stacks/schema/database";
import { PRESET_NAMES, type PresetName } from "../../stacks/schema/platform";
import type { StackSettings } from "../../stacks/schema";

type Target = "aws" | "kubernetes";

/**
 * The least a stack file must say on each target and preset, so that every other value comes from the preset
 * and a mutated preset value either fails validation or shows in the settings.
 */
function minimalStack(preset: PresetName, target: Target): Record<string, unknown> {
  const values: Record<string, unknown> = {
    target,
    preset,
    aws: { region: "eu-west-1" },
    observability: { alertEmails: ["ops@example.org"] },
  };
  if (preset === "prod" && target === "aws") values.database = { drRegion: "eu-central-1" };
  if (preset === "prod" && target === "kubernetes") {
    values.secrets = { backupKey: "k", backupSecret: "s" };
    values.database = {
      kubernetes: {
        backup: {
          s3: {
            endpoint: "https://s3.eu-west-1.amazonaws.com",
            bucket: "example-backups",
            accessKeySecret: "backupKey",
            secretKeySecret: "backupSecret",
            egress: { anyAddress: true },
          },
        },
      },
    };
  }
  return values;
}

function settingsOf(preset: PresetName, target: Target): StackSettings {
  try {
    return validateSettings({
      project: "strata",
      stack: `minimal-${preset}`,
      values: minimalStack(preset, target),
      secretKeys: new Set(["secrets"]),
    });
  } catch (error) {
    if (error instanceof ConfigError) assert.fail(`${preset}/${target}: ${error.message}`);
    throw error;
  }
}

const TARGETS: readonly Target[] = ["aws", "kubernetes"];

describe("the presets (stacks/presets.ts)", () => {
  it("each preset alone makes a valid stack on both targets", () => {
    for (const preset of PRESET_NAMES) {
      for (const target of TARGETS) {
        const settings = settingsOf(preset, target);
        assert.equal(settings.preset, preset);
        assert.equal(settings.target, target);
      }
    }
  });

  it("no preset names who is alerted: dev may leave it so, a prod stack must not", () => {
    const values = { ...minimalStack("prod", "aws"), observability: undefined };
    assert.throws(
      () => validateSettings({ project: "strata", stack: "minimal-prod", values, secretKeys: new Set() }),
      (error: unknown) =>
        error instanceof ConfigError &&
        JSON.stringify(error.problems) ===
          JSON.stringify([
            {
              setting: "observability.alertEmails",
              expected:
                "at least one email address when protect is true (a protected stack's alarms must reach someone)",
              found: "an empty list",
            },
          ]),
    );
    const dev = { ...minimalStack("dev", "aws"), observability: undefined };
    const settings = validateSettings({
      project: "strata",
      stack: "minimal-dev",
      values: dev,
      secretKeys: new Set(),
    });
    assert.deepEqual(settings.observability.alertEmails, [], "dev may alert no one");
  });

  it("prod protects every stateful resource; dev protects none, so it can be torn down", () => {
    const prod = settingsOf("prod", "aws");
    assert.equal(prod.protect, true);
    assert.equal(prod.database.deletionProtection, true);
    assert.equal(prod.database.finalSnapshot, true);
    assert.equal(prod.compute.aws.loadBalancer.deletionProtection, true);
    const dev = settingsOf("dev", "aws");
    assert.equal(dev.protect, false);
    assert.equal(dev.database.deletionProtection, false);
    assert.equal(dev.database.finalSnapshot, false);
    assert.equal(dev.compute.aws.loadBalancer.deletionProtection, false);
  });

  it("prod survives the loss of a zone; dev runs one of each", () => {
    const prod = settingsOf("prod", "aws");
    const dev = settingsOf("dev", "aws");
    assert.ok(prod.aws.zones > dev.aws.zones);
    assert.equal(prod.aws.natStrategy, "perZone");
    assert.notEqual(dev.aws.natStrategy, "perZone");
    assert.ok(prod.database.readers >= 1);
    assert.equal(dev.database.readers, 0);
    assert.equal(prod.cache.failover, true);
    assert.ok(prod.cache.replicas >= 1);
    assert.equal(dev.cache.failover, false);
    assert.equal(dev.cache.replicas, 0);
    const prodK8s = settingsOf("prod", "kubernetes");
    const devK8s = settingsOf("dev", "kubernetes");
    // A Sentinel majority survives one lost pod only with three of them: a primary and two replicas.
    assert.equal(prodK8s.cache.kubernetes.sentinel, true);
    assert.ok(prodK8s.cache.kubernetes.replicas >= 2);
    assert.equal(devK8s.cache.kubernetes.sentinel, false);
    assert.ok(prodK8s.database.kubernetes.cloudnativePg.instances >= 3);
    assert.ok(prodK8s.cdn.kubernetes.replicas >= 2);
    assert.equal(devK8s.cdn.kubernetes.replicas, 1);
  });

  it("prod keeps its backups off the cluster and longer; dev keeps them on a volume, briefly", () => {
    const prod = settingsOf("prod", "kubernetes");
    const dev = settingsOf("dev", "kubernetes");
    assert.equal(prod.database.kubernetes.backup.storage, "s3");
    assert.equal(dev.database.kubernetes.backup.storage, "volume");
    for (const settings of [prod, dev]) {
      // Backups on the database's own cluster are a choice a stack states itself, never a preset's.
      assert.equal(settings.database.kubernetes.backup.acceptOnClusterBackups, false);
    }
    assert.ok(prod.database.backup.retentionDays > dev.database.backup.retentionDays);
    assert.ok(prod.cache.snapshotRetentionDays > dev.cache.snapshotRetentionDays);
    assert.ok(dev.cache.snapshotRetentionDays >= 1, "Checkov CKV_AWS_134 asks for cache snapshots");
  });

  it("prod keeps logs a year (CKV_AWS_338), dev shorter; both keep VPC flow logs (CKV2_AWS_11)", () => {
    const prod = settingsOf("prod", "aws");
    const dev = settingsOf("dev", "aws");
    assert.ok(prod.logs.retentionDays >= 365);
    assert.ok(prod.aws.flowLogs.retentionDays >= 365);
    assert.ok(dev.logs.retentionDays < prod.logs.retentionDays);
    for (const settings of [prod, dev]) assert.equal(settings.aws.flowLogs.enabled, true);
  });

  it("prod guards its public edge (WAF, access logs, on-demand tasks); dev saves those costs", () => {
    const prod = settingsOf("prod", "aws");
    const dev = settingsOf("dev", "aws");
    assert.equal(prod.cdn.waf.enabled, true);
    assert.equal(dev.cdn.waf.enabled, false);
    assert.equal(prod.compute.aws.loadBalancer.accessLogs, true);
    assert.equal(dev.compute.aws.loadBalancer.accessLogs, false);
    assert.equal(prod.compute.aws.capacityProviders.fargateSpot, 0);
    assert.ok(prod.compute.aws.capacityProviders.fargate > 0);
    assert.ok(dev.compute.aws.capacityProviders.fargateSpot > dev.compute.aws.capacityProviders.fargate);
    // Dev runs on Spot alone and only in working hours (issue 12); prod runs around the clock.
    assert.ok(dev.compute.aws.schedule !== undefined, "dev's services keep working hours");
    assert.equal(prod.compute.aws.schedule, undefined);
    // The cost estimate assumes a dev database that pauses outside working hours.
    assert.ok(dev.cost.databaseActiveHoursPerMonth < prod.cost.databaseActiveHoursPerMonth);
    assert.equal(prod.cost.databaseActiveHoursPerMonth, 730);
  });

  it("only dev lets an image name a moving tag; the preset database image is pinned by digest", () => {
    assert.equal(settingsOf("dev", "kubernetes").compute.kubernetes.allowTaggedImages, true);
    assert.equal(settingsOf("prod", "kubernetes").compute.kubernetes.allowTaggedImages, false);
    for (const preset of PRESET_NAMES) {
      const image = settingsOf(preset, "kubernetes").database.kubernetes.cloudnativePg.image;
      assert.ok(isPinnedImage(image) && /@sha256:[a-f0-9]{64}$/.test(image), image);
      assert.match(image, /^ghcr\.io\/cloudnative-pg\/postgresql:16\./);
    }
  });

  it("both presets assume a plain cluster: no operators, ingress-nginx, and CoreDNS by its kube-dns label", () => {
    for (const preset of PRESET_NAMES) {
      const settings = settingsOf(preset, "kubernetes");
      assert.equal(settings.database.kubernetes.operator, "none");
      assert.equal(settings.observability.kubernetes.prometheusOperator, false);
      assert.equal(settings.kubernetes.ingressClass, "nginx");
      assert.equal(settings.kubernetes.ingressNamespace, "ingress-nginx");
      assert.deepEqual(settings.kubernetes.dns, {
        namespace: "kube-system",
        podLabels: { "k8s-app": "kube-dns" },
      });
    }
  });

  it("both presets serve the front end as a single-page app and upgrade no database major on their own", () => {
    for (const preset of PRESET_NAMES) {
      const settings = settingsOf(preset, "aws");
      assert.equal(settings.cdn.spaFallback, true);
      assert.equal(settings.database.allowMajorVersionUpgrade, false);
    }
  });

  it("prod's alarms are at least as strict as dev's", () => {
    const prod = settingsOf("prod", "aws").observability.thresholds;
    const dev = settingsOf("dev", "aws").observability.thresholds;
    for (const key of Object.keys(dev) as (keyof typeof dev)[]) {
      if (
        key === "databaseFreeableMemoryMiB" ||
        key === "databaseFreeStorageGiB" ||
        key === "databaseConnections"
      ) {
        // Alarms below a floor, or sized to a bigger prod database.
        assert.ok(prod[key] >= dev[key], key);
      } else {
        assert.ok(prod[key] <= dev[key], key);
      }
    }
  });

  it("backtrack is off in dev and within Aurora's limit in prod", () => {
    assert.equal(MYSQL_BACKTRACK_HOURS.dev, 0);
    assert.ok(MYSQL_BACKTRACK_HOURS.prod > 0 && MYSQL_BACKTRACK_HOURS.prod <= MAX_BACKTRACK_HOURS);
  });
});

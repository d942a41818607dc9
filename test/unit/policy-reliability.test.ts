import { strict as assert } from "node:assert";
import { STATEFUL_TYPES } from "../../policy/reliability";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";

const RULE = "AWS-WellArchitected-REL09-stateful-protected";
const PROTECT = "protect (resource option)";
const SNAPSHOT = "a finalSnapshotIdentifier (and skipFinalSnapshot: false)";
const prod = { stack: "prod" };

/** What each stateful type must set besides protect, and a compliant set of inputs for it. */
const GUARDED: Record<
  string,
  { good: Record<string, unknown>; breaks: [Record<string, unknown>, string][] }
> = {
  "aws:rds/cluster:Cluster": {
    good: { deletionProtection: true, finalSnapshotIdentifier: "final", skipFinalSnapshot: false },
    breaks: [
      [{ deletionProtection: false }, "deletionProtection: true"],
      [{ deletionProtection: undefined }, "deletionProtection: true"],
      [{ skipFinalSnapshot: true }, SNAPSHOT],
      [{ finalSnapshotIdentifier: undefined }, SNAPSHOT],
      [{ finalSnapshotIdentifier: "" }, SNAPSHOT],
    ],
  },
  "aws:rds/instance:Instance": {
    good: { deletionProtection: true, finalSnapshotIdentifier: "final" },
    breaks: [
      [{ deletionProtection: false }, "deletionProtection: true"],
      [{ skipFinalSnapshot: true }, SNAPSHOT],
    ],
  },
  "aws:elasticache/replicationGroup:ReplicationGroup": {
    good: { finalSnapshotIdentifier: "final" },
    breaks: [[{ finalSnapshotIdentifier: undefined }, "finalSnapshotIdentifier"]],
  },
  "aws:backup/vault:Vault": {
    good: { forceDestroy: false },
    breaks: [[{ forceDestroy: true }, "forceDestroy: false"]],
  },
  "aws:s3/bucket:Bucket": {
    good: {},
    breaks: [[{ forceDestroy: true }, "forceDestroy: false"]],
  },
  "aws:s3/bucketV2:BucketV2": {
    good: { forceDestroy: false },
    breaks: [[{ forceDestroy: true }, "forceDestroy: false"]],
  },
  "aws:dynamodb/table:Table": {
    good: { deletionProtectionEnabled: true },
    breaks: [
      [{ deletionProtectionEnabled: false }, "deletionProtectionEnabled: true"],
      [{ deletionProtectionEnabled: undefined }, "deletionProtectionEnabled: true"],
    ],
  },
};

/** Types whose only guard is protect. */
const PROTECT_ONLY = [
  "aws:kms/key:Key",
  "aws:efs/fileSystem:FileSystem",
  "aws:secretsmanager/secret:Secret",
  "kubernetes:apps/v1:StatefulSet",
  "kubernetes:core/v1:PersistentVolumeClaim",
  "kubernetes:core/v1:Namespace",
];

describe("policy rules: reliability, each stateful type and each guard alone", () => {
  it("covers exactly the stateful types listed here", () => {
    assert.deepEqual([...STATEFUL_TYPES].sort(), [...Object.keys(GUARDED), ...PROTECT_ONLY].sort());
  });

  for (const [type, { good, breaks }] of Object.entries(GUARDED)) {
    it(`${type}: passes when protected with its guards, and names each missing guard alone`, async () => {
      assert.deepEqual(await findingsOf(RULE, [res(type, "it", good, { protect: true })], prod), []);
      assert.deepEqual(await findingsOf(RULE, [res(type, "it", good)], prod), [
        ["it", `${type} it lacks ${PROTECT}.`],
      ]);
      for (const [change, missing] of breaks) {
        assert.deepEqual(
          await findingsOf(RULE, [res(type, "it", { ...good, ...change }, { protect: true })], prod),
          [["it", `${type} it lacks ${missing}.`]],
          JSON.stringify(change),
        );
      }
    });
  }

  it("lists every missing guard of a database, protect first", async () => {
    const bare = res("aws:rds/instance:Instance", "db", {});
    assert.deepEqual(await findingsOf(RULE, [bare], prod), [
      ["db", `aws:rds/instance:Instance db lacks ${PROTECT}, deletionProtection: true, ${SNAPSHOT}.`],
    ]);
  });

  it("asks of the protect-only types nothing but protect", async () => {
    for (const type of PROTECT_ONLY) {
      assert.deepEqual(await findingsOf(RULE, [res(type, "it", {}, { protect: true })], prod), [], type);
      assert.deepEqual(await findingsOf(RULE, [res(type, "it", {})], prod), [
        ["it", `${type} it lacks ${PROTECT}.`],
      ]);
    }
  });

  it("ignores stateless types, and the exempt names only", async () => {
    const stack = [
      res("aws:ecs/service:Service", "api", {}),
      res("aws:s3/bucket:Bucket", "assets", {}),
      res("aws:s3/bucket:Bucket", "data", {}),
    ];
    assert.deepEqual(await findingsOf(RULE, stack, { ...prod, config: { [RULE]: { exempt: ["assets"] } } }), [
      ["data", "aws:s3/bucket:Bucket data lacks protect (resource option)."],
    ]);
  });

  it("applies to production stacks only, a configured one included", async () => {
    const bare = [res("aws:kms/key:Key", "key", {})];
    assert.deepEqual(await findingsOf(RULE, bare, { stack: "dev" }), []);
    assert.deepEqual(notApplicableReasons(RULE, bare, { stack: "dev" }), ["not a production stack"]);
    assert.deepEqual(await findingsOf(RULE, bare, { stack: "production" }), [
      ["key", "aws:kms/key:Key key lacks protect (resource option)."],
    ]);
    const live = { stack: "live", config: { [RULE]: { productionStacks: ["live"] } } };
    assert.equal((await findingsOf(RULE, bare, live)).length, 1);
  });
});

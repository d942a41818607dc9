/**
 * What `npm run mutate` mutates, in three groups, each with its goal and the tests that judge it. Each group
 * runs as its own Stryker run with only its own tests: a "static" mutant (code run at module load, such as a
 * zod schema or a preset) makes Stryker start a fresh test process and run every test of the run, so a group
 * whose tests load no Pulumi SDK (about 2 s a process) keeps those mutants cheap. Tests that build whole
 * stacks (40-1000 ms each) stay out of every group for the same reason; test/unit/ holds the direct ones.
 */
export interface MutationGroup {
  /** The README's name for the group. */
  readonly folder: string;
  /** A short name for file names and `--group`. */
  readonly id: string;
  /** Minimum mutation score, in percent. */
  readonly minimum: number;
  /** Stryker `mutate` patterns (a leading `!` takes files out again). */
  readonly mutate: readonly string[];
  /** The mocha spec of the group's run. */
  readonly spec: readonly string[];
}

export const MUTATION_GROUPS: readonly MutationGroup[] = [
  {
    folder: "stacks/",
    id: "stacks",
    minimum: 90,
    mutate: ["stacks/**/*.ts"],
    spec: ["test/unit/stacks-*.test.ts"],
  },
  {
    folder: "policy/",
    id: "policy",
    minimum: 90,
    // index.ts only constructs the pack for the Pulumi CLI (it starts the analyzer server): no logic.
    mutate: ["policy/**/*.ts", "!policy/index.ts"],
    spec: ["test/policy-aws.test.ts", "test/policy-compliant.test.ts", "test/unit/policy-*.test.ts"],
  },
  {
    folder: "components/ (pure logic)",
    id: "pure",
    minimum: 95,
    // The cost arithmetic lives in tools/cost/; its price table (prices.ts, data checked by
    // test/cost-prices.test.ts) and its per-resource rules (aws-rules.ts, checked on whole plans by
    // test/cost-stacks.test.ts) are not pure arithmetic and are left out.
    mutate: [
      "components/naming.ts",
      "components/network/cidr-plan.ts",
      "tools/cost/charges.ts",
      "tools/cost/estimate.ts",
      "tools/cost/kubernetes.ts",
    ],
    spec: [
      "test/naming.test.ts",
      "test/cidr-plan.test.ts",
      "test/cost-arithmetic.test.ts",
      "test/unit/pure-*.test.ts",
    ],
  },
];

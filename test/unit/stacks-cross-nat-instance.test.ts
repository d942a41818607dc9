import assert from "node:assert/strict";
import { crossCheckProblems } from "../../stacks/cross-checks";

// The NAT instance rule (stacks/cross-checks.ts): a protected aws stack keeps NAT gateways. Each of the
// rule's three conditions is broken alone, and the problem is asserted in full.

type Loose = Record<string, unknown>;
const natProblems = (stack: Loose) =>
  crossCheckProblems(stack).filter((p) => p.setting === "aws.natStrategy");
const stack = (extra: Loose = {}): Loose => ({
  target: "aws",
  protect: true,
  aws: { region: "eu-west-1", zones: 2, natStrategy: "instance" },
  ...extra,
});

describe("cross checks: the NAT instance", () => {
  it("refuses a NAT instance on a protected aws stack", () => {
    assert.deepEqual(natProblems(stack()), [
      {
        setting: "aws.natStrategy",
        expected:
          "none, single or perZone when protect is true (a NAT instance is a single point of failure, for dev stacks)",
        found: "instance",
      },
    ]);
  });

  it("allows it unprotected, and allows gateways protected; kubernetes has no NAT to choose", () => {
    assert.deepEqual(natProblems(stack({ protect: false })), []);
    assert.deepEqual(natProblems(stack({ protect: "true" })), []);
    for (const natStrategy of ["none", "single", "perZone"]) {
      assert.deepEqual(
        natProblems(stack({ aws: { region: "eu-west-1", zones: 2, natStrategy } })),
        [],
        natStrategy,
      );
    }
    assert.deepEqual(natProblems(stack({ target: "kubernetes" })), []);
    assert.deepEqual(natProblems({ target: "aws", protect: true }), []);
  });
});

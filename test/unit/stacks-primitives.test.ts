import assert from "node:assert/strict";
import {
  LOG_RETENTION_DAYS,
  dnsLabel,
  flag,
  ipv4Block,
  logRetentionDays,
  matching,
  oneOf,
  section,
  text,
  wholeNumber,
} from "../../stacks/schema/primitives";
import { assertSetting, issueMessages } from "../support/schema-cases";

describe("schema building blocks (stacks/schema/primitives.ts)", () => {
  it("a section names its known settings for an unknown one, and asks for a map otherwise", () => {
    const schema = section({ alpha: flag, beta: flag });
    assert.deepEqual(issueMessages(schema, { alpha: true, beta: false }), []);
    assert.deepEqual(issueMessages(schema, { alpha: true, beta: false, gamma: 1 }), [
      "one of the known settings (alpha, beta)",
    ]);
    for (const value of ["x", 3, null, [true]]) {
      assert.deepEqual(issueMessages(schema, value), ["a map of settings"], JSON.stringify(value));
    }
  });

  it("a whole number is accepted at both limits and refused one step outside, as a fraction or as text", () => {
    assertSetting(wholeNumber(2, 6), {
      phrase: "a whole number from 2 to 6",
      good: [2, 3, 5, 6],
      bad: [1, 7, 2.5, "3", -2, undefined, null],
    });
    assertSetting(wholeNumber(0, 1000), {
      phrase: "a whole number from 0 to 1000",
      good: [0, 1, 999, 1000],
      bad: [-1, 1001, 0.5],
    });
  });

  it("one of a list names every choice", () => {
    assertSetting(oneOf(["none", "single", "perZone"]), {
      phrase: "one of none, single, perZone",
      good: ["none", "single", "perZone"],
      bad: ["Single", "", 1, undefined],
    });
  });

  it("a flag is a boolean, not its text", () => {
    assertSetting(flag, { phrase: "true or false", good: [true, false], bad: ["true", 1, 0, null] });
  });

  it("text must not be empty", () => {
    assertSetting(text("a Secret name"), { phrase: "a Secret name", good: ["a", "tls"], bad: ["", 1, null] });
  });

  it("matching applies the pattern and a string check with the same phrase", () => {
    assertSetting(matching(/^a+$/, "only a's"), {
      phrase: "only a's",
      good: ["a", "aaa"],
      bad: ["b", "", 5],
    });
  });

  it("log retention takes every CloudWatch Logs period, inside ones included, and nothing else", () => {
    const phrase = `one of the CloudWatch Logs retention periods (${LOG_RETENTION_DAYS.join(", ")})`;
    assert.match(phrase, /\(1, 3, 5, 7, 14, .* 3653\)$/);
    assertSetting(logRetentionDays, {
      phrase,
      good: [...LOG_RETENTION_DAYS],
      bad: [0, 2, 4, 8, 364, 366, 3654, "7", null],
    });
  });

  it("an IPv4 block is a network address with a prefix between the limits, both included", () => {
    assertSetting(ipv4Block(16, 24), {
      phrase: "an IPv4 CIDR block from /16 to /24 with no host bits set (such as 10.0.0.0/16)",
      good: ["10.0.0.0/16", "10.1.0.0/17", "10.0.2.0/23", "10.0.0.0/24", "192.168.255.0/24"],
      bad: [
        "10.0.0.0/15",
        "10.0.0.0/25",
        "10.0.0.1/16",
        "10.0.1.0/16",
        "10.0.0.128/24",
        "10.0.0.0",
        "net",
        16,
      ],
    });
    assertSetting(ipv4Block(0, 32), {
      phrase: "an IPv4 CIDR block from /0 to /32 with no host bits set (such as 10.0.0.0/16)",
      good: ["0.0.0.0/0", "203.0.113.7/32", "203.0.113.0/24"],
      bad: ["1.0.0.0/0", "203.0.113.7/31", "203.0.113.7/33", "::/0"],
    });
  });

  it("a DNS label is 1 to 63 lower-case letters, digits and '-', alphanumeric at both ends", () => {
    assertSetting(dnsLabel, {
      phrase:
        "a DNS label: lower-case letters, digits and '-', at most 63 characters, starting and ending alphanumeric",
      good: ["a", "7", "ab", "a-b", "a--9", "kube-system", "a".repeat(63), `a${"-".repeat(61)}b`],
      bad: ["", "a".repeat(64), "-a", "a-", "-", "A", "aB", "a_b", "a.b", " a", "a ", "é", 3],
    });
  });
});

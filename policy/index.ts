import { PolicyPack } from "@pulumi/policy";
import { PACK_NAME, policies } from "./policies";

// Constructing the pack starts the analyzer server the Pulumi CLI talks to: only the CLI loads this file.
// The offline preview imports ./policies instead.
new PolicyPack(PACK_NAME, {
  description: "Strata's safety rules, each named after the public rule it mirrors.",
  enforcementLevel: "mandatory",
  policies,
});

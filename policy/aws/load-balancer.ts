import type * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import type { ResourceValidationArgs } from "@pulumi/policy";
import { asArray, known, resourceRule, type Fail } from "../rule";
import { productionConfigSchema, requireProduction } from "../environment";

type LoadBalancer = Unwrap<aws.lb.LoadBalancerArgs>;
type Listener = Unwrap<aws.lb.ListenerArgs>;

// aws.alb.* are aliases of aws.lb.* with their own type tokens; a rule covers both.
const LOAD_BALANCERS = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
const LISTENERS = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];

function isApplication(lb: LoadBalancer): boolean {
  return (known<string>(lb, "loadBalancerType") ?? "application") === "application";
}

/** Protocols Checkov's CKV_AWS_2 passes as they are. */
const PASSING_PROTOCOLS = ["HTTPS", "TLS", "TCP", "UDP", "TCP_UDP"];

/** Ends a plain HTTP listener's check: passes a redirect to HTTPS, else fails it in production only. */
function failUnlessRedirect(listener: Listener, args: ResourceValidationArgs, fail: Fail): void {
  if (redirectsToHttps(listener)) return;
  requireProduction(args);
  fail("The HTTP listener serves traffic instead of redirecting it to HTTPS.");
}

/** An HTTP listener whose default action sends every request to HTTPS. */
function redirectsToHttps(listener: Listener): boolean {
  const actions = asArray(known<Listener["defaultActions"]>(listener, "defaultActions"));
  return (
    actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS")
  );
}

/** ELB security policies that refuse anything older than TLS 1.2 (Checkov's list for CKV_AWS_103). */
function isTls12Policy(policy: string | undefined): boolean {
  return policy !== undefined && /TLS13|TLS-1-2|FS-1-2/.test(policy);
}

export const loadBalancerPolicies = [
  resourceRule<LoadBalancer>(
    {
      id: "CKV_AWS_91",
      // Production only: the dev preset saves the bucket and its storage (issue: "in prod ... access logs").
      description: "Production load balancers write access logs to S3.",
      fix: "Set accessLogs: { bucket: <log bucket>, enabled: true } on the load balancer (the prod preset does).",
      configSchema: productionConfigSchema,
    },
    LOAD_BALANCERS,
    (lb, args, fail) => {
      requireProduction(args);
      const logs = known<LoadBalancer["accessLogs"]>(lb, "accessLogs");
      // `enabled` defaults to false even when a bucket is named.
      if (!logs || logs.enabled !== true) fail("Access logs are off.");
    },
  ),
  resourceRule<LoadBalancer>(
    {
      id: "CKV_AWS_150",
      description: "Production load balancers have deletion protection.",
      fix: "Set enableDeletionProtection: true (Strata sets it from the stack's `protect`).",
      configSchema: productionConfigSchema,
    },
    LOAD_BALANCERS,
    (lb, args, fail) => {
      requireProduction(args);
      if (known(lb, "enableDeletionProtection") !== true) fail("Deletion protection is off in production.");
    },
  ),
  resourceRule<LoadBalancer>(
    {
      id: "CKV_AWS_131",
      description: "Application load balancers drop invalid HTTP header fields (request smuggling).",
      fix: "Set dropInvalidHeaderFields: true on the application load balancer.",
    },
    LOAD_BALANCERS,
    (lb, args, fail) => {
      if (!isApplication(lb)) return args.notApplicable("not an application load balancer");
      if (known(lb, "dropInvalidHeaderFields") !== true) fail("Invalid header fields are forwarded.");
    },
  ),
  resourceRule<Listener>(
    {
      id: "CKV_AWS_2",
      // As Checkov's: TCP, UDP and TCP_UDP (a network load balancer passing traffic through) pass; plain HTTP
      // passes only as a redirect to HTTPS, checked in production only (as CKV2_AWS_20).
      description:
        "Load balancer listeners serve HTTPS or TLS; in production, plain HTTP listeners only redirect to HTTPS.",
      fix: "Use protocol HTTPS with a certificateArn, or make the listener a redirect to HTTPS.",
      configSchema: productionConfigSchema,
    },
    LISTENERS,
    (listener, args, fail) => {
      const protocol = known<string>(listener, "protocol") ?? "HTTP";
      if (protocol === "HTTP") return failUnlessRedirect(listener, args, fail);
      if (!PASSING_PROTOCOLS.includes(protocol))
        fail(`The listener serves ${protocol}, which is not encrypted.`);
    },
  ),
  resourceRule<Listener>(
    {
      id: "CKV2_AWS_20",
      // Production only: a dev stack without a domain has no certificate and serves plain HTTP by design.
      description: "In production, HTTP listeners redirect every request to HTTPS.",
      fix: 'Set compute.aws.domain in the stack (the listener then redirects to HTTPS), or give the HTTP listener one default action: { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }.',
      configSchema: productionConfigSchema,
    },
    LISTENERS,
    (listener, args, fail) => {
      requireProduction(args);
      if ((known<string>(listener, "protocol") ?? "HTTP") !== "HTTP")
        return args.notApplicable("not an HTTP listener");
      failUnlessRedirect(listener, args, fail);
    },
  ),
  resourceRule<Listener>(
    {
      id: "CKV_AWS_103",
      // A plain HTTP listener that serves traffic is checked in production only, as CKV_AWS_2.
      description:
        "HTTPS and TLS listeners refuse TLS versions older than 1.2; in production, plain HTTP listeners only redirect to HTTPS.",
      fix: 'Set sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another TLS 1.2+ policy); make a plain HTTP listener a redirect to HTTPS.',
      configSchema: productionConfigSchema,
    },
    LISTENERS,
    (listener, args, fail) => {
      const protocol = known<string>(listener, "protocol") ?? "HTTP";
      // Checkov's CKV_AWS_103 fails a plain HTTP listener too, unless it redirects to HTTPS.
      if (protocol === "HTTP") return failUnlessRedirect(listener, args, fail);
      if (!["HTTPS", "TLS"].includes(protocol)) return args.notApplicable("not an HTTPS or TLS listener");
      const policy = known<string>(listener, "sslPolicy");
      if (!isTls12Policy(policy)) {
        fail(
          `The listener's security policy ${policy ?? "(the default, ELBSecurityPolicy-2016-08)"} allows TLS 1.0.`,
        );
      }
    },
  ),
];

import type * as aws from "../../components/shared/aws/sdk";
import type { Unwrap } from "@pulumi/pulumi";
import type { PolicyResource, ResourceValidationArgs } from "@pulumi/policy";
import { asArray, known, resourceRule, stackRule, type Fail } from "../rule";
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
  return asArray(policy).some((name) => /TLS13|TLS-1-2|FS-1-2/.test(name));
}

const WEB_ACL_ASSOCIATIONS = [
  "aws:wafv2/webAclAssociation:WebAclAssociation",
  "aws:wafregional/webAclAssociation:WebAclAssociation",
];

/** A web ACL association whose `resourceArn` came from this load balancer. */
function isProtectedByWaf(lb: PolicyResource, resources: PolicyResource[]): boolean {
  return resources.some(
    (r) =>
      WEB_ACL_ASSOCIATIONS.includes(r.type) &&
      asArray(r.propertyDependencies.resourceArn).some((d) => d.urn === lb.urn),
  );
}

export const loadBalancerPolicies = [
  stackRule(
    {
      id: "CKV2_AWS_28",
      description:
        "No application load balancer is internet-facing without a WAF web ACL (Strata's are internal: the CDN is the way in).",
      fix: "Set internal: true and reach the load balancer through a CloudFront VPC origin (Strata does), or associate an aws.wafv2.WebAcl (scope REGIONAL) with it.",
    },
    (resources, args, fail) => {
      const lbs = resources.filter((r) => LOAD_BALANCERS.includes(r.type));
      if (lbs.length === 0) return args.notApplicable("no load balancer in the stack");
      for (const lb of lbs) {
        const props = lb.props as LoadBalancer;
        if (known(props, "internal") === true || !isApplication(props)) continue;
        if (!isProtectedByWaf(lb, resources))
          fail(`Load balancer ${lb.name} is internet-facing without a WAF.`, lb.urn);
      }
    },
  ),
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
      // Checkov's verdict on every stack; advisory, because a dev stack without a domain serves plain HTTP
      // inside the VPC to CloudFront's VPC origin only. In production CKV2_AWS_20 makes the same demand mandatory.
      description:
        "Load balancer listeners serve HTTPS, TLS, TCP, UDP or TCP_UDP; an HTTP listener only redirects to HTTPS.",
      fix: "Set compute.aws.domain (the listener then serves HTTPS), or make the HTTP listener a redirect to HTTPS.",
      enforcementLevel: "advisory",
    },
    LISTENERS,
    (listener, _args, fail) => {
      // Checkov's CKV_AWS_2: these protocols pass; HTTP passes only when its first default action redirects to HTTPS.
      const protocol = known<string>(listener, "protocol") ?? "HTTP";
      if (PASSING_PROTOCOLS.includes(protocol)) return;
      const first = asArray(known<Listener["defaultActions"]>(listener, "defaultActions"))[0];
      if (first?.type === "redirect" && first.redirect?.protocol === "HTTPS") return;
      fail(`The listener serves ${protocol} without redirecting to HTTPS.`);
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
      // A plain HTTP listener that serves traffic is checked in production only, as CKV2_AWS_20.
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

import { strict as assert } from "node:assert";
import { findingsOf, notApplicableReasons, res } from "../support/policy-problems";
import { ALB, LB, LISTENER, goodLb, httpsListener, redirect } from "../support/policy-aws-fixtures";

const ALB_LISTENER = "aws:alb/listener:Listener";
const prod = { stack: "prod" };
const lb = (inputs: Record<string, unknown>, type = LB) => res(type, "lb", { ...goodLb, ...inputs });
const listener = (inputs: Record<string, unknown>, type = LISTENER) => res(type, "l", inputs);
const forward = { type: "forward", targetGroupArn: "tg" };
const http = (defaultActions: unknown[]) => listener({ protocol: "HTTP", port: 80, defaultActions });
const toHttp = { type: "redirect", redirect: { protocol: "HTTP", port: "80", statusCode: "HTTP_301" } };

describe("policy rules: load balancers, each condition alone", () => {
  it("CKV2_AWS_28: an internet-facing application load balancer needs a WAF association of its own", async () => {
    const open = lb({ internal: false });
    const internet = [["lb", "Load balancer lb is internet-facing without a WAF."]];
    assert.deepEqual(await findingsOf("CKV2_AWS_28", [lb({})]), []);
    assert.deepEqual(await findingsOf("CKV2_AWS_28", [open]), internet);
    assert.deepEqual(await findingsOf("CKV2_AWS_28", [lb({ internal: undefined }, ALB)]), internet);
    // The type defaults to application; network and gateway load balancers have no WAF.
    assert.deepEqual(
      await findingsOf("CKV2_AWS_28", [lb({ internal: false, loadBalancerType: undefined })]),
      internet,
    );
    for (const loadBalancerType of ["network", "gateway"])
      assert.deepEqual(await findingsOf("CKV2_AWS_28", [lb({ internal: false, loadBalancerType })]), []);
    for (const type of [
      "aws:wafv2/webAclAssociation:WebAclAssociation",
      "aws:wafregional/webAclAssociation:WebAclAssociation",
    ]) {
      const association = res(type, "waf", { resourceArn: "lb-id", webAclArn: "acl" });
      assert.deepEqual(await findingsOf("CKV2_AWS_28", [open, association]), [], type);
      const other = res(type, "waf", { resourceArn: "other-id", webAclArn: "acl" });
      assert.deepEqual(await findingsOf("CKV2_AWS_28", [open, other, res(LB, "other", goodLb)]), internet);
    }
    // A resource of another type that refers to the load balancer is no WAF.
    const rule = res("aws:lb/listener:Listener", "waf", { resourceArn: "lb-id" });
    assert.deepEqual(await findingsOf("CKV2_AWS_28", [open, rule]), internet);
    assert.deepEqual(notApplicableReasons("CKV2_AWS_28", [listener(httpsListener)]), [
      "no load balancer in the stack",
    ]);
  });

  it("CKV_AWS_91: in production, access logs are on only with enabled: true", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_91", [lb({}, ALB)], prod), []);
    for (const accessLogs of [undefined, { bucket: "logs" }, { bucket: "logs", enabled: false }]) {
      assert.deepEqual(await findingsOf("CKV_AWS_91", [lb({ accessLogs })], prod), [
        ["lb", "Access logs are off."],
      ]);
    }
    assert.deepEqual(notApplicableReasons("CKV_AWS_91", [lb({ accessLogs: undefined })]), [
      "not a production stack",
    ]);
  });

  it("CKV_AWS_150: in production, deletion protection must be true", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_150", [lb({}, ALB)], prod), []);
    for (const enableDeletionProtection of [undefined, false]) {
      assert.deepEqual(await findingsOf("CKV_AWS_150", [lb({ enableDeletionProtection })], prod), [
        ["lb", "Deletion protection is off in production."],
      ]);
    }
  });

  it("CKV_AWS_131: application load balancers (the default type) drop invalid headers; others are not checked", async () => {
    assert.deepEqual(await findingsOf("CKV_AWS_131", [lb({}, ALB)]), []);
    const forwarded = [["lb", "Invalid header fields are forwarded."]];
    assert.deepEqual(
      await findingsOf("CKV_AWS_131", [lb({ dropInvalidHeaderFields: undefined }, ALB)]),
      forwarded,
    );
    assert.deepEqual(
      await findingsOf("CKV_AWS_131", [lb({ dropInvalidHeaderFields: false, loadBalancerType: undefined })]),
      forwarded,
    );
    const network = lb({ dropInvalidHeaderFields: false, loadBalancerType: "network" });
    assert.deepEqual(await findingsOf("CKV_AWS_131", [network]), []);
    assert.deepEqual(notApplicableReasons("CKV_AWS_131", [network]), ["not an application load balancer"]);
    assert.deepEqual(notApplicableReasons("CKV_AWS_131", [listener(httpsListener)]), [
      `applies to aws:lb/loadBalancer:LoadBalancer, ${ALB}`,
    ]);
  });

  it("CKV_AWS_2: each passing protocol passes; HTTP passes only when its first action redirects to HTTPS", async () => {
    for (const protocol of ["HTTPS", "TLS", "TCP", "UDP", "TCP_UDP"]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_2", [listener({ protocol, defaultActions: [forward] })]),
        [],
        protocol,
      );
    }
    assert.deepEqual(await findingsOf("CKV_AWS_2", [http([redirect])]), []);
    assert.deepEqual(
      await findingsOf("CKV_AWS_2", [
        listener({ protocol: "HTTP", defaultActions: [redirect, forward] }, ALB_LISTENER),
      ]),
      [],
    );
    const serves = (protocol: string) => [
      ["l", `The listener serves ${protocol} without redirecting to HTTPS.`],
    ];
    for (const actions of [[forward], [forward, redirect], [toHttp], []]) {
      assert.deepEqual(
        await findingsOf("CKV_AWS_2", [http(actions)]),
        serves("HTTP"),
        JSON.stringify(actions),
      );
    }
    // No protocol is HTTP; an unknown protocol fails.
    assert.deepEqual(
      await findingsOf("CKV_AWS_2", [listener({ defaultActions: [forward] })]),
      serves("HTTP"),
    );
    assert.deepEqual(await findingsOf("CKV_AWS_2", [listener({ protocol: "GENEVE" })]), serves("GENEVE"));
  });

  it("CKV2_AWS_20: in production an HTTP listener redirects every action to HTTPS; other protocols are not checked", async () => {
    assert.deepEqual(await findingsOf("CKV2_AWS_20", [http([redirect])], prod), []);
    assert.deepEqual(await findingsOf("CKV2_AWS_20", [http([redirect, redirect])], prod), []);
    const serves = [["l", "The HTTP listener serves traffic instead of redirecting it to HTTPS."]];
    for (const actions of [[forward], [redirect, forward], [toHttp], []]) {
      assert.deepEqual(
        await findingsOf("CKV2_AWS_20", [http(actions)], prod),
        serves,
        JSON.stringify(actions),
      );
    }
    assert.deepEqual(
      await findingsOf("CKV2_AWS_20", [listener({ defaultActions: [forward] }, ALB_LISTENER)], prod),
      serves,
    );
    assert.deepEqual(
      await findingsOf("CKV2_AWS_20", [listener({ ...httpsListener, defaultActions: [forward] })], prod),
      [],
    );
    assert.deepEqual(notApplicableReasons("CKV2_AWS_20", [listener(httpsListener)], prod), [
      "not an HTTP listener",
    ]);
    assert.deepEqual(notApplicableReasons("CKV2_AWS_20", [http([forward])]), ["not a production stack"]);
  });

  it("CKV_AWS_103: HTTPS and TLS listeners need a TLS 1.2 policy; plain HTTP is checked in production only", async () => {
    for (const sslPolicy of [
      "ELBSecurityPolicy-TLS13-1-2-2021-06",
      "ELBSecurityPolicy-TLS-1-2-2017-01",
      "ELBSecurityPolicy-FS-1-2-Res-2020-10",
    ]) {
      for (const protocol of ["HTTPS", "TLS"]) {
        assert.deepEqual(
          await findingsOf("CKV_AWS_103", [listener({ ...httpsListener, protocol, sslPolicy })]),
          [],
        );
      }
    }
    assert.deepEqual(
      await findingsOf("CKV_AWS_103", [
        listener({ ...httpsListener, protocol: "TLS", sslPolicy: "ELBSecurityPolicy-2016-08" }),
      ]),
      [["l", "The listener's security policy ELBSecurityPolicy-2016-08 allows TLS 1.0."]],
    );
    assert.deepEqual(
      await findingsOf("CKV_AWS_103", [listener({ ...httpsListener, sslPolicy: undefined })]),
      [["l", "The listener's security policy (the default, ELBSecurityPolicy-2016-08) allows TLS 1.0."]],
    );
    const tcp = listener({ protocol: "TCP", defaultActions: [forward] });
    assert.deepEqual(notApplicableReasons("CKV_AWS_103", [tcp]), ["not an HTTPS or TLS listener"]);
    const serves = [["l", "The HTTP listener serves traffic instead of redirecting it to HTTPS."]];
    assert.deepEqual(
      await findingsOf("CKV_AWS_103", [listener({ defaultActions: [forward] })], prod),
      serves,
    );
    assert.deepEqual(await findingsOf("CKV_AWS_103", [http([redirect])], prod), []);
    assert.deepEqual(await findingsOf("CKV_AWS_103", [http([forward])]), []);
    assert.deepEqual(notApplicableReasons("CKV_AWS_103", [http([forward])]), ["not a production stack"]);
  });

  it("CKV2_AWS_28: an association that refers to no resource protects none", async () => {
    const loose = res("aws:wafv2/webAclAssociation:WebAclAssociation", "waf", {
      resourceArn: "arn:elsewhere",
    });
    assert.deepEqual(await findingsOf("CKV2_AWS_28", [lb({ internal: false }), loose]), [
      ["lb", "Load balancer lb is internet-facing without a WAF."],
    ]);
  });

  it("a redirect needs both the redirect type and the HTTPS protocol; a redirect without its block fails", async () => {
    const bare = { type: "redirect" };
    const forwardWithBlock = { type: "forward", redirect: { protocol: "HTTPS" } };
    const serves = [["l", "The HTTP listener serves traffic instead of redirecting it to HTTPS."]];
    for (const action of [bare, forwardWithBlock]) {
      assert.deepEqual(
        await findingsOf("CKV2_AWS_20", [http([action])], prod),
        serves,
        JSON.stringify(action),
      );
      assert.deepEqual(await findingsOf("CKV_AWS_2", [http([action])]), [
        ["l", "The listener serves HTTP without redirecting to HTTPS."],
      ]);
    }
  });
});

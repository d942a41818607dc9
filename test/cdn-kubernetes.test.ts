import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { childrenOf, findResource, type Graph } from "./support/harness";
import { edgeGraph } from "./support/edge-stacks";
import { checkKubernetesSchema, isKubernetesObject } from "../tools/harness/kube-schema";
import { configMapKey, NGINX_IMAGE, NGINX_UID } from "../components/cdn/kubernetes";
import { CACHE, HASHED_NAME, listSiteFiles } from "../components/cdn/site-files";

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const HEADERS = [
  'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
  'add_header X-Frame-Options "DENY" always;',
  'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
  'add_header X-Content-Type-Options "nosniff" always;',
];

/** The body of an nginx `location <match> { ... }` block. */
function location(conf: string, match: string): string {
  const start = conf.indexOf(`location ${match} {`);
  assert.notEqual(start, -1, `no location ${match}`);
  return conf.slice(start, conf.indexOf("\n  }", start));
}

for (const stack of ["dev", "prod"] as const) {
  describe(`cdn on kubernetes, ${stack} stack`, () => {
    let graph: Graph;
    before(async () => {
      graph = await edgeGraph(stack, "kubernetes");
    });
    const prod = stack === "prod";
    const k = (type: string, name: string) => findResource(graph, type, name).inputs as Obj;

    it("builds nginx's config and files, the Deployment, Service, Ingress and the ingress controller's path in", () => {
      const cdn = findResource(graph, "strata:cdn:Cdn", "cdn");
      assert.deepEqual(
        childrenOf(graph, cdn).map((r) => r.name),
        [
          "cdn-nginx",
          "cdn-site",
          "cdn-deployment",
          ...(prod ? ["cdn-disruption-budget"] : []),
          "cdn-service",
          "cdn-ingress",
          "cdn-allow-ingress",
        ],
      );
    });

    it("passes the Kubernetes OpenAPI schema, every object", () => {
      const cdn = findResource(graph, "strata:cdn:Cdn", "cdn");
      for (const resource of childrenOf(graph, cdn).filter(isKubernetesObject)) {
        const check = checkKubernetesSchema(resource);
        assert.equal(check.known, true, resource.name);
        assert.deepEqual(check.errors, [], resource.name);
      }
    });

    it("runs nginx unprivileged: non-root, no privilege escalation, no capabilities, read-only root", () => {
      const deployment = k("kubernetes:apps/v1:Deployment", "cdn-deployment");
      assert.equal(deployment.metadata.namespace, `strata-${stack}`);
      assert.equal(deployment.spec.replicas, prod ? 2 : 1);
      const pod = deployment.spec.template.spec;
      assert.equal(pod.automountServiceAccountToken, false);
      // kube-score container-security-context-user-group-id and Checkov CKV_K8S_40: ids of 10000 or more.
      assert.ok(NGINX_UID >= 10000);
      assert.deepEqual(pod.securityContext, {
        runAsNonRoot: true,
        runAsUser: NGINX_UID,
        runAsGroup: NGINX_UID,
        fsGroup: NGINX_UID,
        seccompProfile: { type: "RuntimeDefault" },
      });
      const [container] = pod.containers;
      assert.equal(container.image, NGINX_IMAGE);
      // Checkov CKV_K8S_43: the image by digest, the tag only for people.
      assert.match(
        container.image,
        /^docker\.io\/nginxinc\/nginx-unprivileged:1\.27-alpine@sha256:[a-f0-9]{64}$/,
      );
      assert.deepEqual(container.securityContext, {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
      });
      assert.ok(container.resources.requests.cpu && container.resources.limits.memory); // kube-linter unset-*-requirements
      // kube-score container-ephemeral-storage-request-and-limit, and room for the /tmp emptyDir in it.
      assert.equal(container.resources.requests["ephemeral-storage"], "32Mi");
      assert.equal(container.resources.limits["ephemeral-storage"], "64Mi");
      const tmp = pod.volumes.find((v: Obj) => v.name === "tmp");
      assert.deepEqual(tmp.emptyDir, { sizeLimit: "16Mi" });
      // Distinct probes (kube-score pod-probes-identical): ready on the health path, alive on the port.
      assert.deepEqual(container.readinessProbe, {
        httpGet: { path: "/healthz", port: "http" },
        periodSeconds: 10,
      });
      assert.deepEqual(container.livenessProbe, {
        tcpSocket: { port: "http" },
        periodSeconds: 10,
        failureThreshold: 3,
      });
    });

    it("serves every file of the site from the ConfigMap, each at its own path", () => {
      const files = listSiteFiles(`${process.cwd()}/frontend`);
      const site = k("kubernetes:core/v1:ConfigMap", "cdn-site");
      assert.deepEqual(
        site.data,
        Object.fromEntries(files.map((f) => [configMapKey(f.key), fs.readFileSync(f.absolutePath, "utf8")])),
      );
      const volume = k("kubernetes:apps/v1:Deployment", "cdn-deployment").spec.template.spec.volumes.find(
        (v: Obj) => v.name === "site",
      );
      assert.deepEqual(
        volume.configMap.items,
        files.map((f) => ({ key: configMapKey(f.key), path: f.key })),
      );
    });

    it("sends the CDN's cache and security headers: hashed assets immutable, HTML revalidated", () => {
      const conf = k("kubernetes:core/v1:ConfigMap", "cdn-nginx").data["default.conf"] as string;
      const hashed = location(conf, `~ "(${HASHED_NAME.source})|(^/assets/)"`);
      const html = location(conf, '~ "\\.html$"');
      const rest = location(conf, "/");
      for (const [block, cache] of [
        [hashed, CACHE.immutable],
        [html, CACHE.revalidate],
        [rest, CACHE.short],
      ]) {
        for (const header of HEADERS) assert.ok(block.includes(header), `${header} in\n${block}`);
        assert.ok(block.includes(`add_header Cache-Control "${cache}" always;`), block);
        assert.match(block, /add_header Content-Security-Policy "default-src 'self';/);
      }
      // Single-page app fallback (the presets turn it on): unknown paths get index.html.
      assert.ok(rest.includes("try_files $uri /index.html;"));
      assert.match(conf, /listen 8080;/);
    });

    it("routes / on the shared ingress class to the Service, and admits only the ingress controller", () => {
      const ingress = k("kubernetes:networking.k8s.io/v1:Ingress", "cdn-ingress");
      assert.equal(ingress.spec.ingressClassName, "nginx");
      assert.deepEqual(ingress.spec.rules[0].http.paths, [
        { path: "/", pathType: "Prefix", backend: { service: { name: "frontend", port: { name: "http" } } } },
      ]);
      assert.equal(ingress.spec.rules[0].host, prod ? "www.example.org" : undefined);
      assert.deepEqual(
        ingress.spec.tls,
        prod ? [{ hosts: ["www.example.org"], secretName: "frontend-tls" }] : undefined,
      );
      // prod's Secret is cert-manager's to write, with the services' ClusterIssuer (Pulumi.prod.yaml).
      assert.deepEqual(
        ingress.metadata.annotations,
        prod ? { "cert-manager.io/cluster-issuer": "letsencrypt-prod" } : undefined,
      );
      const service = k("kubernetes:core/v1:Service", "cdn-service");
      assert.deepEqual(service.spec.ports, [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }]);
      const policy = k("kubernetes:networking.k8s.io/v1:NetworkPolicy", "cdn-allow-ingress");
      assert.deepEqual(policy.spec.ingress, [
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "ingress-nginx" } } }],
          ports: [{ protocol: "TCP", port: 8080 }],
        },
      ]);
      assert.deepEqual(policy.spec.podSelector.matchLabels, service.spec.selector);
    });

    it("exports the site's URL in prod (its domain) and the Service's name", () => {
      assert.deepEqual(graph.outputs.cdn, {
        url: prod ? "https://www.example.org" : undefined,
        serviceName: "frontend",
      });
    });
  });
}

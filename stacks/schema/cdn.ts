import { z } from "zod";
import { flag, matching, oneOf, section, text, wholeNumber } from "./primitives";

export const PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;
export type PriceClass = (typeof PRICE_CLASSES)[number];

/** A fully qualified DNS name of at least two labels, lower case, without a trailing dot. */
export const hostname = matching(
  /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/,
  "a lower-case DNS name such as www.example.org",
);

/** The static front end and the CDN in front of it. */
export const cdnSection = section({
  /** Directory of the built front end, relative to the project; it must contain index.html. */
  siteDir: text("a directory of the built front end, relative to the project"),
  /** The public name of the site; CloudFront's own name (and the ingress's default host) when unset. */
  domain: hostname.optional(),
  /** Route 53 public zone that holds `domain` (for the certificate's validation and the alias records). */
  hostedZone: hostname.optional(),
  /** Serve index.html for paths that are not files, so a single-page app's client-side routes load. */
  spaFallback: flag,
  /**
   * Send HSTS `preload` from CloudFront (Checkov CKV_AWS_259): only for a domain whose owner submits it to
   * hstspreload.org. aws only so far: nginx on kubernetes sends HSTS without it.
   */
  hstsPreload: flag.default(false),
  /** CloudFront edge locations (cost against reach). */
  priceClass: oneOf(PRICE_CLASSES),
  /** A WAF web ACL on the distribution (Checkov CKV_AWS_68). */
  waf: section({
    enabled: flag,
    /** Requests one client IP may make in 5 minutes before WAF blocks it. */
    ratePerFiveMinutes: wholeNumber(100, 2_000_000_000),
  }),
  /** The kubernetes target: how nginx serves the files. */
  kubernetes: section({
    /** nginx replicas behind the Service. */
    replicas: wholeNumber(1, 20),
    /** An image that already holds the site (under /usr/share/nginx/html); the files go in a ConfigMap when unset. */
    image: text("a container image reference").optional(),
    /**
     * An existing TLS Secret for `domain` in the namespace; unset, cert-manager issues `frontend-tls` with
     * compute.kubernetes.tls.clusterIssuer. A prod stack with a domain needs one of them.
     */
    tlsSecretName: text("a Secret name").optional(),
  }),
});

export const cdnShape = { cdn: cdnSection };
export type CdnSettings = z.output<typeof cdnSection>;

/**
 * A CloudFront Function (viewer request, default behaviour only) that sends paths without a file extension to
 * /index.html. Unlike custom error responses it leaves `/api/*` errors alone and keeps real 404s of assets.
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.indexOf(".", uri.lastIndexOf("/")) === -1) {
    request.uri = "/index.html";
  }
  return request;
}
`;

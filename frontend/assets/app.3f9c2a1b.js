// The example front end's script: asks the API (routed by the CDN under /api/) whether it is up.
const status = document.getElementById("api-status");
fetch("/api/health", { headers: { accept: "application/json" } })
  .then((response) => {
    status.textContent = response.ok ? "The API is up." : `The API answered ${response.status}.`;
  })
  .catch(() => {
    status.textContent = "The API is not reachable yet.";
  });

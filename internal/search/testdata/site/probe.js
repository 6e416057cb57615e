// Records what the test checks afterwards: Content-Security-Policy
// violations and uncaught errors.
window.problems = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.problems.push("CSP: " + e.violatedDirective + " " + e.blockedURI);
});
window.addEventListener("error", function (e) { window.problems.push("error: " + e.message); });
window.addEventListener("unhandledrejection", function (e) { window.problems.push("rejection: " + e.reason); });

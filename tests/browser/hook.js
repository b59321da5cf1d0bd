// Injected first into a copy of a report under test: records every console
// error or warning, uncaught exception and failed load.
(function () {
  "use strict";
  var log = (window.__spErrors = []);
  ["error", "warn"].forEach(function (level) {
    var orig = console[level];
    console[level] = function () {
      log.push(level + ": " + Array.prototype.join.call(arguments, " "));
      return orig.apply(console, arguments);
    };
  });
  window.addEventListener("error", function (e) {
    var t = e.target;
    log.push(t && t !== window ? "failed to load " + (t.src || t.href || t.tagName) : "uncaught: " + e.message);
  }, true);
  window.addEventListener("unhandledrejection", function (e) {
    log.push("unhandled rejection: " + e.reason);
  });
})();

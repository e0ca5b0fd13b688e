/* Loaded (deferred) right after htmx and before it initialises on DOMContentLoaded. */
(function () {
  "use strict";
  if (window.htmx) {
    // htmx would otherwise inject an inline <style>, which our CSP (style-src 'self') blocks.
    window.htmx.config.includeIndicatorStyles = false;
    window.htmx.config.allowEval = false;
    window.htmx.config.allowScriptTags = false;
    window.htmx.config.selfRequestsOnly = true;
  }

  // After a failed submit the error summary takes focus, so screen readers announce it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  });
  // The same when htmx swaps in a result that needs attention (an import's report).
  document.addEventListener("htmx:afterSwap", function (event) {
    var summary = event.target.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  });
})();

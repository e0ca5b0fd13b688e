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
  // The same when htmx swaps in a result that needs attention (an import's report, a
  // submitted search). Not for results updated while someone types or chooses (the live
  // search): moving their focus then would be a change of context on input (WCAG 3.2.2),
  // and the next key would land elsewhere.
  var LIVE = { input: true, change: true, keyup: true };
  document.addEventListener("htmx:afterSwap", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (trigger && LIVE[trigger.type]) {
      return;
    }
    var summary = event.target.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  });

  // A live form (data-live-results) updates its results as the visitor types and chooses.
  // Its requests run one after the other; an answer to a request sent before the visitor
  // changed the form again is not swapped in: the newer request follows, and the older
  // answer would reset what they just chose (the facets come back with it).
  var changedAt = new WeakMap();
  var sentAt = new WeakMap();
  function liveForm(element) {
    var form = element && element.closest ? element.closest("form") : null;
    return form && form.hasAttribute("data-live-results") ? form : null;
  }
  function noteChange(event) {
    var form = liveForm(event.target);
    if (form) {
      changedAt.set(form, performance.now());
    }
  }
  document.addEventListener("input", noteChange, true);
  document.addEventListener("change", noteChange, true);
  document.addEventListener("htmx:beforeRequest", function (event) {
    sentAt.set(event.detail.xhr, performance.now());
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var config = event.detail.requestConfig;
    var form = config ? liveForm(config.elt) : null;
    var sent = sentAt.get(event.detail.xhr);
    if (form && sent !== undefined && (changedAt.get(form) || 0) > sent) {
      event.detail.shouldSwap = false;
    }
  });
})();

/* Draws every element with data-chart-src (maps and charts of regional insight): fetches the
   Vega-Lite spec (same origin) and renders it with vega-embed, interpreting expressions with
   vega-interpreter, so the Content-Security-Policy needs no 'unsafe-eval'. Hover details come
   from vega-tooltip without its injected stylesheet (insights.css styles it). The table beside
   each map has the same numbers; when drawing fails the table is still there. */
(function () {
  "use strict";

  function draw(element) {
    var options = {
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter,
      actions: false,
      renderer: "svg",
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true }
    };
    fetch(element.getAttribute("data-chart-src"), {
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("chart " + response.status);
        }
        return response.json();
      })
      .then(function (spec) {
        return window.vegaEmbed(element, spec, options);
      })
      .then(function () {
        element.setAttribute("data-chart-state", "drawn");
      })
      .catch(function () {
        element.setAttribute("data-chart-state", "failed");
      });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!window.vegaEmbed || !window.vegaInterpreter) {
      return;
    }
    var charts = document.querySelectorAll("[data-chart-src]");
    for (var i = 0; i < charts.length; i += 1) {
      draw(charts[i]);
    }
  });
})();

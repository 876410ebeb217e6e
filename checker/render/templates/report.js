/* Folded full texts open when a link points into them (a quote's "show in the full text"). */
(function () {
  "use strict";
  function reveal(hash) {
    if (!hash || hash.length < 2) { return; }
    var target = document.getElementById(decodeURIComponent(hash.slice(1)));
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS" && !el.open) { el.open = true; }
    }
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (link) { reveal(link.getAttribute("href")); }
  });
  window.addEventListener("hashchange", function () { reveal(location.hash); });
  reveal(location.hash);
})();

/* Filters for the findings: plain DOM, no framework. Without JavaScript the form stays hidden and
   every finding is shown. Within one group of checkboxes any checked value matches; the groups
   combine with AND. The review app's script fires "decision-change" so filters follow new states. */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var findings = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".finding-group"));
  var counter = document.getElementById("filter-count");

  function checked(name) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[name='" + name + "']:checked"), function (input) {
      values[input.value] = true;
    });
    return values;
  }

  function sourcesOf(el) {
    try { return JSON.parse(el.getAttribute("data-sources") || "[]"); } catch (e) { return []; }
  }

  function apply() {
    var rule = checked("rule"), severity = checked("severity"), source = checked("source"), state = checked("state");
    var byState = form.querySelector("input[name='state']") !== null;  // only where decisions are shown
    var shown = 0;
    findings.forEach(function (el) {
      var visible = rule[el.getAttribute("data-rule")] === true &&
        severity[el.getAttribute("data-severity")] === true &&
        (!byState || state[el.getAttribute("data-state")] === true) &&
        sourcesOf(el).some(function (s) { return source[s] === true; });
      el.hidden = !visible;
      if (visible) { shown += 1; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("article.finding:not([hidden])"); });
    if (counter) { counter.textContent = shown + " of " + findings.length + " findings shown"; }
  }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  document.addEventListener("decision-change", apply);
  apply();
})();

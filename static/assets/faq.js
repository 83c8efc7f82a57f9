// Filters the trust center's questions and answers as the reader types (no fetch(), works
// from file://). Matching answers open; topics with no match are hidden. A question linked
// by its anchor (faq.html#q-...) opens too.
(function () {
  "use strict";

  // Whether every word of the query starts a word of the text, ignoring case: "encrypt"
  // matches "encryption", "SSO" matches "(SSO)" but not "processor". A word starts after
  // anything that is not a letter or digit; the query's words are split at spaces.
  function matches(text, query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var lower = text.toLowerCase();
    return words.every(function (w) {
      var escaped = w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return new RegExp("(^|[^\\p{L}\\p{N}])" + escaped, "u").test(lower);
    });
  }
  // For the tests (tests/portal/search_index.rs runs it under node).
  if (typeof window !== "undefined") { window.TRACEMARK_FAQ_MATCHES = matches; }
  if (typeof document === "undefined") { return; }

  var input = document.getElementById("faq-filter");
  var status = document.getElementById("faq-status");
  var items = Array.prototype.slice.call(document.querySelectorAll(".faq-item"));
  var topics = Array.prototype.slice.call(document.querySelectorAll(".faq-topic"));
  if (!input) { return; }
  var form = input.form;
  if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); }); }

  function run() {
    var query = input.value.trim();
    var shown = 0;
    items.forEach(function (item) {
      var hit = matches(item.textContent, query);
      item.hidden = !hit;
      item.open = hit && query.length > 0;
      if (hit) { shown += 1; }
    });
    topics.forEach(function (topic) {
      topic.hidden = topic.querySelector(".faq-item:not([hidden])") === null;
    });
    status.textContent = query.length === 0 ? "" :
      (shown === 0 ? "No question matches." : shown + " question" + (shown === 1 ? "" : "s") + " match" + (shown === 1 ? "es." : "."));
  }

  // Opens the question the address names (a search result links it).
  function openLinked() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var item = id ? document.getElementById(id) : null;
    if (item && item.classList.contains("faq-item")) {
      item.hidden = false;
      item.open = true;
      if (item.parentElement) { item.parentElement.hidden = false; }
      item.scrollIntoView();
    }
  }

  input.addEventListener("input", run);
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  run();
  openLinked();
  window.addEventListener("hashchange", openLinked);
})();

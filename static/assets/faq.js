// Filters the trust center's questions and answers as the reader types (no fetch(), works
// from file://). Matching answers open; topics with no match are hidden.
(function () {
  "use strict";
  var input = document.getElementById("faq-filter");
  var status = document.getElementById("faq-status");
  var items = Array.prototype.slice.call(document.querySelectorAll(".faq-item"));
  var topics = Array.prototype.slice.call(document.querySelectorAll(".faq-topic"));
  if (!input) { return; }
  var form = input.form;
  if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); }); }

  function run() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    items.forEach(function (item) {
      var hit = words.every(function (w) { return item.textContent.toLowerCase().indexOf(w) !== -1; });
      item.hidden = !hit;
      item.open = hit && words.length > 0;
      if (hit) { shown += 1; }
    });
    topics.forEach(function (topic) {
      topic.hidden = topic.querySelector(".faq-item:not([hidden])") === null;
    });
    status.textContent = words.length === 0 ? "" :
      (shown === 0 ? "No question matches." : shown + " question" + (shown === 1 ? "" : "s") + " match.");
  }

  input.addEventListener("input", run);
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  run();
})();

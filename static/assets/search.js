// Offline search over window.TRACEMARK_SEARCH (loaded from search-index.js, no fetch()).
(function () {
  "use strict";
  var input = document.getElementById("search");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var entries = window.TRACEMARK_SEARCH || [];
  if (!input || !list) { return; }

  function run() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (words.length === 0) { status.textContent = ""; return; }
    var hits = entries.filter(function (e) {
      var hay = (e.t + " " + e.x + " " + e.k).toLowerCase();
      return words.every(function (w) { return hay.indexOf(w) !== -1; });
    }).slice(0, 50);
    hits.forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = e.u;
      a.textContent = e.t;
      var kind = document.createElement("span");
      kind.className = "muted";
      kind.textContent = " " + e.k;
      li.appendChild(a);
      li.appendChild(kind);
      list.appendChild(li);
    });
    status.textContent = hits.length === 0 ? "No results." : hits.length + " result" + (hits.length === 1 ? "" : "s") + ".";
  }

  input.addEventListener("input", run);
  var q = new URLSearchParams(window.location.search).get("q");
  if (q) { input.value = q; }
  run();
})();

// Full-text search over the prebuilt elasticlunr index in search-index.js.
// Both scripts load only when the reader starts to search, as <script> elements (not
// fetch()), so search works from file:// too. Every form with data-search is wired: the
// search box in each page's header (a short list under it) and the one on search.html.
(function () {
  "use strict";

  // The ranked results of a query over a loaded index and its docs ([title, url, kind, ids,
  // snippet, rank]). Order: an exact id match, then an exact title, then the document's rank
  // (3 FAQ answers, 2 what the trust center publishes: control statements, subprocessors,
  // documents, policies, pages, AI system cards; 1 registers; 0 framework reference pages and
  // everything in the internal and auditor builds), then relevance (elasticlunr's score, with
  // a title that holds the query first).
  function searchIn(index, docs, query, limit) {
    var q = query.trim();
    if (!index || q.length === 0) { return []; }
    var lower = q.toLowerCase();
    var exactId = function (d) { return d[3].toLowerCase().split(/\s+/).indexOf(lower) !== -1; };
    var hits = index.search(q, {
      fields: { ids: { boost: 4 }, title: { boost: 3 }, body: { boost: 1 } },
      bool: "AND",
      expand: true
    });
    var ranked = hits.map(function (h) {
      var d = docs[+h.ref];
      var title = d[0].toLowerCase();
      var exact = exactId(d) ? 2 : title === lower ? 1 : 0;
      var score = h.score + (title.indexOf(lower) !== -1 ? 1000 : 0);
      return { doc: d, exact: exact, rank: d[5] || 0, score: score };
    });
    // Exact id matches the index missed (ids with punctuation) still come first.
    docs.forEach(function (d) {
      if (exactId(d) && !ranked.some(function (r) { return r.doc === d; })) {
        ranked.push({ doc: d, exact: 2, rank: d[5] || 0, score: 0 });
      }
    });
    ranked.sort(function (a, b) {
      return (b.exact - a.exact) || (b.rank - a.rank) || (b.score - a.score);
    });
    return ranked.slice(0, limit);
  }
  // For other scripts and the tests (tests/portal/search_index.rs runs it under node).
  window.TRACEMARK_SEARCH_RANKED = searchIn;

  var forms = document.querySelectorAll("form[data-search]");
  if (forms.length === 0) { return; }
  var root = forms[0].getAttribute("data-root") || "";
  var index = null;
  var docs = [];
  var loading = null;
  var waiting = [];

  function loadScript(src, done) {
    var s = document.createElement("script");
    s.src = root + src;
    s.onload = done;
    s.onerror = function () { done(new Error("cannot load " + src)); };
    document.head.appendChild(s);
  }

  // Loads elasticlunr and the index once, then calls every waiting callback.
  function ready(callback) {
    if (index) { callback(); return; }
    waiting.push(callback);
    if (loading) { return; }
    loading = true;
    loadScript("assets/elasticlunr.min.js", function () {
      loadScript("search-index.js", function () {
        var data = window.TRACEMARK_SEARCH;
        if (data && window.elasticlunr) {
          index = window.elasticlunr.Index.load(data.index);
          docs = data.docs;
        }
        var calls = waiting;
        waiting = [];
        calls.forEach(function (c) { c(); });
      });
    });
  }

  function search(query, limit) {
    return searchIn(index, docs, query, limit);
  }

  // Appends text to el with every query word (or word start) wrapped in <mark>.
  function highlight(el, text, words) {
    if (words.length === 0) { el.appendChild(document.createTextNode(text)); return; }
    var pattern = new RegExp("(" + words.map(function (w) {
      return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|") + ")", "ig");
    var last = 0;
    text.replace(pattern, function (match, _g, offset) {
      el.appendChild(document.createTextNode(text.slice(last, offset)));
      var mark = document.createElement("mark");
      mark.textContent = match;
      el.appendChild(mark);
      last = offset + match.length;
      return match;
    });
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  // The part of the body around the first query word, about 160 characters.
  function snippet(body, words) {
    var lower = body.toLowerCase();
    var at = -1;
    words.forEach(function (w) {
      var i = lower.indexOf(w.toLowerCase());
      if (i !== -1 && (at === -1 || i < at)) { at = i; }
    });
    if (at === -1) { return body.length > 160 ? body.slice(0, 160) + "…" : body; }
    var start = Math.max(0, at - 60);
    var end = Math.min(body.length, at + 100);
    return (start > 0 ? "…" : "") + body.slice(start, end) + (end < body.length ? "…" : "");
  }

  function render(form, list, status, limit) {
    var input = form.querySelector("input[type=search]");
    var query = input.value;
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
    var hits = search(query, limit);
    list.textContent = "";
    hits.forEach(function (h) {
      var d = h.doc;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + d[1];
      a.className = "search-hit";
      var title = document.createElement("span");
      title.className = "search-title";
      highlight(title, d[0], words);
      var kind = document.createElement("span");
      kind.className = "search-kind";
      kind.textContent = d[2];
      a.appendChild(title);
      a.appendChild(kind);
      li.appendChild(a);
      if (d[4]) {
        var p = document.createElement("p");
        p.className = "search-snippet";
        highlight(p, snippet(d[4], words), words);
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    var empty = query.trim() === "";
    list.hidden = empty;
    if (status) {
      status.textContent = empty ? "" :
        hits.length === 0 ? "No results for \u201c" + query.trim() + "\u201d." :
        hits.length + " result" + (hits.length === 1 ? "" : "s") + (hits.length === limit ? " shown" : "") + ".";
    }
    // search.html's suggestions (where else to look, example queries) show when nothing matched.
    var none = document.getElementById(form.getAttribute("data-empty"));
    if (none) { none.hidden = empty || hits.length > 0; }
  }

  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input[type=search]");
    var list = document.getElementById(form.getAttribute("data-results"));
    var status = document.getElementById(form.getAttribute("data-status"));
    var limit = +(form.getAttribute("data-limit") || 8);
    if (!input || !list) { return; }
    var timer = null;
    function run() {
      clearTimeout(timer);
      timer = setTimeout(function () { ready(function () { render(form, list, status, limit); }); }, 60);
    }
    input.addEventListener("focus", function () { ready(function () {}); });
    input.addEventListener("input", run);
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { input.value = ""; run(); }
    });
    if (form.hasAttribute("data-query-from-url")) {
      var q = new URLSearchParams(window.location.search).get("q");
      if (q) { input.value = q; run(); }
    }
  });
})();

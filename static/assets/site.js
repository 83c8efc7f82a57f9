// Progressive enhancements for every page; without JavaScript every page reads in full.
// - the phone menu button collapses the section navigation;
// - Markdown headings get a "#" link to their section;
// - wide tables get a label per cell (for stacked rows on phones);
// - tables marked data-sortable sort by any column; th[data-filter] columns get a filter;
//   the view is kept in the URL fragment (#sort=2-desc&status=open) so it can be shared.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Phone menu.
  var toggle = document.querySelector(".menu-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
  }

  // The page tree, from the edition's shared assets/nav.js (window.tracemarkNav: a folder
  // is {t: title, u: url, c: entries}, a page {t, u}). It opens the folders on the way to this
  // page and marks it, found from the page's own address (file:// too). Without JavaScript
  // the breadcrumbs and the folders' index pages lead to the same pages.
  var WINDOW = 40;
  var holder = document.querySelector("[data-page-tree]");
  var search = document.querySelector("[data-root]");
  if (holder && window.tracemarkNav) {
    var root = search ? search.getAttribute("data-root") : "";
    var here = window.location.href.split("#")[0].split("?")[0];
    var base = new URL(root || "./", here).href;
    var current = here.indexOf(base) === 0 ? decodeURI(here.slice(base.length)) : "";
    if (current === "" || current.charAt(current.length - 1) === "/") { current += "index.html"; }
    var holds = function (entry) {
      if (entry.u === current) { return true; }
      return !!entry.c && entry.c.some(holds);
    };
    var link = function (entry, cls) {
      var a = document.createElement("a");
      a.href = root + entry.u;
      a.textContent = entry.t;
      if (cls) { a.className = cls; }
      if (entry.u === current) { a.setAttribute("aria-current", "page"); }
      return a;
    };
    var item = function (child) {
      var li = document.createElement("li");
      li.appendChild(child);
      return li;
    };
    var more = function (n, folder) {
      var li = item(link({ t: n + " more in " + folder.t, u: folder.u }));
      li.className = "nav-more";
      return li;
    };
    var list = function (folder, own) {
      var ul = document.createElement("ul");
      ul.className = "nav-tree";
      var entries = folder.c;
      var active = Math.max(0, entries.findIndex(holds));
      var from = entries.length <= WINDOW ? 0 : Math.min(Math.max(0, active - WINDOW / 2), entries.length - WINDOW);
      var to = Math.min(entries.length, from + WINDOW);
      if (own) { ul.appendChild(item(link(folder))); }
      if (from > 0) { ul.appendChild(more(from, folder)); }
      entries.slice(from, to).forEach(function (entry) {
        if (entry.c && holds(entry)) {
          var details = document.createElement("details");
          var summary = document.createElement("summary");
          details.open = true;
          summary.textContent = entry.t;
          details.appendChild(summary);
          details.appendChild(list(entry, true));
          ul.appendChild(item(details));
        } else {
          ul.appendChild(item(link(entry, entry.c ? "nav-folder" : "")));
        }
      });
      if (to < entries.length) { ul.appendChild(more(entries.length - to, folder)); }
      return ul;
    };
    if (holds(window.tracemarkNav)) { holder.appendChild(list(window.tracemarkNav, false)); }
  }

  // A "#" link beside each heading of a Markdown text, to copy a link to its section (the
  // table of contents links the same headings without JavaScript).
  Array.prototype.forEach.call(document.querySelectorAll(".prose :is(h1, h2, h3, h4, h5, h6)[id]"), function (h) {
    var a = document.createElement("a");
    a.className = "heading-anchor";
    a.href = "#" + h.id;
    a.setAttribute("aria-label", "Link to this section");
    a.textContent = "#";
    h.appendChild(document.createTextNode(" "));
    h.appendChild(a);
  });

  // Each cell names its column, for stacked rows on narrow screens.
  Array.prototype.forEach.call(document.querySelectorAll("table.data"), function (table) {
    var heads = table.querySelectorAll("thead th");
    if (heads.length === 0) { return; }
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (tr) {
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (!cell.hasAttribute("data-label") && heads[i] && !cell.hasAttribute("colspan")) {
          cell.setAttribute("data-label", heads[i].textContent.trim());
        }
      });
    });
  });

  function cellValue(tr, col) {
    var cell = tr.children[col];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-value");
    return v !== null ? v : cell.textContent.trim();
  }

  function sortKey(tr, col) {
    var cell = tr.children[col];
    if (!cell) { return ""; }
    var v = cell.getAttribute("data-sort");
    return v !== null ? v : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.split(" ")[0] && String(y) === b.split(" ")[0]) { return x - y; }
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function readState() {
    var state = {};
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") === -1) { return state; }
    hash.split("&").forEach(function (pair) {
      var kv = pair.split("=");
      if (kv.length === 2) { state[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1]); }
    });
    return state;
  }

  function writeState(state) {
    var parts = Object.keys(state).filter(function (k) { return state[k]; }).map(function (k) {
      return encodeURIComponent(k) + "=" + encodeURIComponent(state[k]);
    });
    if (parts.length === 0 && window.location.hash.indexOf("=") === -1) { return; }
    var url = window.location.pathname + window.location.search + (parts.length ? "#" + parts.join("&") : "");
    try { window.history.replaceState(null, "", url); } catch (e) { window.location.hash = parts.join("&"); }
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr:not(.group-row)"));
    var groups = Array.prototype.slice.call(table.querySelectorAll("tbody tr.group-row"));
    // Where each row was, to restore the grouped order when sorting is reset.
    var original = Array.prototype.slice.call(table.querySelectorAll("tbody tr")).map(function (tr) {
      return [tr, tr.parentNode];
    });
    var state = readState();
    var selects = {};
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var status = document.createElement("p");
    status.className = "table-status muted";
    status.setAttribute("aria-live", "polite");

    heads.forEach(function (th, col) {
      var key = th.getAttribute("data-filter");
      if (!key) { return; }
      var values = {};
      rows.forEach(function (tr) {
        cellValue(tr, col).split(/\s*,\s*/).forEach(function (v) { if (v) { values[v] = true; } });
      });
      var label = document.createElement("label");
      label.className = "table-filter";
      var span = document.createElement("span");
      span.textContent = th.textContent.trim();
      var select = document.createElement("select");
      select.setAttribute("data-key", key);
      select.setAttribute("data-col", col);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = "All";
      select.appendChild(all);
      Object.keys(values).sort(function (a, b) { return compare(a, b); }).forEach(function (v) {
        var o = document.createElement("option");
        o.value = v;
        o.textContent = v;
        select.appendChild(o);
      });
      if (state[key] && values[state[key]]) { select.value = state[key]; }
      select.addEventListener("change", apply);
      label.appendChild(span);
      label.appendChild(select);
      tools.appendChild(label);
      selects[key] = select;
    });

    heads.forEach(function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      var icon = document.createElement("span");
      icon.className = "sort-icon";
      icon.setAttribute("aria-hidden", "true");
      button.appendChild(icon);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        state.sort = col + "-" + (current === "ascending" ? "desc" : "asc");
        apply();
      });
    });

    // On phones the header row is hidden (rows stack), so sorting is offered as a list too.
    var sortLabel = document.createElement("label");
    sortLabel.className = "table-filter table-sort";
    var sortSpan = document.createElement("span");
    sortSpan.textContent = "Sort by";
    var sortSelect = document.createElement("select");
    var none = document.createElement("option");
    none.value = "";
    none.textContent = "Original order";
    sortSelect.appendChild(none);
    heads.forEach(function (th, col) {
      var name = th.textContent.trim();
      var directions = [
        ["asc", " (A to Z, low to high)"],
        ["desc", " (Z to A, high to low)"]
      ];
      directions.forEach(function (d) {
        var o = document.createElement("option");
        o.value = col + "-" + d[0];
        o.textContent = name + d[1];
        sortSelect.appendChild(o);
      });
    });
    sortSelect.addEventListener("change", function () { state.sort = sortSelect.value; apply(); });
    sortLabel.appendChild(sortSpan);
    sortLabel.appendChild(sortSelect);
    tools.appendChild(sortLabel);

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "table-reset";
    reset.textContent = "Reset view";
    reset.addEventListener("click", function () {
      Object.keys(selects).forEach(function (k) { selects[k].value = ""; });
      state.sort = "";
      sortSelect.value = "";
      apply();
    });
    tools.appendChild(reset);
    tools.appendChild(status);
    var anchor = table.closest(".table-scroll") || table;
    anchor.parentNode.insertBefore(tools, anchor);

    function apply() {
      var shown = 0;
      rows.forEach(function (tr) {
        var ok = Object.keys(selects).every(function (k) {
          var want = selects[k].value;
          if (!want) { return true; }
          var col = +selects[k].getAttribute("data-col");
          return cellValue(tr, col).split(/\s*,\s*/).indexOf(want) !== -1;
        });
        tr.hidden = !ok;
        if (ok) { shown += 1; }
      });
      Object.keys(selects).forEach(function (k) { state[k] = selects[k].value; });
      heads.forEach(function (th) { th.removeAttribute("aria-sort"); });
      var sort = /^(\d+)-(asc|desc)$/.exec(state.sort || "");
      if (sort) {
        var col = +sort[1], dir = sort[2] === "asc" ? 1 : -1;
        if (heads[col]) { heads[col].setAttribute("aria-sort", dir === 1 ? "ascending" : "descending"); }
        var sorted = rows.slice().sort(function (a, b) { return dir * compare(sortKey(a, col), sortKey(b, col)); });
        groups.forEach(function (g) { g.hidden = true; });
        sorted.forEach(function (tr) { body.appendChild(tr); });
      } else {
        state.sort = "";
        original.forEach(function (pair) { pair[1].appendChild(pair[0]); });
        groups.forEach(function (g) { g.hidden = false; });
      }
      sortSelect.value = state.sort || "";
      status.textContent = shown + " of " + rows.length + " rows shown.";
      writeState(state);
    }
    apply();
  });
})();

// The trust center's "Request access" links: on documents.html, each document under NDA has
// a checkbox; the titles ticked fill the body of every `a[data-request-link]` mailto (the
// header's button and the one in #request). The choice is kept for the visit
// (sessionStorage), so the header's button carries it from any page. Without JavaScript
// each link opens a message to fill in, and each document has its own request link.
// No inline script, no fetch(): works under a strict Content-Security-Policy and from file://.
(function () {
  "use strict";
  var KEY = "trust-request-titles";
  var SUBJECT = "Document access request";
  // Percent-encodes as the build does (RFC 6068): every byte but A-Z a-z 0-9 - . _ ~
  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  // The same message as the build's `request_mailto` (src/plan/trust/documents.rs).
  function href(address, titles) {
    var list = titles.length === 0
      ? "- (the documents you need, from the Documents page)"
      : titles.map(function (t) { return "- " + t; }).join("\n");
    var body = "Hello,\n\nPlease share these documents with us:\n" + list +
      "\n\nName:\nCompany:\nRole:\n\nThank you.";
    return "mailto:" + address + "?subject=" + encode(SUBJECT) + "&body=" + encode(body);
  }

  // Outside a browser (the build's tests run it in Node): the message builder only.
  if (typeof document === "undefined") {
    if (typeof module !== "undefined") { module.exports = { href: href }; }
    return;
  }
  var links = Array.prototype.slice.call(document.querySelectorAll("a[data-request-link]"));
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input[data-request-title]"));
  var counts = Array.prototype.slice.call(document.querySelectorAll("[data-request-count]"));
  if (links.length === 0) { return; }

  function stored() {
    try {
      var list = JSON.parse(window.sessionStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (t) { return typeof t === "string"; }) : [];
    } catch (e) {
      return [];
    }
  }

  function store(titles) {
    try { window.sessionStorage.setItem(KEY, JSON.stringify(titles)); } catch (e) { /* private mode */ }
  }

  function update(titles) {
    links.forEach(function (link) {
      var address = link.getAttribute("href").replace(/^mailto:/, "").split("?")[0];
      link.setAttribute("href", href(address, titles));
      var label = link.getAttribute("data-request-label") || link.textContent;
      link.setAttribute("data-request-label", label);
      link.textContent = titles.length > 0 ? label + " (" + titles.length + ")" : label;
    });
    counts.forEach(function (c) {
      c.textContent = titles.length === 0 ? "No document chosen yet."
        : titles.length + (titles.length === 1 ? " document chosen: " : " documents chosen: ") + titles.join(", ");
    });
  }

  var chosen = stored();
  if (boxes.length > 0) {
    // On the documents page the checkboxes are the truth; titles no longer offered drop out.
    var offered = boxes.map(function (b) { return b.value; });
    chosen = chosen.filter(function (t) { return offered.indexOf(t) !== -1; });
    boxes.forEach(function (box) {
      box.checked = chosen.indexOf(box.value) !== -1;
      box.addEventListener("change", function () {
        chosen = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
        store(chosen);
        update(chosen);
      });
    });
    store(chosen);
  }
  update(chosen);
}());

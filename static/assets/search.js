// Full-text search over the sharded index under search/ (src/render/search_index writes it).
// Every file loads as a <script> element (not fetch()), so search works from file:// too, and
// only when needed: the manifest (search/index.js) when the reader starts to search, then per
// query the files of its words, its exact-match file, and the titles and display fields of the
// documents it shows. Results and their order are those elasticlunr.js gave on the whole index
// (the same query pipeline and scoring, below); tests/portal/search_shards.rs and the unit
// tests of src/render/search_index check that on many queries. Every form with data-search is
// wired: the search box in each page's header (a short list under it) and the one on search.html.
(function () {
  "use strict";

  // ---- elasticlunr's query pipeline, unchanged (elasticlunr 0.9.5, MIT licence:
  // Copyright (C) 2013 Oliver Nightingale, (C) 2015 Wei Song; the stemmer from Martin Porter's
  // JavaScript Porter stemmer): the tokenizer splits at whitespace and hyphens, then the
  // trimmer, stop word filter and stemmer, as the index's own words went through them.
  var stopWords = {
    "": true, "a": true, "able": true, "about": true, "across": true, "after": true, "all": true, "almost": true,
    "also": true, "am": true, "among": true, "an": true, "and": true, "any": true, "are": true, "as": true,
    "at": true, "be": true, "because": true, "been": true, "but": true, "by": true, "can": true, "cannot": true,
    "could": true, "dear": true, "did": true, "do": true, "does": true, "either": true, "else": true, "ever": true,
    "every": true, "for": true, "from": true, "get": true, "got": true, "had": true, "has": true, "have": true,
    "he": true, "her": true, "hers": true, "him": true, "his": true, "how": true, "however": true, "i": true,
    "if": true, "in": true, "into": true, "is": true, "it": true, "its": true, "just": true, "least": true,
    "let": true, "like": true, "likely": true, "may": true, "me": true, "might": true, "most": true, "must": true,
    "my": true, "neither": true, "no": true, "nor": true, "not": true, "of": true, "off": true, "often": true,
    "on": true, "only": true, "or": true, "other": true, "our": true, "own": true, "rather": true, "said": true,
    "say": true, "says": true, "she": true, "should": true, "since": true, "so": true, "some": true, "than": true,
    "that": true, "the": true, "their": true, "them": true, "then": true, "there": true, "these": true, "they": true,
    "this": true, "tis": true, "to": true, "too": true, "twas": true, "us": true, "wants": true, "was": true,
    "we": true, "were": true, "what": true, "when": true, "where": true, "which": true, "while": true, "who": true,
    "whom": true, "why": true, "will": true, "with": true, "would": true, "yet": true, "you": true, "your": true
  };

  function trimmer(token) {
    return token.replace(/^\W+/, "").replace(/\W+$/, "");
  }

  var stemmer = (function () {
    var step2list = {
        "ational" : "ate",
        "tional" : "tion",
        "enci" : "ence",
        "anci" : "ance",
        "izer" : "ize",
        "bli" : "ble",
        "alli" : "al",
        "entli" : "ent",
        "eli" : "e",
        "ousli" : "ous",
        "ization" : "ize",
        "ation" : "ate",
        "ator" : "ate",
        "alism" : "al",
        "iveness" : "ive",
        "fulness" : "ful",
        "ousness" : "ous",
        "aliti" : "al",
        "iviti" : "ive",
        "biliti" : "ble",
        "logi" : "log"
      },

      step3list = {
        "icate" : "ic",
        "ative" : "",
        "alize" : "al",
        "iciti" : "ic",
        "ical" : "ic",
        "ful" : "",
        "ness" : ""
      },

      c = "[^aeiou]",          // consonant
      v = "[aeiouy]",          // vowel
      C = c + "[^aeiouy]*",    // consonant sequence
      V = v + "[aeiou]*",      // vowel sequence

      mgr0 = "^(" + C + ")?" + V + C,               // [C]VC... is m>0
      meq1 = "^(" + C + ")?" + V + C + "(" + V + ")?$",  // [C]VC[V] is m=1
      mgr1 = "^(" + C + ")?" + V + C + V + C,       // [C]VCVC... is m>1
      s_v = "^(" + C + ")?" + v;                   // vowel in stem

    var re_mgr0 = new RegExp(mgr0);
    var re_mgr1 = new RegExp(mgr1);
    var re_meq1 = new RegExp(meq1);
    var re_s_v = new RegExp(s_v);

    var re_1a = /^(.+?)(ss|i)es$/;
    var re2_1a = /^(.+?)([^s])s$/;
    var re_1b = /^(.+?)eed$/;
    var re2_1b = /^(.+?)(ed|ing)$/;
    var re_1b_2 = /.$/;
    var re2_1b_2 = /(at|bl|iz)$/;
    var re3_1b_2 = new RegExp("([^aeiouylsz])\\1$");
    var re4_1b_2 = new RegExp("^" + C + v + "[^aeiouwxy]$");

    var re_1c = /^(.+?[^aeiou])y$/;
    var re_2 = /^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness|ousness|aliti|iviti|biliti|logi)$/;

    var re_3 = /^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$/;

    var re_4 = /^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$/;
    var re2_4 = /^(.+?)(s|t)(ion)$/;

    var re_5 = /^(.+?)e$/;
    var re_5_1 = /ll$/;
    var re3_5 = new RegExp("^" + C + v + "[^aeiouwxy]$");

    var porterStemmer = function porterStemmer(w) {
      var   stem,
        suffix,
        firstch,
        re,
        re2,
        re3,
        re4;

      if (w.length < 3) { return w; }

      firstch = w.substr(0,1);
      if (firstch == "y") {
        w = firstch.toUpperCase() + w.substr(1);
      }

      // Step 1a
      re = re_1a
      re2 = re2_1a;

      if (re.test(w)) { w = w.replace(re,"$1$2"); }
      else if (re2.test(w)) { w = w.replace(re2,"$1$2"); }

      // Step 1b
      re = re_1b;
      re2 = re2_1b;
      if (re.test(w)) {
        var fp = re.exec(w);
        re = re_mgr0;
        if (re.test(fp[1])) {
          re = re_1b_2;
          w = w.replace(re,"");
        }
      } else if (re2.test(w)) {
        var fp = re2.exec(w);
        stem = fp[1];
        re2 = re_s_v;
        if (re2.test(stem)) {
          w = stem;
          re2 = re2_1b_2;
          re3 = re3_1b_2;
          re4 = re4_1b_2;
          if (re2.test(w)) {  w = w + "e"; }
          else if (re3.test(w)) { re = re_1b_2; w = w.replace(re,""); }
          else if (re4.test(w)) { w = w + "e"; }
        }
      }

      // Step 1c - replace suffix y or Y by i if preceded by a non-vowel which is not the first letter of the word (so cry -> cri, by -> by, say -> say)
      re = re_1c;
      if (re.test(w)) {
        var fp = re.exec(w);
        stem = fp[1];
        w = stem + "i";
      }

      // Step 2
      re = re_2;
      if (re.test(w)) {
        var fp = re.exec(w);
        stem = fp[1];
        suffix = fp[2];
        re = re_mgr0;
        if (re.test(stem)) {
          w = stem + step2list[suffix];
        }
      }

      // Step 3
      re = re_3;
      if (re.test(w)) {
        var fp = re.exec(w);
        stem = fp[1];
        suffix = fp[2];
        re = re_mgr0;
        if (re.test(stem)) {
          w = stem + step3list[suffix];
        }
      }

      // Step 4
      re = re_4;
      re2 = re2_4;
      if (re.test(w)) {
        var fp = re.exec(w);
        stem = fp[1];
        re = re_mgr1;
        if (re.test(stem)) {
          w = stem;
        }
      } else if (re2.test(w)) {
        var fp = re2.exec(w);
        stem = fp[1] + fp[2];
        re2 = re_mgr1;
        if (re2.test(stem)) {
          w = stem;
        }
      }

      // Step 5
      re = re_5;
      if (re.test(w)) {
        var fp = re.exec(w);
        stem = fp[1];
        re = re_mgr1;
        re2 = re_meq1;
        re3 = re3_5;
        if (re.test(stem) || (re2.test(stem) && !(re3.test(stem)))) {
          w = stem;
        }
      }

      re = re_5_1;
      re2 = re_mgr1;
      if (re.test(w) && re2.test(w)) {
        re = re_1b_2;
        w = w.replace(re,"");
      }

      // and turn initial Y back to y

      if (firstch == "y") {
        w = firstch.toLowerCase() + w.substr(1);
      }

      return w;
    };

    return porterStemmer;
  })();

  // The words elasticlunr.js searched for: tokenizer, then the pipeline.
  function queryTokens(query) {
    var out = [];
    query.toString().trim().toLowerCase().split(/[\s\-]+/).forEach(function (raw) {
      var token = trimmer(raw);
      if (!token || stopWords[token] === true) { return; }
      out.push(stemmer(token));
    });
    return out;
  }

  // ---- The index's files: each calls TRACEMARK_SEARCH_PART(name, data) as it loads.
  // A searcher over the files `load(name, done)` brings (a <script> element in the browser, a
  // file read in the tests); `parts` holds what arrived, null for a file that failed.
  function Searcher(load) {
    var parts = {};
    var waiting = {};
    this.parts = parts;
    this.arrived = function (name, data) { parts[name] = data; };
    // Calls done once every named file has arrived (or failed), each loaded at most once.
    this.need = function (names, done) {
      var missing = names.filter(function (n, i) {
        return names.indexOf(n) === i && !Object.prototype.hasOwnProperty.call(parts, n);
      });
      var left = missing.length;
      if (left === 0) { done(); return; }
      missing.forEach(function (name) {
        var first = !waiting[name];
        (waiting[name] = waiting[name] || []).push(function () { left -= 1; if (left === 0) { done(); } });
        if (!first) { return; }
        load(name, function () {
          if (!Object.prototype.hasOwnProperty.call(parts, name)) { parts[name] = null; }
          var calls = waiting[name];
          delete waiting[name];
          calls.forEach(function (c) { c(); });
        });
      });
    };
  }

  // Compares two strings by code point (the index's sort order), not by UTF-16 unit.
  function byCodePoint(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) { return x < y ? -1 : 1; }
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return i < a.length ? 1 : j < b.length ? -1 : 0;
  }

  // The order elasticlunr.js expanded a word start in: its trie is an object per character,
  // whose keys JavaScript enumerates digits first, then the others as the index wrote them
  // (by code point); a word comes before its extensions.
  function trieOrder(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) {
        var dx = x >= 48 && x <= 57, dy = y >= 48 && y <= 57;
        if (dx !== dy) { return dx ? -1 : 1; }
        return x < y ? -1 : 1;
      }
    }
    return a.length - b.length;
  }

  // The words files that may hold words starting with `token`: the one whose first word is at
  // or before it, and the next ones while their first word starts with it.
  function termFiles(manifest, token) {
    var starts = manifest.terms;
    if (starts.length === 0) { return []; }
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (byCodePoint(starts[mid], token) <= 0) { lo = mid; } else { hi = mid - 1; }
    }
    var files = ["t" + lo];
    for (var k = lo + 1; k < starts.length && starts[k].indexOf(token) === 0; k++) { files.push("t" + k); }
    return files;
  }

  // FNV-1a of the UTF-16 units: which exact file holds a key (as the build computes it).
  function exactFile(manifest, key) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < key.length; i++) { hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193) >>> 0; }
    return "x" + (hash % manifest.exact);
  }

  // A document's rank, from the manifest's runs.
  function rankOf(manifest, doc) {
    var runs = manifest.ranks, lo = 0, hi = runs.length - 1;
    if (hi < 0) { return 0; }
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (runs[mid][0] <= doc) { lo = mid; } else { hi = mid - 1; }
    }
    return runs[lo][1];
  }

  // A field's postings of a word as elasticlunr.js held them: document -> [tf, field length].
  function postingsOf(flat) {
    var docs = {}, doc = -1, i = 0, df = 0;
    while (i < flat.length) {
      var gap = flat[i];
      if (gap > 0) {
        doc += gap; docs[doc] = [1, flat[i + 1]]; i += 2;
      } else {
        doc -= gap; docs[doc] = [flat[i + 2], flat[i + 1]]; i += 3;
      }
      df += 1;
    }
    return { docs: docs, df: df };
  }

  // The words of field `f` that start with `token` (elasticlunr's expandToken), in its order,
  // from the loaded words files. A word with a character beyond U+FFFF is one elasticlunr.js
  // never found (it walked its trie by UTF-16 unit), nor is a query word with one.
  function expand(searcher, manifest, token, f) {
    if (/[\ud800-\udfff]/.test(token)) { return []; }
    var found = [];
    termFiles(manifest, token).forEach(function (name) {
      (searcher.parts[name] || []).forEach(function (term) {
        if (term[0].indexOf(token) === 0 && term[1 + f].length > 0 && !/[\ud800-\udfff]/.test(term[0])) {
          found.push(term);
        }
      });
    });
    found.sort(function (a, b) { return trieOrder(a[0], b[0]); });
    return found.map(function (term) {
      var p = postingsOf(term[1 + f]);
      return { token: term[0], docs: p.docs, df: p.df };
    });
  }

  // elasticlunr's fieldSearch with bool AND and expand, step for step (the same arithmetic in
  // the same order, so the same scores to the last bit): document -> score, or null.
  function fieldSearch(searcher, manifest, tokens, f) {
    var scores = null, exactly = {};
    tokens.forEach(function (token) {
      var round = {};
      expand(searcher, manifest, token, f).forEach(function (word) {
        var docs = word.docs;
        var idf = 1 + Math.log(manifest.documents / (word.df + 1));
        var d;
        if (scores) {
          var kept = {};
          for (d in scores) { if (d in docs) { kept[d] = docs[d]; } }
          docs = kept;
        }
        if (word.token === token) {
          for (d in docs) { (exactly[d] = exactly[d] || []).push(word.token); }
        }
        for (d in docs) {
          var tf = docs[d][0], length = docs[d][1], norm = 1;
          if (length != 0) { norm = 1 / Math.sqrt(length); }
          var penalty = 1;
          if (word.token != token) { penalty = 0.15 * (1 - (word.token.length - token.length) / word.token.length); }
          var score = tf * idf * norm * penalty;
          if (d in round) { round[d] += score; } else { round[d] = score; }
        }
      });
      if (!scores) {
        scores = round;
      } else {
        var merged = {};
        for (var d in round) { if (d in scores) { merged[d] = scores[d] + round[d]; } }
        scores = merged;
      }
    });
    for (var d in scores) {
      if (d in exactly) { scores[d] = scores[d] * exactly[d].length / tokens.length; }
    }
    return scores;
  }

  // The boosts of the search (as search.js gave elasticlunr.js): ids, then title, then body.
  // Objects, not nested arrays: no file of the site holds two opening brackets in a row (the reference syntax).
  var BOOSTS = [{ name: "ids", boost: 4 }, { name: "title", boost: 3 }, { name: "body", boost: 1 }];

  // elasticlunr's search: per field, boosted, summed; [{doc, score}] by score, then document.
  function elasticSearch(searcher, manifest, tokens) {
    var total = {};
    BOOSTS.forEach(function (field) {
      var found = fieldSearch(searcher, manifest, tokens, manifest.fields.indexOf(field.name));
      var d;
      for (d in found) { found[d] = found[d] * field.boost; }
      for (d in found) { total[d] = d in total ? total[d] + found[d] : found[d]; }
    });
    var hits = [];
    for (var d in total) { hits.push({ doc: +d, score: total[d] }); }
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits;
  }

  // The ranked results of a query, as many as `limit`, to `done`: [{doc: [title, url, kind,
  // ids, snippet, rank], exact, rank, score}]. Order: an exact id match, then an exact title,
  // then the document's rank (3 FAQ answers, 2 what the trust center publishes: control
  // statements, subprocessors, documents, policies, pages, AI system cards; 1 registers;
  // 0 framework reference pages and everything in the internal and auditor builds), then
  // relevance (elasticlunr's score, with a title that holds the query first).
  function searchIn(searcher, query, limit, done) {
    var q = query.trim();
    if (q.length === 0) { done([]); return; }
    searcher.need(["index"], function () {
      var manifest = searcher.parts.index;
      if (!manifest) { done([]); return; }
      var lower = q.toLowerCase();
      var tokens = queryTokens(q);
      var files = [exactFile(manifest, lower)];
      tokens.forEach(function (t) { files = files.concat(termFiles(manifest, t)); });
      searcher.need(files, function () {
        var hits = tokens.length === 0 ? [] : elasticSearch(searcher, manifest, tokens);
        var exact = exactMatches(searcher.parts[files[0]], lower);
        var items = candidates(manifest, hits, exact);
        best(searcher, manifest, items, lower, limit, function (top) {
          shown(searcher, manifest, top, done);
        });
      });
    });
  }

  // The documents an id or title names exactly: {ids: set, titles: set}.
  function exactMatches(file, lower) {
    var sets = { ids: {}, titles: {} };
    (file || []).forEach(function (row) {
      if (row[0] !== lower) { return; }
      row[1].forEach(function (d) { sets.ids[d] = true; });
      row[2].forEach(function (d) { sets.titles[d] = true; });
    });
    return sets;
  }

  // Every result before ordering, in elasticlunr's order, then documents with the exact id
  // that the index missed (ids with punctuation), by document. `bonus` (a title holding the
  // query) is known for exact titles and those; for the others once their title is read.
  function candidates(manifest, hits, exact) {
    var items = hits.map(function (h) {
      var title = exact.titles[h.doc] === true;
      return {
        doc: h.doc, score: h.score, rank: rankOf(manifest, h.doc),
        exact: exact.ids[h.doc] === true ? 2 : title ? 1 : 0,
        bonus: title ? true : undefined
      };
    });
    var hit = {};
    hits.forEach(function (h) { hit[h.doc] = true; });
    Object.keys(exact.ids).map(Number).sort(function (a, b) { return a - b; }).forEach(function (d) {
      if (!hit[d]) { items.push({ doc: d, score: 0, rank: rankOf(manifest, d), exact: 2, bonus: false, fixed: true }); }
    });
    items.forEach(function (it, at) { it.at = at; });
    return items;
  }

  // An item's final score: with 1000 more when its title holds the query.
  function value(it) { return it.fixed ? 0 : it.score + (it.bonus ? 1000 : 0); }

  // The best `limit` items in order: by exact match, rank, then score with the title bonus,
  // ties as elasticlunr.js listed them. Titles are read only as far as the order needs: in
  // each group of equal match and rank, until `limit` known items beat what any unknown could
  // reach (its score and the bonus).
  function best(searcher, manifest, items, lower, limit, done) {
    var groups = {};
    items.forEach(function (it) { var k = it.exact * 16 + it.rank; (groups[k] = groups[k] || []).push(it); });
    var keys = Object.keys(groups).map(Number).sort(function (a, b) { return b - a; });
    var out = [];
    (function next(g) {
      if (g === keys.length || out.length >= limit) { done(out.slice(0, limit)); return; }
      topOf(searcher, manifest, groups[keys[g]], lower, limit - out.length, function (top) {
        out = out.concat(top);
        next(g + 1);
      });
    })(0);
  }

  function byValue(a, b) { return (value(b) - value(a)) || (a.at - b.at); }

  // The best `m` items of one group (items in elasticlunr's order, so by score).
  function topOf(searcher, manifest, group, lower, m, done) {
    var per = manifest.titles;
    var size = Math.max(m, 8);
    (function step() {
      var known = group.filter(function (it) { return it.bonus !== undefined; }).sort(byValue);
      var unknown = group.filter(function (it) { return it.bonus === undefined; });
      var first = unknown[0];
      var mth = known[m - 1];
      if (!first || (mth && (value(mth) > first.score + 1000 || (value(mth) === first.score + 1000 && mth.at < first.at)))) {
        done(known.slice(0, m));
        return;
      }
      // Twice as many titles each round: few rounds however far the order needs to read.
      var batch = unknown.slice(0, size);
      size *= 2;
      var names = batch.map(function (it) { return "n" + Math.floor(it.doc / per); });
      searcher.need(names, function () {
        unknown.forEach(function (it) {
          var file = searcher.parts["n" + Math.floor(it.doc / per)];
          if (file !== undefined) {
            var title = file ? file[it.doc % per] : null;
            it.bonus = typeof title === "string" && title.toLowerCase().indexOf(lower) !== -1;
          }
        });
        step();
      });
    })();
  }

  // The results with what they show, from the display files of those documents alone.
  function shown(searcher, manifest, top, done) {
    var per = manifest.shown;
    searcher.need(top.map(function (it) { return "d" + Math.floor(it.doc / per); }), function () {
      done(top.map(function (it) {
        var file = searcher.parts["d" + Math.floor(it.doc / per)];
        var d = (file && file[it.doc % per]) || ["", "", "", "", ""];
        return { doc: d.concat([it.rank]), exact: it.exact, rank: it.rank, score: value(it) };
      }));
    });
  }

  // For the tests and scripts/search-bytes.py (which run it under node with their own loader).
  window.TRACEMARK_SEARCH_ENGINE = { Searcher: Searcher, search: searchIn, queryTokens: queryTokens };

  var forms = document.querySelectorAll("form[data-search]");
  if (forms.length === 0) { return; }
  var root = forms[0].getAttribute("data-root") || "";

  // Loads one file of the index as a <script> element; done once it ran or failed.
  function loadScript(name, done) {
    var s = document.createElement("script");
    s.src = root + "search/" + name + ".js";
    s.onload = function () { done(); };
    s.onerror = function () { done(); };
    document.head.appendChild(s);
  }
  var searcher = new Searcher(loadScript);
  window.TRACEMARK_SEARCH_PART = searcher.arrived;

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

  function render(form, list, status, limit, query, hits) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 1; });
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
    // Each query's results show only if no later query was typed while its files loaded.
    var asked = 0;
    function run() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var query = input.value;
        var mine = ++asked;
        searchIn(searcher, query, limit, function (hits) {
          if (mine === asked) { render(form, list, status, limit, query, hits); }
        });
      }, 60);
    }
    // The manifest loads when the reader starts to search; the rest as queries need it.
    input.addEventListener("focus", function () { searcher.need(["index"], function () {}); });
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

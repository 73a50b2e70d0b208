"""The HTML report's style sheet and its one script, inlined into every page.

The page must open from a file, offline, on a site of many thousand articles: no
fonts, images or scripts from elsewhere, and styles that let the browser skip
laying out the articles off screen (`content-visibility`).  The script only adds
filtering and sorting; without it the page shows everything, unfiltered, in
path order.  Its filter state lives in the address (`#findings?rule=HD001`), so
a filtered view can be bookmarked or linked from the rules table.
"""

CSS = """
:root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--bg:#fff;--soft:#f6f8fa;--accent:#0b5cad;
--error:#b3261e;--warning:#8a5300;--info:#1f5f8b;--new:#6f2da8}
*{box-sizing:border-box}
[hidden]{display:none!important}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);
background:var(--bg)}
header,main{max-width:1200px;margin:0 auto;padding:0 20px}
header{padding-top:16px}
h1{font-size:1.6em;margin:.2em 0}
h2{font-size:1.3em;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--line)}
h3{font-size:1.05em;margin:1.1em 0 .4em;overflow-wrap:anywhere}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,select:focus-visible,input:focus-visible,
summary:focus-visible{outline:3px solid #f0b400;outline-offset:1px}
nav ul{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:.3em 1.2em}
.lead{color:var(--muted);margin:.2em 0}
dl.stats{display:flex;flex-wrap:wrap;gap:12px;margin:.6em 0}
dl.stats div{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:120px;
background:var(--soft)}
dl.stats dt{color:var(--muted);font-size:.85em}
dl.stats dd{margin:0;font-size:1.6em;font-weight:600}
table{border-collapse:collapse;margin:.4em 0 .8em;font-size:.93em}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
thead th{background:var(--soft)}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.grid{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
figure{margin:.4em 0}
figcaption{color:var(--muted);font-size:.9em}
svg text{font:13px system-ui,sans-serif;fill:var(--fg)}
.s{font-weight:600;white-space:nowrap}
.s-error{color:var(--error)}.s-warning{color:var(--warning)}.s-info{color:var(--info)}
.new{color:var(--new)}
table.f{width:100%;table-layout:fixed}
table.f td{overflow-wrap:anywhere}
table.f th:nth-child(1){width:4.5em}table.f th:nth-child(2){width:6.5em}
table.f th:nth-child(3){width:5.5em}table.f th:nth-child(5){width:28%}
table.f th:nth-child(6){width:20%}
table.f td:nth-child(2){font-weight:600}
tr[data-s=error]>td:nth-child(2){color:var(--error)}
tr[data-s=warning]>td:nth-child(2){color:var(--warning)}
tr[data-s=info]>td:nth-child(2){color:var(--info)}
code,table.f td:nth-child(5){font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;
white-space:pre-wrap}
mark{background:#ffe08a;color:inherit}
ul.rel{margin:.2em 0 0;padding-left:1.1em;color:var(--muted);font-size:.92em}
section.art{content-visibility:auto;contain-intrinsic-size:auto 160px}
form#filters{position:sticky;top:0;z-index:1;background:var(--soft);border:1px solid var(--line);
border-radius:6px;padding:8px 12px;display:flex;flex-wrap:wrap;gap:8px 14px;align-items:end}
form#filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted)}
form#filters label.inline{flex-direction:row;gap:4px;align-items:center}
form#filters select,form#filters input,form#filters button{font:inherit;font-size:14px;
color:var(--fg)}
#filter-status{flex-basis:100%;margin:0;font-size:.9em}
.page{border-left:3px solid var(--line);padding-left:12px;margin:.4em 0 1em}
.page summary{cursor:pointer;color:var(--accent)}
.page h4,.page h5,.page h6{font-size:1em;margin:.8em 0 .3em}
.page pre{background:var(--soft);padding:8px;overflow:auto}
@media print{form#filters{display:none}section.art{content-visibility:visible}}
"""

JS = """
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var list = document.getElementById("article-list");
  if (!form || !list) return;
  var status = document.getElementById("filter-status");
  var el = form.elements, texts = new Map(), orig = new Map(), timer = 0, arts = null;
  var RANK = {error: "0", warning: "1", info: "2"};
  var KEYS = ["rule", "family", "severity", "folder", "q", "new", "sort", "order"];
  var pending = Array.prototype.slice.call(document.querySelectorAll("div.batch"));
  form.hidden = false;
  Array.prototype.forEach.call(document.querySelectorAll("a.js"), function (a) {
    a.hidden = false;
  });
  // Batches wait as text inside <noscript>; building one is one parse of its markup.
  function build(div) {
    var ns = div.firstElementChild;
    if (ns && ns.tagName === "NOSCRIPT") {
      var text = ns.textContent;
      div.removeChild(ns);
      div.insertAdjacentHTML("beforeend", text);
    }
  }
  function buildAll() {
    while (pending.length) build(pending.shift());
    if (!arts) arts = Array.prototype.slice.call(list.querySelectorAll("section.art"));
    return arts;
  }
  function buildLater() {
    if (!pending.length) {
      buildAll();
      document.documentElement.setAttribute("data-built", "1");
      return;
    }
    build(pending.shift());
    setTimeout(buildLater, 0);
  }
  function pad(n) { return ("0000000" + n).slice(-8); }
  function remember() {
    if (orig.size) return;
    buildAll().forEach(function (art, i) {
      orig.set(art, pad(i));
      Array.prototype.forEach.call(art.querySelector("tbody").rows, function (tr, j) {
        orig.set(tr, pad(j));
      });
    });
  }
  function text(art, tr) {
    var t = texts.get(tr);
    if (t === undefined) {
      t = (art.firstElementChild.textContent + " " + tr.textContent).toLowerCase();
      texts.set(tr, t);
    }
    return t;
  }
  function apply() {
    var rule = el.rule.value, fam = el.family.value, sev = el.severity.value;
    var dir = el.folder.value, q = el.q.value.trim().toLowerCase();
    var onlyNew = el["new"] ? el["new"].checked : false;
    var rows = 0, shown = 0, all = buildAll();
    for (var i = 0; i < all.length; i++) {
      var art = all[i], n = 0, trs = art.querySelector("tbody").rows;
      var here = !dir || art.getAttribute("data-d") === dir;
      for (var j = 0; j < trs.length; j++) {
        var tr = trs[j], r = tr.getAttribute("data-r");
        var ok = here && (!rule || r === rule) && (!fam || r.slice(0, 2) === fam) &&
          (!sev || tr.getAttribute("data-s") === sev) &&
          (!onlyNew || tr.hasAttribute("data-n")) && (!q || text(art, tr).indexOf(q) >= 0);
        if (tr.hidden === ok) tr.hidden = !ok;
        if (ok) n++;
      }
      if (art.hidden !== (n === 0)) art.hidden = n === 0;
      rows += n;
      if (n) shown++;
    }
    status.textContent = "Showing " + rows.toLocaleString("en") + " findings in " +
      shown.toLocaleString("en") + " articles.";
  }
  function rowKey(tr, by) {
    if (by === "severity") return RANK[tr.getAttribute("data-s")] + orig.get(tr);
    if (by === "rule") return tr.getAttribute("data-r") + orig.get(tr);
    return orig.get(tr);
  }
  function cmp(a, b) { return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0; }
  function sort() {
    var by = el.sort.value, order = el.order.value, pairs = [];
    remember();
    arts.forEach(function (art) {
      var tbody = art.querySelector("tbody");
      var rows = Array.prototype.map.call(tbody.rows, function (tr) {
        return [rowKey(tr, order), tr];
      }).sort(cmp);
      rows.forEach(function (p) { tbody.appendChild(p[1]); });
      var c = String(1e7 - +art.getAttribute("data-c")), k = orig.get(art);
      pairs.push([by === "count" ? c + k : by === "worst" ? art.getAttribute("data-w") + c + k
        : k, art]);
    });
    pairs.sort(cmp);
    var frag = document.createDocumentFragment();
    pairs.forEach(function (p) { frag.appendChild(p[1]); });
    list.appendChild(frag);
  }
  function save() {
    var p = new URLSearchParams();
    KEYS.forEach(function (k) {
      var e = el[k];
      if (!e) return;
      var v = e.type === "checkbox" ? (e.checked ? "1" : "") : e.value;
      if (v && !(k === "sort" && v === "path") && !(k === "order" && v === "line")) p.set(k, v);
    });
    var s = p.toString();
    history.replaceState(null, "", s ? "#findings?" + s : location.pathname + location.search);
  }
  function load() {
    var h = location.hash, at = h.indexOf("?");
    if (h.indexOf("#findings") !== 0 || at < 0) return false;
    var p = new URLSearchParams(h.slice(at + 1));
    KEYS.forEach(function (k) {
      var e = el[k];
      if (!e) return;
      var v = p.get(k) || "";
      if (e.type === "checkbox") e.checked = v === "1";
      else if (e.tagName !== "SELECT" || e.querySelector("option[value='" + CSS.escape(v) + "']"))
        e.value = v || (k === "sort" ? "path" : k === "order" ? "line" : "");
    });
    return true;
  }
  // A link to an article still waiting in a batch: build the batches, then go there.
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && id.indexOf("?") < 0 && !document.getElementById(id) && pending.length) {
      buildAll();
      var target = document.getElementById(id);
      if (target) target.scrollIntoView();
    }
  }
  function refresh() {
    if (el.sort.value !== "path" || el.order.value !== "line" || orig.size) sort();
    apply();
  }
  form.addEventListener("change", function () { refresh(); save(); });
  form.addEventListener("input", function (e) {
    if (e.target !== el.q) return;
    clearTimeout(timer);
    timer = setTimeout(function () { apply(); save(); }, 150);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { refresh(); save(); }, 0);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  window.addEventListener("hashchange", function () {
    if (load()) {
      refresh();
      document.getElementById("findings").scrollIntoView();
    } else {
      follow();
    }
  });
  if (load()) refresh();
  else follow();
  document.documentElement.setAttribute("data-ready", "1");
  window.addEventListener("load", function () { setTimeout(buildLater, 0); });
})();
"""

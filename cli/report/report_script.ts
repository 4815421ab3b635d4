/**
 * The report page's own script, inlined into the one HTML file (no external script, no network):
 * a squarified treemap (Bruls, Huizing and van Wijk, "Squarified Treemaps", 2000) of the data in
 * `<script id="report-data">`, zoom by click or Enter, a breadcrumb and Backspace back, tooltips on
 * hover and focus. Plain ES2017 in a string: it runs in the browser, never in the CLI.
 * @module
 */

/** The script, as it goes between `<script>` tags. */
export const REPORT_SCRIPT = String.raw`
(function () {
  "use strict";
  var started = performance.now();
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var UNITS = JSON.parse(document.getElementById("report-units").textContent);
  function bytes(n) {
    var v = Math.abs(n), u = 0;
    while (v >= 1024 && u < UNITS.length - 1) { v /= 1024; u++; }
    return (n < 0 ? "-" : "") + (u === 0 ? v.toFixed(0) : v.toFixed(1)) + " " + UNITS[u];
  }
  function count(n) { return n.toLocaleString("en-US"); }

  // The worst aspect ratio of a row of areas laid along a side (the squarify criterion).
  function worst(sum, min, max, side) {
    var s2 = sum * sum, w2 = side * side;
    return Math.max(w2 * max / s2, s2 / (w2 * min));
  }
  // Rectangles for values (biggest first) filling x,y,w,h; areas proportional to the values.
  function squarify(values, x, y, w, h) {
    var total = 0, i, out = [];
    for (i = 0; i < values.length; i++) total += values[i];
    if (total <= 0 || w <= 0 || h <= 0) return out;
    var scale = w * h / total;
    i = 0;
    while (i < values.length) {
      var side = Math.min(w, h), a = values[i] * scale;
      var sum = a, min = a, max = a, j = i + 1;
      while (j < values.length) {
        var b = values[j] * scale;
        if (worst(sum + b, Math.min(min, b), Math.max(max, b), side) > worst(sum, min, max, side)) break;
        sum += b; min = Math.min(min, b); max = Math.max(max, b); j++;
      }
      if (w >= h) {
        var cw = sum / h, cy = y;
        for (var k = i; k < j; k++) { var rh = values[k] * scale / cw; out.push([x, cy, cw, rh]); cy += rh; }
        x += cw; w -= cw;
      } else {
        var rh2 = sum / w, cx = x;
        for (var m = i; m < j; m++) { var rw = values[m] * scale / rh2; out.push([cx, y, rw, rh2]); cx += rw; }
        y += rh2; h -= rh2;
      }
      i = j;
    }
    return out;
  }

  var tip = document.getElementById("tip");
  function showTip(el, ev) {
    var t = el.__tile;
    if (!t) return;
    tip.innerHTML = "";
    var p = document.createElement("div"); p.className = "tip-path"; p.textContent = t.path; tip.appendChild(p);
    var rows = [["allocated", bytes(t.node.a)], ["apparent", bytes(t.node.p)]];
    if (t.node.f > 0 || t.node.k !== "dir") rows.push(["files", count(t.node.f)]);
    if (t.node.u) rows.push(["not counted", t.node.u]);
    for (var i = 0; i < rows.length; i++) {
      var r = document.createElement("div"); r.className = "tip-" + rows[i][0].replace(" ", "-");
      r.textContent = rows[i][0] + ": " + rows[i][1]; tip.appendChild(r);
    }
    tip.hidden = false;
    var box = el.getBoundingClientRect();
    var tx = ev && ev.clientX !== undefined ? ev.clientX + 14 : box.left + 8;
    var ty = ev && ev.clientY !== undefined ? ev.clientY + 14 : box.top + 8;
    tip.style.left = Math.min(tx, window.innerWidth - tip.offsetWidth - 8) + window.scrollX + "px";
    tip.style.top = Math.min(ty, window.innerHeight - tip.offsetHeight - 8) + window.scrollY + "px";
  }
  function hideTip() { tip.hidden = true; }

  var MAX_DEPTH = 4;
  // Colour by folder: each tile of the view's first level has its own hue, and what lies inside it shares that hue.
  function hueAt(i) { return Math.round(i * 137.508 + 210) % 360; }
  function Treemap(root, mapEl, crumbsEl, rootPath) {
    var stack = [{ node: root, path: rootPath }];
    function childPath(parent, node) { return parent === "/" ? "/" + node.n : parent + "/" + node.n; }
    function tiles(node, path, box, depth, into, inherited) {
      var kids = (node.c || []).filter(function (c) { return c.a > 0; });
      var rects = squarify(kids.map(function (c) { return c.a; }), box[0], box[1], box[2], box[3]);
      for (var i = 0; i < rects.length; i++) {
        var c = kids[i], r = rects[i], p = childPath(path, c);
        var el = document.createElement("div");
        el.className = (depth === 0 ? "tile" : "sub") + " kind-" + c.k + (c.c ? " has-children" : "");
        el.style.left = r[0] + "px"; el.style.top = r[1] + "px"; el.style.width = r[2] + "px"; el.style.height = r[3] + "px";
        var hue = depth === 0 ? hueAt(i) : inherited;
        el.style.background = "hsl(" + hue + "," + (c.k === "dir" ? 55 : 25) + "%," + Math.min(88, 62 + depth * 8) + "%)";
        el.__tile = { node: c, path: p };
        el.setAttribute("data-path", p);
        el.setAttribute("data-bytes", String(c.a));
        if (depth === 0) {
          el.tabIndex = 0;
          el.setAttribute("role", "button");
          el.setAttribute("aria-label", p + ", " + bytes(c.a) + (c.c ? ", press Enter to open" : ""));
          if (r[2] > 48 && r[3] > 16) {
            var label = document.createElement("span"); label.className = "label";
            label.textContent = c.n + "  " + bytes(c.a); el.appendChild(label);
          }
          if (c.c && r[2] > 24 && r[3] > 36) tiles(c, p, [2, 18, r[2] - 4, r[3] - 20], 1, el, hue);
        } else if (c.c && depth < MAX_DEPTH && r[2] > 40 && r[3] > 40) {
          // Folders inside folders, drawn while there is room: the shape of the tree at a glance.
          var small = document.createElement("span"); small.className = "label small-label";
          small.textContent = c.n; el.appendChild(small);
          tiles(c, p, [1, 14, r[2] - 3, r[3] - 16], depth + 1, el, hue);
        }
        into.appendChild(el);
      }
    }
    function render() {
      var top = stack[stack.length - 1];
      mapEl.innerHTML = "";
      tiles(top.node, top.path, [0, 0, mapEl.clientWidth, mapEl.clientHeight], 0, mapEl, 0);
      crumbsEl.innerHTML = "";
      stack.forEach(function (s, i) {
        var b = document.createElement("button");
        b.type = "button"; b.className = "crumb"; b.textContent = i === 0 ? s.path : s.node.n;
        if (i === stack.length - 1) b.setAttribute("aria-current", "location");
        b.addEventListener("click", function () { stack.length = i + 1; render(); focusFirst(); });
        crumbsEl.appendChild(b);
      });
      var summary = document.createElement("span"); summary.className = "crumb-size";
      summary.textContent = bytes(top.node.a) + " allocated" + (top.node.f > 0 ? ", " + count(top.node.f) + " files" : "");
      crumbsEl.appendChild(summary);
    }
    function focusFirst() { var t = mapEl.querySelector(".tile"); if (t) t.focus(); }
    function open(el) {
      var tile = el.closest(".tile");
      if (!tile || !tile.__tile.node.c) return;
      stack.push(tile.__tile); hideTip(); render(); focusFirst();
    }
    function up() { if (stack.length > 1) { stack.pop(); hideTip(); render(); focusFirst(); } }
    mapEl.addEventListener("click", function (ev) { open(ev.target); });
    mapEl.addEventListener("keydown", function (ev) {
      if (ev.key === "Enter") { ev.preventDefault(); open(ev.target); }
      else if (ev.key === "Backspace") { ev.preventDefault(); up(); }
    });
    mapEl.addEventListener("mouseover", function (ev) { var el = ev.target.closest(".tile, .sub"); if (el) showTip(el, ev); });
    mapEl.addEventListener("mousemove", function (ev) { var el = ev.target.closest(".tile, .sub"); if (el) showTip(el, ev); });
    mapEl.addEventListener("mouseleave", hideTip);
    mapEl.addEventListener("focusin", function (ev) { showTip(ev.target); });
    mapEl.addEventListener("focusout", hideTip);
    window.addEventListener("resize", render);
    render();
  }

  new Treemap(data.tree, document.getElementById("map"), document.getElementById("crumbs"), "/");
  if (data.docker) new Treemap(data.docker, document.getElementById("docker-map"), document.getElementById("docker-crumbs"), "Docker");
  document.body.setAttribute("data-render-ms", String(Math.round(performance.now() - started)));
  document.body.setAttribute("data-ready", "true");
})();
`;

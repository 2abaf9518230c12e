(function () {
  "use strict";
  var T = JSON.parse(document.getElementById("jj-i18n").textContent);
  var collator = new Intl.Collator(T.lang, { numeric: true, sensitivity: "base" });
  function key(row, i) {
    var c = row.cells[i];
    if (!c) return "";
    var v = c.getAttribute("data-v");
    if (v !== null) { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return c.textContent;
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.dt"), function (table) {
    var body = table.tBodies[0];
    if (!body || !table.tHead) return;
    var rows = Array.prototype.slice.call(body.rows);
    var heads = table.tHead.rows[0].cells;
    var count = document.querySelector('.count[data-table="' + table.id + '"]');
    function shown(n) { if (count) count.textContent = n.toLocaleString(T.lang) + " / " + rows.length.toLocaleString(T.lang) + " " + T.rowsShown; }
    function sortBy(i, th) {
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      var keyed = rows.map(function (r, k) { return [key(r, i), k, r]; });
      keyed.sort(function (a, b) {
        var x = a[0], y = b[0], c;
        if (typeof x === "number" && typeof y === "number") c = x === y ? 0 : (x < y ? -1 : 1);
        else c = collator.compare(String(x), String(y));
        return c * dir || a[1] - b[1];
      });
      rows = keyed.map(function (k) { return k[2]; });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    }
    Array.prototype.forEach.call(heads, function (th, i) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortBy(i, th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(i, th); });
    });
    var input = document.querySelector('input[data-table="' + table.id + '"]');
    if (input) {
      input.addEventListener("input", function () {
        var q = input.value.trim().toLowerCase(), n = 0;
        rows.forEach(function (r) {
          if (r.jjText === undefined) r.jjText = r.textContent.toLowerCase();
          var show = !q || r.jjText.indexOf(q) >= 0;
          r.hidden = !show;
          if (show) n++;
        });
        shown(n);
      });
    }
    shown(rows.length);
  });
})();

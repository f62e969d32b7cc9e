// Appended to a copy of an HTML report by .ci/browser-test: measures every chart with the
// browser's own layout, for each threshold the page can show, and lists every visible SVG text
// whose box leaves its chart's box, overlaps another text's box, crosses a whisker or the
// reference line, or straddles a bar's edge (a value label is either inside its bar or clear of
// it). It also checks that the page does not scroll sideways. The findings are posted to the
// parent page (see .ci/layout-frame.html).
(function () {
  var d = document, problems = {}, texts = 0, charts = 0;
  var slack = 0.5;  // sub-pixel rounding
  function box(e) { return e.getBoundingClientRect(); }
  function visible(r) { return r.width > 0 || r.height > 0; }
  function overlaps(a, b) {
    return a.left < b.right - slack && b.left < a.right - slack && a.top < b.bottom - slack && b.top < a.bottom - slack;
  }
  function inside(a, b) {
    return a.left >= b.left - slack && a.right <= b.right + slack && a.top >= b.top - slack && a.bottom <= b.bottom + slack;
  }
  function name(e) { return '"' + e.textContent + '"'; }
  function note(chart, message) { problems[chart + ': ' + message] = true; }
  function check() {
    d.querySelectorAll('svg.chart').forEach(function (svg) {
      var frame = box(svg);
      if (!visible(frame)) return;
      charts++;
      var title = svg.querySelector('title') ? svg.querySelector('title').textContent : '(untitled chart)';
      var items = [];
      svg.querySelectorAll('text').forEach(function (t) {
        var r = box(t);
        if (visible(r) && t.textContent.trim() !== '') items.push({ e: t, r: r });
      });
      texts += items.length;
      var lines = [];
      svg.querySelectorAll('line.whisker, line.reference').forEach(function (l) { lines.push({ e: l, r: box(l) }); });
      var bars = [];
      svg.querySelectorAll('rect.bar').forEach(function (b) { bars.push(box(b)); });
      items.forEach(function (a, i) {
        if (!inside(a.r, frame)) note(title, name(a.e) + ' leaves the chart');
        for (var j = i + 1; j < items.length; j++) {
          if (overlaps(a.r, items[j].r)) note(title, name(a.e) + ' overlaps ' + name(items[j].e));
        }
        lines.forEach(function (l) {
          if (l.e.closest('.legend')) return;
          if (overlaps(a.r, l.r)) note(title, name(a.e) + ' touches the ' + l.e.getAttribute('class') + ' line');
        });
        var within = a.e.classList.contains('inside');
        bars.forEach(function (b) {
          if (within ? (overlaps(a.r, b) && !inside(a.r, b)) : overlaps(a.r, b)) note(title, name(a.e) + ' straddles a bar');
        });
        if (within && !bars.some(function (b) { return inside(a.r, b); })) note(title, name(a.e) + ' is not inside its bar');
      });
    });
    var root = d.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) note('page', 'scrolls sideways: ' + root.scrollWidth + ' px wide in a ' + window.innerWidth + ' px window');
  }
  var select = d.getElementById('threshold');
  var options = select ? Array.prototype.map.call(select.options, function (o) { return o.value; }) : [null];
  options.forEach(function (value) {
    if (value !== null) { select.value = value; select.dispatchEvent(new Event('change')); }
    check();
  });
  var list = Object.keys(problems);
  var result = { problems: list, texts: texts, charts: charts, viewport: window.innerWidth };
  // The test loads the page in an iframe of the width to check, and reads this in the parent.
  if (window.parent !== window) window.parent.postMessage(result, '*');
})();

/*
 * Line charts with uPlot (served from /assets/vendor/uplot, no inline script or style):
 * axes with ticks, a legend, and a tooltip at the cursor that names each series' value.
 * deepdock.lineChart(element, {xLabel, yLabel, series: [{label, points: [[x, y], ...]}]})
 * draws into element and returns {update(spec)}; the x values of all series are merged.
 */
(function () {
  'use strict';

  var COLOURS = ['#1f5fbf', '#d0661a', '#1e7b34', '#8e3bb5', '#b3261e', '#00838f', '#6d4c41', '#546e7a'];

  /** uPlot wants one x array and one y array per series, null where a series has no point. */
  function columns(series) {
    var xs = [];
    series.forEach(function (s) {
      s.points.forEach(function (p) {
        if (xs.indexOf(p[0]) < 0) {
          xs.push(p[0]);
        }
      });
    });
    xs.sort(function (a, b) { return a - b; });
    var data = [xs];
    series.forEach(function (s) {
      var ys = xs.map(function () { return null; });
      s.points.forEach(function (p) { ys[xs.indexOf(p[0])] = p[1]; });
      data.push(ys);
    });
    return data;
  }

  function format(value) {
    return value == null ? '–' : (Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(4));
  }

  /** A tooltip that follows the cursor and lists the values at the hovered epoch. */
  function tooltipPlugin(xLabel) {
    var tip;
    return {
      hooks: {
        init: function (u) {
          tip = document.createElement('div');
          tip.className = 'chart-tooltip';
          tip.hidden = true;
          u.over.appendChild(tip);
        },
        setCursor: function (u) {
          var i = u.cursor.idx;
          if (i == null) {
            tip.hidden = true;
            return;
          }
          while (tip.firstChild) {
            tip.removeChild(tip.firstChild);
          }
          var head = document.createElement('strong');
          head.textContent = xLabel + ' ' + u.data[0][i];
          tip.appendChild(head);
          for (var s = 1; s < u.series.length; s++) {
            var line = document.createElement('div');
            line.textContent = u.series[s].label + ': ' + format(u.data[s][i]);
            tip.appendChild(line);
          }
          tip.hidden = false;
          var left = u.cursor.left, top = u.cursor.top;
          tip.style.left = Math.min(left + 12, u.over.clientWidth - 140) + 'px';
          tip.style.top = Math.max(top - 10, 0) + 'px';
        }
      }
    };
  }

  function options(element, spec) {
    return {
      width: Math.max(element.clientWidth, 240),
      height: spec.height || 220,
      scales: { x: { time: false } },
      axes: [
        { label: spec.xLabel || 'epoch', values: function (u, ticks) { return ticks.map(function (t) { return Number.isInteger(t) ? t : ''; }); } },
        { label: spec.yLabel || '', size: 56 }
      ],
      legend: { live: true },
      cursor: { drag: { x: false, y: false } },
      plugins: [tooltipPlugin(spec.xLabel || 'epoch')],
      series: [{ label: spec.xLabel || 'epoch' }].concat(spec.series.map(function (s, i) {
        return {
          label: s.label,
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          spanGaps: true,
          points: { show: true, size: 6 },
          value: function (u, v) { return format(v); }
        };
      }))
    };
  }

  function lineChart(element, spec) {
    var plot = null;
    var current = spec;
    var shape = '';

    function draw() {
      var points = current.series.some(function (s) { return s.points.length > 0; });
      var key = current.series.map(function (s) { return s.label; }).join('|');
      if (!points) {
        return;
      }
      element.setAttribute('data-points', String(current.series.reduce(function (n, s) { return n + s.points.length; }, 0)));
      if (plot && key === shape) {
        plot.setData(columns(current.series));
        return;
      }
      if (plot) {
        plot.destroy();
      }
      while (element.firstChild) {
        element.removeChild(element.firstChild);
      }
      shape = key;
      plot = new window.uPlot(options(element, current), columns(current.series), element);
    }

    window.addEventListener('resize', function () {
      if (plot) {
        plot.setSize({ width: Math.max(element.clientWidth, 240), height: current.height || 220 });
      }
    });
    draw();
    return {
      update: function (next) {
        current = next;
        draw();
      }
    };
  }

  window.deepdock.lineChart = lineChart;
  window.deepdock.COLOURS = COLOURS;
})();

/*
 * The job page: follows GET /api/v1/jobs/{id}/events (SSE, through job-events.js).
 * "state" events fill the log and the state (and show a batch's results link once it
 * has succeeded); "progress" events of kind "epoch" draw the loss and score curves,
 * "throughput" ones show the images per second.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var stateElement = document.getElementById('job-state');
  var id = stateElement.getAttribute('data-job');
  var log = document.getElementById('log');
  var cancel = document.getElementById('cancel');
  var series = { loss: [], train: [], validation: [] };
  var TERMINAL = api.TERMINAL;

  function addLog(text, at) {
    var item = document.createElement('li');
    item.textContent = (at ? new Date(at).toLocaleTimeString() + ' ' : '') + text;
    log.appendChild(item);
  }

  /** One line chart of the named series against the epoch, in plain SVG. */
  function draw(element, names) {
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
    var width = 400, height = 200, pad = 36;
    element.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
    var points = [];
    names.forEach(function (name) { points = points.concat(series[name]); });
    if (!points.length) {
      element.appendChild(api.svg('text', { x: pad, y: height / 2 }, 'waiting for the first epoch…'));
      return;
    }
    var maxX = Math.max.apply(null, points.map(function (p) { return p.x; }).concat([1]));
    var minY = Math.min.apply(null, points.map(function (p) { return p.y; }));
    var maxY = Math.max.apply(null, points.map(function (p) { return p.y; }));
    if (maxY === minY) {
      maxY = minY + 1;
    }
    function sx(x) { return pad + (x / maxX) * (width - 2 * pad); }
    function sy(y) { return height - pad - ((y - minY) / (maxY - minY)) * (height - 2 * pad); }
    element.appendChild(api.svg('line', { 'class': 'axis', x1: pad, y1: height - pad, x2: width - pad, y2: height - pad }));
    element.appendChild(api.svg('line', { 'class': 'axis', x1: pad, y1: pad, x2: pad, y2: height - pad }));
    element.appendChild(api.svg('text', { x: 2, y: pad }, maxY.toPrecision(3)));
    element.appendChild(api.svg('text', { x: 2, y: height - pad }, minY.toPrecision(3)));
    element.appendChild(api.svg('text', { x: width - pad, y: height - pad + 16, 'text-anchor': 'end' }, 'epoch ' + maxX));
    names.forEach(function (name, index) {
      var data = series[name];
      if (!data.length) {
        return;
      }
      var path = data.map(function (p) { return sx(p.x) + ',' + sy(p.y); }).join(' ');
      element.appendChild(api.svg('polyline', { 'class': 'series series-' + index, points: path }));
      data.forEach(function (p) {
        element.appendChild(api.svg('circle', { 'class': 'series-' + index, cx: sx(p.x), cy: sy(p.y), r: 3 },
          undefined)).appendChild(api.svg('title', {}, name + ' epoch ' + p.x + ': ' + p.y.toPrecision(4)));
      });
      element.appendChild(api.svg('text', { 'class': 'legend series-' + index, x: width - pad, y: pad + 14 * index, 'text-anchor': 'end' }, name));
    });
  }

  function redraw() {
    draw(document.getElementById('loss-chart'), ['loss']);
    draw(document.getElementById('score-chart'), ['train', 'validation']);
  }

  function setState(state, error) {
    stateElement.textContent = state;
    var terminal = TERMINAL.indexOf(state) >= 0;
    cancel.hidden = terminal;
    var result = document.getElementById('job-result');
    if (result) {
      result.hidden = state !== 'SUCCEEDED';
    }
    if (error) {
      var errorElement = document.getElementById('job-error');
      errorElement.textContent = error;
      errorElement.hidden = false;
    }
  }

  api.followJob(id, {
    state: function (data) {
      setState(data.state, data.error);
      addLog('state ' + data.state + (data.error ? ': ' + data.error : ''));
    },
    progress: function (data) {
      var metrics = data.metrics || {};
      if (data.kind === 'epoch') {
        Object.keys(series).forEach(function (name) {
          if (typeof metrics[name] === 'number') {
            series[name].push({ x: data.epoch, y: metrics[name] });
          }
        });
        redraw();
      }
      if (typeof metrics.examplesPerSecond === 'number') {
        document.getElementById('throughput').textContent = '· ' + Math.round(metrics.examplesPerSecond) + ' img/s';
      }
      if (data.message) {
        addLog(data.message, data.at);
      }
    }
  });

  cancel.addEventListener('click', function () {
    var status = document.getElementById('cancel-status');
    api.call('POST', '/api/v1/jobs/' + id + '/cancel').then(function (result) {
      if (result.status === 200) {
        status.textContent = 'Cancelled.';
        setState(result.body.state, result.body.error);
      } else {
        status.textContent = api.problem(result);
      }
    });
  });
  redraw();
})();

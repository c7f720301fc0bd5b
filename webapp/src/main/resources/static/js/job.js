/*
 * The job page: follows GET /api/v1/jobs/{id}/events (SSE, through job-events.js).
 * "state" events set the state (and show a batch's results link once it has succeeded);
 * "progress" events of kind "epoch" add a point to the loss and score curves (uPlot,
 * through charts.js) and a line with the values to the log; "throughput" ones show the
 * images per second. A QUEUED job shows its lane, position, estimate and what it waits
 * for, read from GET /api/v1/jobs/{id} until it starts.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var stateElement = document.getElementById('job-state');
  var id = stateElement.getAttribute('data-job');
  var log = document.getElementById('log');
  var cancel = document.getElementById('cancel');
  var series = { loss: [], train: [], validation: [] };
  var seen = {};
  var TERMINAL = api.TERMINAL;
  var number = new Intl.NumberFormat('en');
  var lossChart = null;
  var scoreChart = null;
  var scoreName = 'score';

  function addLog(text, at) {
    var item = document.createElement('li');
    item.textContent = (at ? new Date(at).toLocaleTimeString() + ' ' : '') + text;
    log.appendChild(item);
  }

  /** The first number among the keys: the worker's names first, the agreed ones next. */
  function pick(metrics, keys) {
    for (var i = 0; i < keys.length; i++) {
      if (typeof metrics[keys[i]] === 'number' && isFinite(metrics[keys[i]])) {
        return metrics[keys[i]];
      }
    }
    return null;
  }

  function redraw() {
    var loss = { xLabel: 'epoch', yLabel: 'loss', series: [{ label: 'loss', points: series.loss }] };
    var score = { xLabel: 'epoch', yLabel: 'score', series: [{ label: 'train ' + scoreName, points: series.train },
      { label: 'validation ' + scoreName, points: series.validation }] };
    if (series.loss.length && !lossChart) {
      lossChart = api.lineChart(document.getElementById('loss-chart'), loss);
    } else if (lossChart) {
      lossChart.update(loss);
    }
    if ((series.train.length || series.validation.length) && !scoreChart) {
      scoreChart = api.lineChart(document.getElementById('score-chart'), score);
    } else if (scoreChart) {
      scoreChart.update(score);
    }
  }

  /** "epoch 3/15: loss 0.091, accuracy 0.990, validation 0.987, 1,154 img/s" */
  function epochLine(data, metrics, loss, train, validation, speed) {
    var epochs = data.epochs || metrics.epochs;
    var match = /epoch (\d+)\/(\d+)(?: \(([^)]*)\))?/.exec(data.message || '');
    if (!epochs && match) {
      epochs = match[2];
    }
    if (match && match[3]) {
      scoreName = match[3].toLowerCase().replace(/_/g, ' ');
    }
    // the worker's line names its score: "epoch 3/15: loss 0.091, accuracy 0.990, ..."
    var named = /: loss [-0-9.eE]+, ([a-z][a-z _]*?) [-0-9.]/.exec(data.message || '');
    if (named && named[1] !== 'validation') {
      scoreName = named[1].replace(/_/g, ' ');
    }
    var parts = [];
    if (loss !== null) {
      parts.push('loss ' + loss.toFixed(3));
    }
    if (train !== null) {
      parts.push(scoreName + ' ' + train.toFixed(3));
    }
    if (validation !== null) {
      parts.push('validation ' + validation.toFixed(3));
    }
    if (speed !== null) {
      parts.push(number.format(Math.round(speed)) + ' img/s');
    }
    return 'epoch ' + data.epoch + (epochs ? '/' + epochs : '') + ': ' + parts.join(', ');
  }

  function setState(state, error) {
    stateElement.textContent = state;
    var terminal = TERMINAL.indexOf(state) >= 0;
    cancel.hidden = terminal;
    var result = document.getElementById('job-result');
    if (result) {
      result.hidden = state !== 'SUCCEEDED';
    }
    if (state !== 'QUEUED') {
      document.getElementById('job-queue').hidden = true;
    }
    if (error) {
      var errorElement = document.getElementById('job-error');
      errorElement.textContent = error;
      errorElement.hidden = false;
    }
  }

  /** The queue block of GET /api/v1/jobs/{id} (absent on servers without lanes). */
  function showQueue(job) {
    var box = document.getElementById('job-queue');
    var queue = job && job.queue;
    if (!job || job.state !== 'QUEUED' || !queue) {
      box.hidden = true;
      return false;
    }
    document.getElementById('queue-lane').textContent = queue.lane ? 'in the ' + queue.lane + ' lane' : '';
    document.getElementById('queue-position').textContent = typeof queue.position === 'number'
      ? ', position ' + queue.position + (queue.position === 1 ? ' (next)' : '') : '';
    document.getElementById('queue-estimate').textContent = typeof queue.estimatedStartSeconds === 'number'
      ? ', starts in about ' + human(queue.estimatedStartSeconds) : ', no estimate yet';
    document.getElementById('queue-waiting').textContent = queue.waitingFor ? 'Waiting for ' + queue.waitingFor + '.' : '';
    box.hidden = false;
    return true;
  }

  function human(seconds) {
    if (seconds < 60) {
      return Math.max(1, Math.round(seconds)) + ' s';
    }
    if (seconds < 3600) {
      return Math.round(seconds / 60) + ' min';
    }
    return (seconds / 3600).toFixed(1) + ' h';
  }

  function pollQueue() {
    if (stateElement.textContent !== 'QUEUED') {
      return;
    }
    api.call('GET', '/api/v1/jobs/' + id).then(function (result) {
      if (result.status === 200 && showQueue(result.body)) {
        window.setTimeout(pollQueue, 5000);
      } else if (result.status === 200 && result.body.state === 'QUEUED') {
        window.setTimeout(pollQueue, 5000);
      }
    });
  }

  var renderedTerminal = TERMINAL.indexOf(stateElement.textContent) >= 0;

  /** A job that ended while the page was open: its result, metrics and decision, from the page itself. */
  function refreshStory() {
    fetch('/jobs/' + id, { credentials: 'same-origin' }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) {
        return;
      }
      var fresh = new DOMParser().parseFromString(html, 'text/html');
      ['job-about-section', 'job-metrics'].forEach(function (key) {
        var next = fresh.getElementById(key);
        var now = document.getElementById(key);
        if (next && now) {
          now.replaceWith(document.importNode(next, true));
        } else if (next) {
          document.getElementById('curves-heading').parentNode.before(document.importNode(next, true));
        }
      });
    });
  }

  api.followJob(id, {
    end: function () {
      if (!renderedTerminal) {
        refreshStory();
      }
    },
    state: function (data) {
      setState(data.state, data.error);
      addLog('state ' + data.state + (data.error ? ': ' + data.error : ''));
    },
    progress: function (data) {
      var metrics = data.metrics || {};
      var speed = pick(metrics, ['examplesPerSecond', 'imagesPerSecond']);
      if (data.kind === 'epoch') {
        if (seen[data.epoch]) {
          return; // a point sent both live and in the replayed history
        }
        seen[data.epoch] = true;
        var loss = pick(metrics, ['loss']);
        var train = pick(metrics, ['train', 'trainScore', 'accuracy']);
        var validation = pick(metrics, ['validation', 'validationScore']);
        addLog(epochLine(data, metrics, loss, train, validation, speed), data.at);
        if (loss !== null) {
          series.loss.push([data.epoch, loss]);
        }
        if (train !== null) {
          series.train.push([data.epoch, train]);
        }
        if (validation !== null) {
          series.validation.push([data.epoch, validation]);
        }
        redraw();
      } else if (data.message) {
        addLog(data.message, data.at);
      }
      if (speed !== null) {
        document.getElementById('throughput').textContent = '· ' + number.format(Math.round(speed)) + ' img/s';
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
  // a batch's results: its owner deletes the file (and the upload it read) after a
  // confirmation, freeing their storage; the job and its predictions stay
  var deleteResult = document.getElementById('delete-result');
  if (deleteResult) {
    deleteResult.addEventListener('click', function () {
      var status = document.getElementById('cancel-status');
      if (!window.confirm('Delete the results of job #' + id + '? The CSV and the uploaded file are removed for good; '
        + 'the job and its predictions stay.')) {
        status.textContent = 'Nothing changed.';
        return;
      }
      api.call('DELETE', '/api/v1/jobs/' + id + '/result').then(function (result) {
        if (result.status === 204) {
          document.getElementById('job-result').remove();
          status.textContent = 'The results were deleted and your storage freed.';
        } else {
          status.textContent = api.problem(result);
        }
      });
    });
  }
  pollQueue();
})();

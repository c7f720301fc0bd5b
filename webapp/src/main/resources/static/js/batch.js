/*
 * The Batch page: uploads the file to POST /api/v1/jobs/batch, then follows the job it
 * queued (job-events.js) with a progress bar of the inputs done, and offers the results
 * CSV once the job has succeeded. A refused file (400, 413, 415) is explained next to the
 * file field, a missing model (503) or anything else above the progress.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var form = document.getElementById('batch-form');
  var task = document.getElementById('batch-task');
  var file = document.getElementById('batch-file');
  var fileError = document.getElementById('batch-file-error');
  var status = document.getElementById('batch-status');
  var submit = document.getElementById('batch-submit');
  var section = document.getElementById('batch-progress');
  var stateElement = document.getElementById('batch-state');
  var bar = document.getElementById('batch-bar');
  var count = document.getElementById('batch-count');
  var log = document.getElementById('batch-log');
  var source = null;

  var REFUSALS = {
    400: 'The file was refused: ',
    413: 'The file is too big: ',
    415: 'This task does not take this kind of file: ',
    503: 'No model can predict this yet: '
  };

  function clear() {
    fileError.textContent = '';
    file.removeAttribute('aria-invalid');
    status.hidden = true;
    status.textContent = '';
  }

  function refused(result) {
    var body = result.body || {};
    var text = (REFUSALS[result.status] || '') + (body.detail || api.problem(result));
    if (result.status === 400 || result.status === 413 || result.status === 415) {
      fileError.textContent = text;
      file.setAttribute('aria-invalid', 'true');
      file.focus();
    } else {
      status.textContent = text;
      status.hidden = false;
      status.focus();
    }
  }

  function addLog(text) {
    var item = document.createElement('li');
    item.textContent = new Date().toLocaleTimeString() + ' ' + text;
    log.appendChild(item);
  }

  function resultLink(id) {
    var link = document.createElement('a');
    link.href = '/api/v1/jobs/' + id + '/result';
    link.setAttribute('download', '');
    link.textContent = 'job-' + id + '-results.csv';
    return link;
  }

  /** Puts the new job at the top of "Your recent batches"; returns its state cell. */
  function listed(job) {
    var payload = job.payload || {};
    var row = document.createElement('tr');
    var link = document.createElement('a');
    link.href = '/jobs/' + job.id;
    link.textContent = '#' + job.id;
    [link, payload.task || task.value, payload.fileName || '', String(payload.items || ''), null,
      job.createdAt || '', ''].forEach(function (content) {
      var td = document.createElement('td');
      if (content instanceof Node) {
        td.appendChild(content);
      } else if (content === null) {
        var state = document.createElement('span');
        state.textContent = job.state;
        state.className = 'state state-' + String(job.state).toLowerCase();
        td.appendChild(state);
      } else {
        td.textContent = content;
      }
      row.appendChild(td);
    });
    var body = document.querySelector('#batches tbody');
    body.insertBefore(row, body.firstChild);
    document.getElementById('no-batches').hidden = true;
    document.getElementById('batches-table').hidden = false;
    return row;
  }

  /** Shows the job's progress live until it ends. */
  function follow(id, row) {
    if (source) {
      source.close();
    }
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    section.hidden = false;
    var link = document.getElementById('batch-job-link');
    link.textContent = '#' + id;
    link.href = '/jobs/' + id;
    document.getElementById('batch-download').href = '/api/v1/jobs/' + id + '/result';
    document.getElementById('batch-result').hidden = true;
    document.getElementById('batch-error').hidden = true;
    bar.value = 0;
    count.textContent = '';
    source = api.followJob(id, {
      state: function (data) {
        stateElement.textContent = data.state;
        stateElement.className = 'state state-' + data.state.toLowerCase();
        var listedState = row.querySelector('.state');
        listedState.textContent = data.state;
        listedState.className = stateElement.className;
        addLog('state ' + data.state);
        if (data.state === 'SUCCEEDED') {
          bar.value = bar.max;
          document.getElementById('batch-result').hidden = false;
          if (!row.lastChild.firstChild) {
            row.lastChild.appendChild(resultLink(id));
          }
        }
        if (data.error) {
          var error = document.getElementById('batch-error');
          error.textContent = data.error;
          error.hidden = false;
        }
      },
      progress: function (data) {
        var metrics = data.metrics || {};
        if (typeof metrics.total === 'number' && metrics.total > 0) {
          bar.max = metrics.total;
          bar.value = metrics.processed || 0;
          count.textContent = '· ' + (metrics.processed || 0) + ' of ' + metrics.total + ' inputs'
            + (metrics.errors ? ' (' + metrics.errors + ' unreadable)' : '');
        }
        if (data.message) {
          addLog(data.message);
        }
      }
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clear();
    if (!file.files.length) {
      fileError.textContent = task.value === 'toxicity' ? 'Choose a CSV of texts.' : 'Choose a zip of images.';
      file.setAttribute('aria-invalid', 'true');
      file.focus();
      return;
    }
    var data = new FormData();
    data.append('task', task.value);
    data.append('file', file.files[0]);
    submit.disabled = true;
    api.call('POST', '/api/v1/jobs/batch', data).then(function (result) {
      submit.disabled = false;
      if (result.status === 202 && result.body && result.body.id) {
        follow(result.body.id, listed(result.body));
      } else {
        refused(result);
      }
    }, function () {
      submit.disabled = false;
      status.textContent = 'The upload did not reach the server (too big for the proxy, or the connection dropped).';
      status.hidden = false;
    });
  });
})();

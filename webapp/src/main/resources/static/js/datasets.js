/*
 * The datasets page: an admin's import buttons queue a built-in import; the upload form
 * posts the file to POST /api/v1/datasets. Both say which job was queued (with a link to
 * follow it) and then follow it live over SSE (job-events.js): its state and progress
 * show in the status line, and once it has succeeded the dataset cards are drawn again
 * from the page itself, without a reload. A refusal shows the server's reason.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var status = document.getElementById('datasets-status');
  var uploadStatus = document.getElementById('upload-status');

  /** Draws the built-in and upload sections again from a fresh copy of this page. */
  function refreshCards() {
    return fetch('/datasets', { credentials: 'same-origin' }).then(function (response) {
      return response.ok ? response.text() : null;
    }).then(function (html) {
      if (!html) {
        return;
      }
      var fresh = new DOMParser().parseFromString(html, 'text/html');
      ['builtin-section', 'uploads-section'].forEach(function (id) {
        var next = fresh.getElementById(id);
        var now = document.getElementById(id);
        if (next && now) {
          now.replaceWith(document.importNode(next, true));
        }
      });
    });
  }

  function queued(target, verb, result) {
    target.textContent = '';
    if (result.status === 202 && result.body && result.body.id) {
      var id = result.body.id;
      target.appendChild(document.createTextNode(verb + ': import job '));
      var link = document.createElement('a');
      link.href = '/jobs/' + id;
      link.id = 'queued-job';
      link.textContent = '#' + id;
      target.appendChild(link);
      target.appendChild(document.createTextNode(' is '));
      var state = document.createElement('strong');
      state.className = 'import-state';
      state.textContent = 'QUEUED';
      target.appendChild(state);
      var detail = document.createElement('span');
      detail.className = 'import-detail';
      target.appendChild(detail);
      api.followJob(id, {
        state: function (data) {
          state.textContent = data.state;
          if (data.state === 'SUCCEEDED') {
            detail.textContent = ': the dataset is ready below.';
            refreshCards();
          } else if (data.error) {
            detail.textContent = ': ' + data.error;
          }
        },
        progress: function (data) {
          if (data.message && state.textContent === 'RUNNING') {
            detail.textContent = ': ' + data.message;
          }
        }
      });
    } else {
      target.textContent = api.problem(result);
    }
  }

  // delegated: the sections are drawn again once an import has succeeded
  document.addEventListener('click', function (event) {
    var button = event.target.closest('button.import, button.trust');
    if (!button) {
      return;
    }
    if (button.classList.contains('import')) {
      status.textContent = 'Working…';
      api.call('POST', '/api/v1/datasets/import', { dataset: button.getAttribute('data-dataset') })
        .then(function (result) { queued(status, 'Accepted', result); });
      return;
    }
    // an admin's trust buttons: POST marks the upload trusted, DELETE withdraws it
    var trusted = button.getAttribute('data-trusted') === 'true';
    status.textContent = 'Working…';
    api.call(trusted ? 'DELETE' : 'POST', '/api/v1/datasets/' + button.getAttribute('data-id') + '/trust')
      .then(function (result) {
        if (result.status === 200 && result.body) {
          button.setAttribute('data-trusted', String(result.body.trusted));
          button.textContent = result.body.trusted ? 'Withdraw trust' : 'Mark trusted';
          status.textContent = 'Dataset #' + result.body.id + (result.body.trusted
            ? ' is trusted: scheduled retraining may train on it.' : ' is no longer trusted.');
        } else {
          status.textContent = api.problem(result);
        }
      });
  });

  // delete buttons: the owner's (an admin's for built-in and trusted ones), after a
  // confirmation; a dataset a job uses is refused (409) with the jobs named
  document.querySelectorAll('button.delete').forEach(function (button) {
    button.addEventListener('click', function () {
      var name = button.getAttribute('data-name');
      if (!window.confirm('Delete dataset ' + name + '? Its files are removed for good; models trained on it stay.')) {
        return;
      }
      status.textContent = 'Working…';
      api.call('DELETE', '/api/v1/datasets/' + button.getAttribute('data-id')).then(function (result) {
        if (result.status === 204) {
          var card = button.closest('article');
          if (card.classList.contains('upload')) {
            card.remove();
          } else {
            button.remove();
          }
          status.textContent = 'Dataset ' + name + ' was deleted and its storage freed.';
        } else {
          status.textContent = api.problem(result);
        }
      });
    });
  });

  var form = document.getElementById('upload-form');
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var file = document.getElementById('upload-file');
    if (!file.files.length) {
      uploadStatus.textContent = 'Choose a file first.';
      return;
    }
    var data = new FormData();
    data.append('task', document.getElementById('upload-task').value);
    var name = document.getElementById('upload-name').value.trim();
    if (name) {
      data.append('name', name);
    }
    data.append('file', file.files[0]);
    uploadStatus.textContent = 'Uploading…';
    api.call('POST', '/api/v1/datasets', data).then(function (result) {
      queued(uploadStatus, 'Uploaded', result);
    }, function () {
      uploadStatus.textContent = 'The upload failed: the connection was lost.';
    });
  });
})();

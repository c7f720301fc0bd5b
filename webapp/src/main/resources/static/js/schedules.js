/*
 * The Schedules page (admins): lists GET /api/v1/schedules (every page) with each cron in plain words
 * (the API's "description") and its next fire time, enables and disables a schedule
 * (PUT with the same spec and the other "enabled"), deletes one once the admin confirms it in a
 * dialog, and creates one (POST);
 * a refused schedule shows each broken rule next to its field.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var table = document.querySelector('#schedules tbody');
  var empty = document.getElementById('no-schedules');
  var status = document.getElementById('schedules-status');
  var form = document.getElementById('schedule-form');
  var formStatus = document.getElementById('schedule-form-status');
  var submit = document.getElementById('schedule-submit');
  var schedules = {};

  function cell(row, content) {
    var td = document.createElement('td');
    if (content instanceof Node) {
      td.appendChild(content);
    } else {
      td.textContent = content;
    }
    row.appendChild(td);
    return td;
  }

  /** The instant in the schedule's own zone, e.g. "26 Nov 2026, 03:00", and how far off it is. */
  function when(iso, zone) {
    var date = new Date(iso);
    var text;
    try {
      text = date.toLocaleString('en-GB', { timeZone: zone, dateStyle: 'medium', timeStyle: 'short' });
    } catch (e) {
      text = date.toISOString().replace('T', ' ').substring(0, 16) + ' UTC';
    }
    var minutes = Math.round((date.getTime() - Date.now()) / 60000);
    var away = minutes < 60 ? 'in ' + Math.max(minutes, 0) + ' min'
      : minutes < 48 * 60 ? 'in ' + Math.round(minutes / 60) + ' h' : 'in ' + Math.round(minutes / 1440) + ' days';
    var time = document.createElement('time');
    time.setAttribute('datetime', iso);
    time.className = 'next-fire';
    time.textContent = text + ' (' + zone + '), ' + away;
    return time;
  }

  function button(text, className, label, onClick) {
    var element = document.createElement('button');
    element.type = 'button';
    element.className = className;
    element.textContent = text;
    element.setAttribute('aria-label', label);
    element.addEventListener('click', onClick);
    return element;
  }

  function render(list) {
    while (table.firstChild) {
      table.removeChild(table.firstChild);
    }
    schedules = {};
    empty.hidden = list.length > 0;
    list.forEach(function (schedule) {
      schedules[schedule.id] = schedule;
      var row = document.createElement('tr');
      row.id = 'schedule-' + schedule.id;
      row.setAttribute('data-id', schedule.id);
      cell(row, schedule.task);
      var words = cell(row, '');
      var description = document.createElement('span');
      description.className = 'description';
      description.textContent = schedule.description;
      var cron = document.createElement('code');
      cron.textContent = schedule.cron;
      words.appendChild(description);
      words.appendChild(document.createElement('br'));
      words.appendChild(cron);
      if (schedule.enabled && schedule.nextFireAt) {
        cell(row, when(schedule.nextFireAt, schedule.zone));
      } else {
        cell(row, 'not while disabled').className = 'next-fire';
      }
      cell(row, String(schedule.minImprovement));
      if (schedule.lastJobId) {
        var link = document.createElement('a');
        link.href = '/jobs/' + schedule.lastJobId;
        link.textContent = '#' + schedule.lastJobId;
        cell(row, link);
      } else {
        cell(row, 'none yet');
      }
      cell(row, schedule.enabled ? 'yes' : 'no').className = 'enabled';
      var actions = document.createElement('div');
      actions.className = 'buttons';
      cell(row, actions);
      var name = 'the ' + schedule.task + ' schedule #' + schedule.id;
      actions.appendChild(button(schedule.enabled ? 'Disable' : 'Enable', 'toggle secondary',
        (schedule.enabled ? 'Disable ' : 'Enable ') + name, function () { toggle(schedule.id); }));
      actions.appendChild(button('Delete', 'delete secondary', 'Delete ' + name, function () { remove(schedule.id); }));
      table.appendChild(row);
    });
  }

  /** Every schedule: the API pages its lists (at most 100 a page), so read page after page. */
  function load() {
    var all = [];
    function next(page) {
      return api.call('GET', '/api/v1/schedules?size=100&sort=id,asc&page=' + page).then(function (result) {
        if (result.status !== 200) {
          status.textContent = api.problem(result);
          return;
        }
        all = all.concat(result.body.content || []);
        if (page + 1 < result.body.page.totalPages) {
          return next(page + 1);
        }
        render(all);
      });
    }
    return next(0);
  }

  function toggle(id) {
    var s = schedules[id];
    var spec = { task: s.task, cron: s.cron, zone: s.zone, enabled: !s.enabled, minImprovement: s.minImprovement,
      parameters: s.parameters };
    status.textContent = 'Working…';
    api.call('PUT', '/api/v1/schedules/' + id, spec).then(function (result) {
      if (result.status === 200) {
        status.textContent = (result.body.enabled ? 'Enabled' : 'Disabled') + ' schedule #' + id + '.';
      } else {
        status.textContent = api.problem(result);
      }
      return load();
    });
  }

  /** Resolves to true when the user confirms the sentence in the page's dialog. */
  function confirmed(sentence) {
    var dialog = document.getElementById('confirm');
    return new Promise(function (resolve) {
      document.getElementById('confirm-text').textContent = sentence;
      dialog.returnValue = '';
      dialog.addEventListener('close', function once() {
        dialog.removeEventListener('close', once);
        resolve(dialog.returnValue === 'yes');
      });
      dialog.showModal();
    });
  }

  /** Deletes a schedule once the user has confirmed it (a deletion cannot be undone). */
  function remove(id) {
    var s = schedules[id];
    confirmed('Delete the ' + s.task + ' schedule #' + id + ' (' + (s.description || s.cron)
      + ')? It will not run again; its past jobs stay.').then(function (yes) {
      if (!yes) {
        status.textContent = 'Nothing changed.';
        return;
      }
      status.textContent = 'Working…';
      api.call('DELETE', '/api/v1/schedules/' + id).then(function (result) {
        status.textContent = (result.status === 204) ? 'Deleted schedule #' + id + '.' : api.problem(result);
        return load();
      });
    });
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (element) {
      element.textContent = '';
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (element) {
      element.removeAttribute('aria-invalid');
    });
    formStatus.hidden = true;
  }

  /** Puts a message next to its field; false when the form has no such field. */
  function fieldError(field, message) {
    var element = document.getElementById('schedule-' + field + '-error');
    if (!element) {
      return false;
    }
    element.textContent = (element.textContent ? element.textContent + ' ' : '') + message;
    document.getElementById('schedule-' + field).setAttribute('aria-invalid', 'true');
    return true;
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var min = document.getElementById('schedule-minImprovement');
    if (min.validity.badInput) {
      fieldError('minImprovement', 'must be a number');
      min.focus();
      return;
    }
    var spec = {
      task: document.getElementById('schedule-task').value,
      cron: document.getElementById('schedule-cron').value,
      zone: document.getElementById('schedule-zone').value || null,
      enabled: document.getElementById('schedule-enabled').checked,
      minImprovement: min.value === '' ? null : Number(min.value)
    };
    submit.disabled = true;
    api.call('POST', '/api/v1/schedules', spec).then(function (result) {
      submit.disabled = false;
      if (result.status === 201) {
        status.textContent = 'Created schedule #' + result.body.id + ': ' + result.body.description + '.';
        return load();
      }
      var unplaced = [];
      ((result.body && result.body.errors) || []).forEach(function (error) {
        if (!fieldError(error.field || '', error.message)) {
          unplaced.push((error.field ? error.field + ': ' : '') + error.message);
        }
      });
      var first = form.querySelector('[aria-invalid="true"]');
      if (unplaced.length || !first) {
        formStatus.textContent = unplaced.length ? unplaced.join('; ') : api.problem(result);
        formStatus.hidden = false;
      }
      (first || formStatus).focus();
    });
  });

  load();
})();

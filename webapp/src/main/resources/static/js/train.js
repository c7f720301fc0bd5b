/*
 * The Train page: switches the defaults, architectures and datasets with the task, posts
 * the form to POST /api/v1/jobs, and on success goes to the job page. A refusal (an RFC
 * 9457 problem whose "errors" name the fields) is shown next to each field; a refusal
 * that names no field is shown above the form.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var form = document.getElementById('train-form');
  var defaults = JSON.parse(form.getAttribute('data-defaults'));
  var architectures = JSON.parse(form.getAttribute('data-architectures'));
  var status = document.getElementById('train-status');
  var task = document.getElementById('train-task');
  var dataset = document.getElementById('train-dataset');
  var architecture = document.getElementById('train-architecture');
  var submit = document.getElementById('train-submit');

  /** The form's fields, by the name the API gives them in its field errors. */
  var NUMBERS = ['epochs', 'batchSize', 'learningRate', 'seed', 'patience', 'validationFraction', 'labelSmoothing',
    'limit'];
  /** TrainingParameters calls the limit trainLimit; the request calls it limit. */
  var ALIASES = { trainLimit: 'limit', 'parameters.trainLimit': 'limit' };

  function input(name) {
    return document.getElementById('train-' + name);
  }

  function errorElement(name) {
    return document.getElementById('train-' + name + '-error');
  }

  function clearErrors() {
    Array.prototype.forEach.call(form.querySelectorAll('.field-error'), function (element) {
      element.textContent = '';
    });
    Array.prototype.forEach.call(form.querySelectorAll('[aria-invalid]'), function (element) {
      element.removeAttribute('aria-invalid');
    });
    status.hidden = true;
    status.textContent = '';
  }

  /** Puts a message next to its field; false when the page has no such field. */
  function fieldError(field, message) {
    var name = ALIASES[field] || field.replace(/^parameters\./, '');
    var element = errorElement(name);
    if (!element) {
      return false;
    }
    element.textContent = (element.textContent ? element.textContent + ' ' : '') + message;
    var control = input(name) || (name === 'datasetId' ? dataset : null);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
    }
    return true;
  }

  function showDefault(name, value) {
    var element = form.querySelector('.default[data-for="' + name + '"]');
    if (element) {
      element.textContent = (typeof value === 'boolean') ? (value ? 'on' : 'off') : String(value);
    }
  }

  /** Sets every hyper-parameter to the selected task's default. */
  function applyDefaults() {
    var id = task.value;
    var values = defaults[id];
    while (architecture.firstChild) {
      architecture.removeChild(architecture.firstChild);
    }
    architectures[id].forEach(function (name) {
      var option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      option.selected = name === values.architecture;
      architecture.appendChild(option);
    });
    showDefault('architecture', values.architecture);
    var limit = values.trainLimit;
    NUMBERS.forEach(function (name) {
      var value = (name === 'limit') ? limit : values[name];
      input(name).value = value;
      showDefault(name, value);
    });
    var augmentation = input('augmentation');
    augmentation.checked = values.augmentation;
    // text tasks have nothing to shift or rotate
    augmentation.disabled = architectures[id].indexOf('bow') >= 0;
    showDefault('augmentation', values.augmentation);
    Array.prototype.forEach.call(dataset.options, function (option) {
      var mine = !option.value || option.getAttribute('data-task') === id;
      option.hidden = !mine;
      option.disabled = !mine;
    });
    if (dataset.selectedOptions.length && dataset.selectedOptions[0].disabled) {
      dataset.value = '';
    }
    clearErrors();
  }

  /** The request body, or null when a field holds something that is not a number. */
  function body() {
    var parameters = { architecture: architecture.value };
    var bad = false;
    NUMBERS.forEach(function (name) {
      var control = input(name);
      if (control.validity.badInput) {
        fieldError(name, 'must be a number');
        bad = true;
        return;
      }
      parameters[name] = (control.value === '') ? null : Number(control.value);
    });
    parameters.augmentation = input('augmentation').checked;
    var request = {
      type: 'TRAIN',
      task: task.value,
      datasetId: dataset.value ? Number(dataset.value) : null,
      parameters: parameters
    };
    var promote = input('promote');
    if (promote) {
      request.promote = promote.value || null;
      request.feedback = input('feedback').checked;
      var min = input('minImprovement');
      if (min.validity.badInput) {
        fieldError('minImprovement', 'must be a number');
        bad = true;
      } else if (min.value !== '') {
        request.minImprovement = Number(min.value);
      }
    }
    return bad ? null : request;
  }

  function refused(result) {
    var placed = 0;
    var unplaced = [];
    ((result.body && result.body.errors) || []).forEach(function (error) {
      if (fieldError(error.field || '', error.message || 'is invalid')) {
        placed++;
      } else {
        unplaced.push((error.field ? error.field + ': ' : '') + error.message);
      }
    });
    if (!placed || unplaced.length) {
      status.textContent = placed ? 'Also: ' + unplaced.join('; ') : api.problem(result);
      status.hidden = false;
    }
    var first = form.querySelector('[aria-invalid="true"]');
    (first || status).focus();
  }

  task.addEventListener('change', applyDefaults);
  document.getElementById('train-reset').addEventListener('click', applyDefaults);

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearErrors();
    var request = body();
    if (!request) {
      var first = form.querySelector('[aria-invalid="true"]');
      if (first) {
        first.focus();
      }
      return;
    }
    submit.disabled = true;
    api.call('POST', '/api/v1/jobs', request).then(function (result) {
      if (result.status === 202 && result.body && result.body.id) {
        window.location.assign('/jobs/' + result.body.id);
        return;
      }
      submit.disabled = false;
      refused(result);
    }, function () {
      submit.disabled = false;
      status.textContent = 'The server could not be reached; nothing was submitted.';
      status.hidden = false;
    });
  });

  status.setAttribute('tabindex', '-1');
  // the Predict page links here as /train?task=fashion
  var wanted = new URLSearchParams(window.location.search).get('task');
  if (wanted && Array.prototype.some.call(task.options, function (option) { return option.value === wanted; })) {
    task.value = wanted;
  }
  applyDefaults();
})();

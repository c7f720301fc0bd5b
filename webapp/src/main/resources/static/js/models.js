/*
 * The models page: an admin's promote and roll back buttons, and the Delete button of a
 * version the user trained, ask for confirmation in a dialog (naming the version), call
 * the API, then reload. Ticking two or more versions of
 * a task and choosing Compare shows their metrics and parameters side by side and their
 * training curves overlaid (from each card's data-curve, drawn by charts.js).
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var status = document.getElementById('models-status');
  var dialog = document.getElementById('confirm');

  /** Resolves to true when the user confirms the sentence. */
  function confirmed(sentence) {
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

  function act(sentence, url, method) {
    confirmed(sentence).then(function (yes) {
      if (!yes) {
        status.textContent = 'Nothing changed.';
        return;
      }
      status.textContent = 'Working…';
      api.call(method || 'POST', url).then(function (result) {
        if (result.status === 200 || result.status === 204) {
          window.location.reload();
        } else {
          status.textContent = api.problem(result);
        }
      });
    });
  }

  document.querySelectorAll('button.promote').forEach(function (button) {
    button.addEventListener('click', function () {
      act('Promote ' + button.getAttribute('data-task') + ' v' + button.getAttribute('data-version')
        + '? It will serve every prediction of the task, and the version serving now is retired.',
        '/api/v1/models/' + button.getAttribute('data-id') + '/promote');
    });
  });
  document.querySelectorAll('button.rollback').forEach(function (button) {
    button.addEventListener('click', function () {
      act('Roll ' + button.getAttribute('data-task') + ' back to v' + button.getAttribute('data-target')
        + '? It will serve again, and the version serving now is retired.',
        '/api/v1/models/rollback?task=' + encodeURIComponent(button.getAttribute('data-task')));
    });
  });

  document.querySelectorAll('button.delete').forEach(function (button) {
    button.addEventListener('click', function () {
      act('Delete ' + button.getAttribute('data-task') + ' v' + button.getAttribute('data-version')
        + '? Its model file is removed for good and your storage is freed; its card stays, marked DELETED.',
        '/api/v1/models/' + button.getAttribute('data-id'), 'DELETE');
    });
  });

  /** The name/value pairs of a dl, as an object. */
  function pairs(list) {
    var out = {};
    if (!list) {
      return out;
    }
    var names = list.querySelectorAll('dt');
    names.forEach(function (dt) {
      out[dt.textContent.trim()] = dt.nextElementSibling ? dt.nextElementSibling.textContent.trim() : '';
    });
    return out;
  }

  function row(cells, header) {
    var tr = document.createElement('tr');
    cells.forEach(function (text, i) {
      var cell = document.createElement(i === 0 || header ? 'th' : 'td');
      if (i === 0 || header) {
        cell.scope = header ? 'col' : 'row';
      }
      cell.textContent = text;
      tr.appendChild(cell);
    });
    return tr;
  }

  function compare(task) {
    var section = document.getElementById('models-' + task);
    var cards = Array.prototype.filter.call(section.querySelectorAll('article.version'), function (card) {
      return card.querySelector('input.pick').checked;
    }).reverse(); // oldest first, left to right
    var box = document.getElementById('compare-' + task);
    var head = box.querySelector('thead');
    var body = box.querySelector('tbody');
    head.textContent = '';
    body.textContent = '';
    var versions = cards.map(function (card) { return 'v' + card.getAttribute('data-version'); });
    head.appendChild(row(['metric'].concat(versions), true));
    var tables = cards.map(function (card) {
      var metrics = pairs(card.querySelector('.version-metrics dl.summary'));
      var score = card.querySelector('.score');
      if (score) {
        metrics[score.firstElementChild.textContent] = score.lastElementChild.textContent;
      }
      card.querySelectorAll('.version-metrics table.per-class tbody tr').forEach(function (tr) {
        var cells = tr.children;
        // the per-class F1 (images) or ROC AUC (toxicity): the column after support or label
        var header = tr.closest('table').querySelectorAll('thead th');
        var column = header.length > 3 && header[3].textContent === 'F1' ? 3 : 1;
        metrics[header[column].textContent + ' ' + cells[0].textContent] = cells[column].textContent;
      });
      var parameters = pairs(card.querySelector('.version-parameters dl'));
      var about = pairs(card.querySelector('dl.pairs'));
      return { metrics: metrics, parameters: parameters, about: about };
    });
    function addRows(pick, keys) {
      keys.forEach(function (key) {
        var values = tables.map(function (t) { return pick(t)[key] || '–'; });
        var tr = row([key].concat(values));
        if (values.some(function (v) { return v !== values[0]; })) {
          tr.className = 'differs';
        }
        body.appendChild(tr);
      });
    }
    function keys(pick) {
      var all = [];
      tables.forEach(function (t) {
        Object.keys(pick(t)).forEach(function (k) {
          if (all.indexOf(k) < 0) {
            all.push(k);
          }
        });
      });
      return all;
    }
    var metricsOf = function (t) { return t.metrics; };
    var parametersOf = function (t) { return t.parameters; };
    var aboutOf = function (t) { return t.about; };
    addRows(metricsOf, keys(metricsOf));
    addRows(aboutOf, ['Dataset', 'Trained']);
    addRows(parametersOf, keys(parametersOf));
    var curves = cards.map(function (card) {
      try {
        return JSON.parse(card.getAttribute('data-curve') || '[]');
      } catch (e) {
        return [];
      }
    });
    function spec(label, pick) {
      return {
        xLabel: 'epoch', yLabel: label,
        series: curves.map(function (points, i) {
          return {
            label: versions[i],
            points: points.filter(function (p) { return pick(p) !== null && pick(p) !== undefined; })
              .map(function (p) { return [p.epoch, pick(p)]; })
          };
        })
      };
    }
    box.hidden = false;
    var scoreElement = box.querySelector('.compare-score');
    var lossElement = box.querySelector('.compare-loss');
    scoreElement.textContent = '';
    lossElement.textContent = '';
    var score = spec('score', function (p) { return p.validation !== null && p.validation !== undefined ? p.validation : p.train; });
    var loss = spec('loss', function (p) { return p.loss; });
    if (score.series.some(function (s) { return s.points.length; })) {
      api.lineChart(scoreElement, score);
    } else {
      scoreElement.textContent = 'No training curve stored for these versions.';
    }
    if (loss.series.some(function (s) { return s.points.length; })) {
      api.lineChart(lossElement, loss);
    } else {
      lossElement.textContent = 'No training curve stored for these versions.';
    }
    box.scrollIntoView({ block: 'start' });
  }

  document.querySelectorAll('button.compare').forEach(function (button) {
    var task = button.getAttribute('data-task');
    var section = document.getElementById('models-' + task);
    function refresh() {
      var ticked = section.querySelectorAll('input.pick:checked').length;
      button.disabled = ticked < 2;
      button.textContent = ticked < 2 ? 'Tick two or more versions to compare' : 'Compare ' + ticked + ' versions';
    }
    section.querySelectorAll('input.pick').forEach(function (box) { box.addEventListener('change', refresh); });
    button.addEventListener('click', function () { compare(task); });
    refresh();
  });
})();

/*
 * The Predict page: draw on the pad (mouse, touch or pen), upload an image, or type a
 * comment; POST it to /api/v1/predict/{task}; show the probabilities as bars, the model
 * version and the latency; and send "wrong, it is X" as feedback.
 */
(function () {
  'use strict';

  var api = window.deepdock;
  var taskSelect = document.getElementById('task');
  var pad = document.getElementById('pad');
  var context = pad.getContext('2d');
  var drawn = false;
  var last = null;

  function task() {
    return taskSelect.value;
  }

  function selectedOption() {
    return taskSelect.options[taskSelect.selectedIndex];
  }

  function showInputs() {
    var text = selectedOption().getAttribute('data-text') === 'true';
    document.getElementById('image-input').hidden = text;
    document.getElementById('text-input').hidden = !text;
  }

  function clearPad() {
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, pad.width, pad.height);
    drawn = false;
  }

  function point(event) {
    var box = pad.getBoundingClientRect();
    return {
      x: (event.clientX - box.left) * pad.width / box.width,
      y: (event.clientY - box.top) * pad.height / box.height
    };
  }

  function stroke(from, to) {
    context.strokeStyle = '#000000';
    context.lineWidth = pad.width / 12;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    drawn = true;
  }

  pad.addEventListener('pointerdown', function (event) {
    event.preventDefault();
    if (pad.setPointerCapture) {
      pad.setPointerCapture(event.pointerId);
    }
    last = point(event);
    stroke(last, last);
  });
  pad.addEventListener('pointermove', function (event) {
    if (last) {
      event.preventDefault();
      var next = point(event);
      stroke(last, next);
      last = next;
    }
  });
  ['pointerup', 'pointercancel', 'pointerleave'].forEach(function (name) {
    pad.addEventListener(name, function () {
      last = null;
    });
  });

  /**
   * The drawing as MNIST sees digits: the ink's bounding box scaled into 20x20, centred
   * in 28x28, 0 = background and 255 = ink.
   */
  function pixels() {
    var data = context.getImageData(0, 0, pad.width, pad.height).data;
    var minX = pad.width, minY = pad.height, maxX = -1, maxY = -1;
    for (var y = 0; y < pad.height; y++) {
      for (var x = 0; x < pad.width; x++) {
        if (data[(y * pad.width + x) * 4] < 128) {
          minX = Math.min(minX, x); maxX = Math.max(maxX, x);
          minY = Math.min(minY, y); maxY = Math.max(maxY, y);
        }
      }
    }
    var small = document.createElement('canvas');
    small.width = 28;
    small.height = 28;
    var target = small.getContext('2d');
    target.fillStyle = '#ffffff';
    target.fillRect(0, 0, 28, 28);
    if (maxX >= 0) {
      var w = maxX - minX + 1, h = maxY - minY + 1;
      var scale = 20 / Math.max(w, h);
      var dw = w * scale, dh = h * scale;
      target.imageSmoothingEnabled = true;
      target.drawImage(pad, minX, minY, w, h, (28 - dw) / 2, (28 - dh) / 2, dw, dh);
    }
    var small28 = target.getImageData(0, 0, 28, 28).data;
    var values = [];
    for (var i = 0; i < 28 * 28; i++) {
      values.push(255 - small28[i * 4]);
    }
    return task() === 'digits' ? centreOfMass(values) : values;
  }

  /**
   * Moves the ink so that its centre of mass sits in the middle of 28x28, as MNIST was
   * made and as the server does with uploaded photos (ImagePreprocessor).
   */
  function centreOfMass(values) {
    var mass = 0, mx = 0, my = 0;
    for (var y = 0; y < 28; y++) {
      for (var x = 0; x < 28; x++) {
        var v = values[y * 28 + x];
        mass += v; mx += v * x; my += v * y;
      }
    }
    if (mass === 0) {
      return values;
    }
    var dx = Math.round(13.5 - mx / mass), dy = Math.round(13.5 - my / mass);
    var moved = new Array(28 * 28).fill(0);
    for (var sy = 0; sy < 28; sy++) {
      for (var sx = 0; sx < 28; sx++) {
        var tx = sx + dx, ty = sy + dy;
        if (tx >= 0 && ty >= 0 && tx < 28 && ty < 28) {
          moved[ty * 28 + tx] = values[sy * 28 + sx];
        }
      }
    }
    return moved;
  }

  function message(text, error) {
    var element = document.getElementById('message');
    element.textContent = text;
    element.hidden = !text;
    element.classList.toggle('error', !!error);
  }

  /** One row per class: its name, a bar (its width set through the CSSOM, which the CSP allows) and the percentage. */
  function chart(probabilities) {
    var element = document.getElementById('chart');
    element.textContent = '';
    var labels = Object.keys(probabilities);
    var best = labels.reduce(function (a, b) { return probabilities[a] >= probabilities[b] ? a : b; });
    labels.forEach(function (label) {
      var p = probabilities[label];
      var percent = (p * 100).toFixed(1) + '%';
      var row = document.createElement('div');
      row.className = 'bar' + (label === best ? ' best' : '');
      row.setAttribute('data-label', label);
      row.title = label + ': ' + percent;
      var name = document.createElement('span');
      name.className = 'bar-name';
      name.textContent = label;
      var track = document.createElement('span');
      track.className = 'bar-track';
      var fill = document.createElement('span');
      fill.className = 'bar-fill';
      fill.style.display = 'block';
      fill.style.width = (p * 100).toFixed(2) + '%';
      track.appendChild(fill);
      var value = document.createElement('span');
      value.className = 'bar-percent';
      value.textContent = percent;
      row.appendChild(name);
      row.appendChild(track);
      row.appendChild(value);
      element.appendChild(row);
    });
  }

  /**
   * "Wrong? It is X": the first click records the label and then shows it ("Your
   * feedback: it is X") with a Change button; only after Change does another click replace
   * it, and the page says what it replaced.
   */
  function feedbackButtons(predictionId, predicted) {
    var container = document.getElementById('feedback-buttons');
    var status = document.getElementById('feedback-status');
    var current = document.getElementById('feedback-current');
    var choose = document.getElementById('feedback-choose');
    var given = null;
    status.textContent = '';
    current.hidden = true;
    choose.hidden = false;
    document.getElementById('feedback-prompt').textContent = 'Wrong? Say what it is:';
    container.textContent = '';
    selectedOption().getAttribute('data-labels').split('|').forEach(function (label) {
      if (label === predicted) {
        return;
      }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary feedback';
      button.textContent = 'It is ' + label;
      button.setAttribute('data-label', label);
      button.setAttribute('aria-pressed', 'false');
      button.addEventListener('click', function () {
        if (label === given) {
          return;
        }
        var previous = given;
        api.call('POST', '/api/v1/predictions/' + predictionId + '/feedback', { label: label }).then(function (result) {
          if (result.status !== 200) {
            status.textContent = api.problem(result);
            return;
          }
          given = label;
          container.querySelectorAll('button').forEach(function (b) {
            var pressed = b.getAttribute('data-label') === label;
            b.setAttribute('aria-pressed', String(pressed));
            b.disabled = pressed;
          });
          document.getElementById('feedback-label').textContent = label;
          current.hidden = false;
          choose.hidden = true;
          status.textContent = previous === null
            ? 'Thank you: noted as "' + label + '"; the next training learns from it.'
            : 'Changed from "' + previous + '" to "' + label + '".';
        });
      });
      container.appendChild(button);
    });
    document.getElementById('feedback-change').onclick = function () {
      choose.hidden = false;
      document.getElementById('feedback-prompt').textContent = 'Your feedback is "' + given
        + '". Choose another label to replace it:';
      status.textContent = '';
    };
  }

  var asking = false;
  var again = null;

  function predict(body, quiet) {
    if (asking) {
      again = body; // one request at a time: the newest drawing waits for the answer
      return;
    }
    asking = true;
    if (!quiet) {
      message('Asking the model…');
      document.getElementById('answer').hidden = true;
    }
    api.call('POST', '/api/v1/predict/' + encodeURIComponent(task()), body).then(function (result) {
      if (result.status === 200) {
        var answer = result.body;
        message('');
        document.getElementById('label').textContent = answer.label;
        document.getElementById('model-version').textContent = 'v' + answer.modelVersion.version;
        document.getElementById('latency').textContent = answer.latencyMs.toFixed(1);
        chart(answer.probabilities);
        feedbackButtons(answer.predictionId, answer.label);
        var shown = document.getElementById('answer');
        shown.hidden = false;
        // on a phone the answer must be seen without the user scrolling: bring all of it in
        if (!quiet && shown.getBoundingClientRect().bottom > window.innerHeight) {
          shown.scrollIntoView({ block: 'end' });
        }
      } else if (result.status === 503) {
        message('No model serves "' + task() + '" yet: see above what to do (train one, or upload a dataset first).', true);
      } else {
        message(api.problem(result), true);
      }
    }, function () {
      message('The server could not be reached.', true);
    }).then(function () {
      asking = false;
      if (again) {
        var next = again;
        again = null;
        predict(next, true);
      }
    });
  }

  /** Predict as you draw: 250 ms after the last stroke, as Gradio's live interfaces do. */
  var live = document.getElementById('live');
  var timer = null;
  function drawnLive() {
    if (!live.checked || !drawn) {
      return;
    }
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      predict({ pixels: pixels() }, true);
    }, 250);
  }
  pad.addEventListener('pointerup', drawnLive);
  pad.addEventListener('pointermove', function () {
    if (last) {
      drawnLive();
    }
  });

  taskSelect.addEventListener('change', showInputs);
  document.getElementById('clear-pad').addEventListener('click', clearPad);
  document.getElementById('predict-drawing').addEventListener('click', function () {
    if (!drawn) {
      message('Draw something on the pad first.', true);
      return;
    }
    predict({ pixels: pixels() });
  });
  document.getElementById('upload-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var file = document.getElementById('image').files[0];
    if (!file) {
      message('Choose an image file first.', true);
      return;
    }
    var form = new FormData();
    form.append('image', file);
    predict(form);
  });
  document.getElementById('text-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var text = document.getElementById('text').value;
    if (!text.trim()) {
      message('Type a comment first.', true);
      return;
    }
    predict({ text: text });
  });
  clearPad();
  showInputs();
})();

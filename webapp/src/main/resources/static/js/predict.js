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

  function chart(probabilities) {
    var element = document.getElementById('chart');
    while (element.firstChild) {
      element.removeChild(element.firstChild);
    }
    var labels = Object.keys(probabilities);
    var row = 24, labelWidth = 110, barWidth = 300;
    element.setAttribute('viewBox', '0 0 ' + (labelWidth + barWidth + 60) + ' ' + (labels.length * row));
    element.setAttribute('height', String(labels.length * row));
    var best = labels.reduce(function (a, b) { return probabilities[a] >= probabilities[b] ? a : b; });
    labels.forEach(function (label, index) {
      var p = probabilities[label];
      var y = index * row;
      var group = api.svg('g', { 'class': 'bar' + (label === best ? ' best' : ''), 'data-label': label });
      group.appendChild(api.svg('text', { x: labelWidth - 6, y: y + 16, 'text-anchor': 'end' }, label));
      group.appendChild(api.svg('rect', { x: labelWidth, y: y + 4, width: Math.max(1, p * barWidth), height: row - 8 }));
      group.appendChild(api.svg('text', { x: labelWidth + p * barWidth + 6, y: y + 16 }, (p * 100).toFixed(1) + '%'));
      group.appendChild(api.svg('title', {}, label + ': ' + (p * 100).toFixed(1) + '%'));
      element.appendChild(group);
    });
  }

  function feedbackButtons(predictionId, predicted) {
    var container = document.getElementById('feedback-buttons');
    var status = document.getElementById('feedback-status');
    status.textContent = '';
    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    selectedOption().getAttribute('data-labels').split('|').forEach(function (label) {
      if (label === predicted) {
        return;
      }
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'secondary feedback';
      button.textContent = 'It is ' + label;
      button.setAttribute('data-label', label);
      button.addEventListener('click', function () {
        api.call('POST', '/api/v1/predictions/' + predictionId + '/feedback', { label: label }).then(function (result) {
          status.textContent = result.status === 200
            ? 'Thank you: noted as "' + label + '"; the next training learns from it.'
            : api.problem(result);
        });
      });
      container.appendChild(button);
    });
  }

  function predict(body) {
    message('Asking the model…');
    document.getElementById('answer').hidden = true;
    api.call('POST', '/api/v1/predict/' + encodeURIComponent(task()), body).then(function (result) {
      if (result.status === 200) {
        var answer = result.body;
        message('');
        document.getElementById('label').textContent = answer.label;
        document.getElementById('model-version').textContent = 'v' + answer.modelVersion.version;
        document.getElementById('latency').textContent = answer.latencyMs.toFixed(1);
        chart(answer.probabilities);
        feedbackButtons(answer.predictionId, answer.label);
        document.getElementById('answer').hidden = false;
      } else if (result.status === 503) {
        message('No model serves "' + task() + '" yet: train one (Jobs) or wait until it is promoted.', true);
      } else {
        message(api.problem(result), true);
      }
    }, function () {
      message('The server could not be reached.', true);
    });
  }

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

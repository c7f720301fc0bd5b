/*
 * Calls to /api/v1 from a logged-in page: the session cookie goes along, so a state
 * change needs the CSRF token (the XSRF-TOKEN cookie, echoed in X-XSRF-TOKEN), and
 * X-Requested-With keeps a 401 from opening the browser's password dialog.
 */
(function () {
  'use strict';

  function cookie(name) {
    var prefix = name + '=';
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i].indexOf(prefix) === 0) {
        return decodeURIComponent(parts[i].substring(prefix.length));
      }
    }
    return null;
  }

  /** Sends a request; resolves to {status, body} where body is parsed JSON when there is any. */
  function call(method, url, body) {
    var headers = { 'X-Requested-With': 'XMLHttpRequest', 'Accept': 'application/json' };
    var token = cookie('XSRF-TOKEN');
    if (token) {
      headers['X-XSRF-TOKEN'] = token;
    }
    var payload = body;
    if (body !== undefined && body !== null && !(body instanceof FormData)) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    return fetch(url, { method: method, headers: headers, body: payload, credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (text) {
          var parsed = null;
          if (text) {
            try {
              parsed = JSON.parse(text);
            } catch (e) {
              parsed = { detail: text };
            }
          }
          return { status: response.status, body: parsed };
        });
      });
  }

  /** A readable sentence for a refused call (problem details carry one). */
  function problem(result) {
    if (result.status === 401) {
      return 'You are not logged in: log in first.';
    }
    if (result.status === 403) {
      return 'You may not do that' + (result.body && result.body.detail ? ': ' + result.body.detail : '.');
    }
    var body = result.body || {};
    var text = body.detail || body.title || ('The server answered ' + result.status + '.');
    if (body.errors && body.errors.length) {
      text += ' ' + body.errors.map(function (e) { return (e.field ? e.field + ': ' : '') + (e.message || e.detail || ''); }).join('; ');
    }
    return text;
  }

  var SVG = 'http://www.w3.org/2000/svg';

  function svg(name, attributes, text) {
    var element = document.createElementNS(SVG, name);
    Object.keys(attributes || {}).forEach(function (key) {
      element.setAttribute(key, attributes[key]);
    });
    if (text !== undefined) {
      element.textContent = text;
    }
    return element;
  }

  window.deepdock = { call: call, problem: problem, cookie: cookie, svg: svg };
})();

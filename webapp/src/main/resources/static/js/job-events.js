/*
 * Follows one job over Server-Sent Events (GET /api/v1/jobs/{id}/events): the stored
 * history first, then live events until the job ends. Shared by the job page (job.js)
 * and the Batch page (batch.js): each page decides what to draw.
 */
(function () {
  'use strict';

  var TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

  /**
   * Calls handlers.state(data) for each "state" event ({state, error}) and
   * handlers.progress(data) for each "progress" event ({kind, epoch, metrics, message,
   * at}); closes the stream once a terminal state has been seen. Returns the EventSource.
   */
  function followJob(id, handlers) {
    var last = null;
    var source = new EventSource('/api/v1/jobs/' + id + '/events');
    source.addEventListener('state', function (event) {
      var data = JSON.parse(event.data);
      last = data.state;
      if (handlers.state) {
        handlers.state(data);
      }
      if (TERMINAL.indexOf(data.state) >= 0) {
        source.close();
      }
    });
    source.addEventListener('progress', function (event) {
      if (handlers.progress) {
        handlers.progress(JSON.parse(event.data));
      }
    });
    source.onerror = function () {
      // the stream ends after a terminal state; the browser would otherwise reconnect
      if (TERMINAL.indexOf(last) >= 0) {
        source.close();
      }
    };
    return source;
  }

  window.deepdock.followJob = followJob;
  window.deepdock.TERMINAL = TERMINAL;
})();

/*
 * Follows one job over Server-Sent Events (GET /api/v1/jobs/{id}/events): the stored
 * history, the state, then live events until the job ends. Shared by the job page (job.js)
 * and the Batch page (batch.js): each page decides what to draw.
 *
 * A terminal state does not close the stream: the server may send it before the stored
 * history of an ended job, and it ends the stream itself once it has sent everything.
 * Only when the stream then reports its end (an error event after a terminal state) is it
 * closed, so that the browser does not reconnect and replay it all again.
 */
(function () {
  'use strict';

  var TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

  /**
   * Calls handlers.state(data) for each "state" event ({state, error}) and
   * handlers.progress(data) for each "progress" event ({kind, epoch, metrics, message,
   * at}); handlers.end() once the stream of an ended job has closed. Returns the
   * EventSource.
   */
  function followJob(id, handlers) {
    var last = null;
    var ended = false;
    var source = new EventSource('/api/v1/jobs/' + id + '/events');
    function end() {
      source.close();
      if (!ended) {
        ended = true;
        if (handlers.end) {
          handlers.end();
        }
      }
    }
    source.addEventListener('state', function (event) {
      var data = JSON.parse(event.data);
      last = data.state;
      if (handlers.state) {
        handlers.state(data);
      }
    });
    source.addEventListener('progress', function (event) {
      if (handlers.progress) {
        handlers.progress(JSON.parse(event.data));
      }
    });
    source.onerror = function () {
      // the server ends the stream after a terminal state and the history; the browser
      // would otherwise reconnect and replay it
      if (TERMINAL.indexOf(last) >= 0) {
        end();
      }
    };
    return source;
  }

  window.deepdock.followJob = followJob;
  window.deepdock.TERMINAL = TERMINAL;
})();

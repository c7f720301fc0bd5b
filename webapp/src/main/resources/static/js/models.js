/* The models page: an admin's promote and roll back buttons call the API, then reload. */
(function () {
  'use strict';

  var api = window.deepdock;
  var status = document.getElementById('models-status');

  function act(url) {
    status.textContent = 'Working…';
    api.call('POST', url).then(function (result) {
      if (result.status === 200) {
        window.location.reload();
      } else {
        status.textContent = api.problem(result);
      }
    });
  }

  document.querySelectorAll('button.promote').forEach(function (button) {
    button.addEventListener('click', function () {
      act('/api/v1/models/' + button.getAttribute('data-id') + '/promote');
    });
  });
  document.querySelectorAll('button.rollback').forEach(function (button) {
    button.addEventListener('click', function () {
      act('/api/v1/models/rollback?task=' + encodeURIComponent(button.getAttribute('data-task')));
    });
  });
})();

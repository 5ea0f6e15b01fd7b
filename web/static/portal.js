// Progressive enhancement for the portal's forms; every page works without it.
(function () {
  'use strict';

  // A form is sent once: a second click (or Enter) while it is being sent does nothing.
  // The clicked button's name and value are kept in a hidden field, because a disabled
  // button is left out of the form data. The server also refuses double submissions.
  function guard(form) {
    form.addEventListener('submit', function (e) {
      if (form.dataset.sending === '1') {
        e.preventDefault();
        return;
      }
      form.dataset.sending = '1';
      var b = e.submitter;
      if (b && b.name) {
        var h = document.createElement('input');
        h.type = 'hidden';
        h.name = b.name;
        h.value = b.value;
        form.appendChild(h);
      }
      form.querySelectorAll('button[type=submit], button:not([type])').forEach(function (x) {
        x.disabled = true;
        x.setAttribute('aria-busy', 'true');
      });
    });
  }

  document.querySelectorAll('form[data-once-form]').forEach(guard);
  document.querySelectorAll('button[data-once]').forEach(function (b) {
    if (b.form && !b.form.hasAttribute('data-once-form')) {
      b.form.setAttribute('data-once-form', '');
      guard(b.form);
    }
  });

  // "Đổi mã khác": fetch a new captcha without losing what was typed.
  document.querySelectorAll('[data-captcha-refresh]').forEach(function (b) {
    b.addEventListener('click', function () {
      fetch('/api/v1/captcha', { credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (c) {
          document.getElementById('captcha-image').src = c.image;
          document.getElementById('captcha_id').value = c.id;
          var a = document.getElementById('captcha_answer');
          a.value = '';
          a.focus();
        })
        .catch(function () { b.textContent = 'Không tải được mã mới, hãy tải lại trang'; });
    });
  });
})();

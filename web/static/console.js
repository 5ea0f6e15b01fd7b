// Officers' console: a form marked "once" is sent only once; its buttons are disabled
// while the page waits for the answer (double-click protection). The clicked button is
// disabled after the browser has read its name and value.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("once")) {
      return;
    }
    if (form.dataset.sent === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.sent = "1";
    window.setTimeout(function () {
      var buttons = form.querySelectorAll("button[type=submit]");
      for (var i = 0; i < buttons.length; i++) {
        buttons[i].disabled = true;
      }
    }, 0);
  });
  // A button marked data-print prints the page (the print stylesheet leaves the menus out).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
  // Coming back to the page (history), the forms are usable again.
  window.addEventListener("pageshow", function () {
    var forms = document.querySelectorAll("form.once");
    for (var i = 0; i < forms.length; i++) {
      delete forms[i].dataset.sent;
      var buttons = forms[i].querySelectorAll("button[type=submit]");
      for (var j = 0; j < buttons.length; j++) {
        buttons[j].disabled = false;
      }
    }
  });
})();

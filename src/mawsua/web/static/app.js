// Mawsua: small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  // Filter menus on the home page apply as soon as a value is chosen.
  document.querySelectorAll("form.filters:not(.search-form) select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
})();

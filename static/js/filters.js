// Progressive enhancement of the review filters: submit a form marked
// data-autosubmit when one of its controls changes (the page works without
// this), and put the keyboard focus back on that control after the reload.
(function () {
  "use strict";
  var KEY = "escape:refocus";
  document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
    var note = document.createElement("p");
    note.className = "hint js-note";
    note.textContent = "Results update as soon as you change a choice.";
    if (form.id === "review-filters") form.prepend(note);
    form.addEventListener("change", function (event) {
      var control = event.target;
      if (control.type === "search" || control.type === "date") return;
      try { sessionStorage.setItem(KEY, control.id); } catch (e) { /* private mode */ }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });
  var id = null;
  try { id = sessionStorage.getItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { /* ignore */ }
  var target = id && document.getElementById(id);
  if (target) target.focus({ preventScroll: false });
})();

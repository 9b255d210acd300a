// Small progressive enhancements; every page works without them.
"use strict";

// Ask before irreversible actions: a submit button with data-confirm="question".
document.addEventListener("click", function (event) {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Print buttons: <button data-print> opens the browser's print dialog (A4 pages).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

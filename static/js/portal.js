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

// The menu button on a phone (Bootstrap's markup, without Bootstrap's 80 KB of script):
// <button data-bs-toggle="collapse" data-bs-target="#id" aria-expanded="false"> shows or hides #id.
document.addEventListener("click", function (event) {
  const toggle = event.target.closest('[data-bs-toggle="collapse"]');
  const target = toggle && document.querySelector(toggle.dataset.bsTarget);
  if (target) {
    const open = target.classList.toggle("show");
    toggle.setAttribute("aria-expanded", String(open));
    toggle.classList.toggle("collapsed", !open);
  }
});

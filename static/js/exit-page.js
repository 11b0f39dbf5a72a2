/* Tip line pages: leave quickly, and print the receipt.
   Without JavaScript the "Exit this page" link still works and the browser's own print
   command still prints; this only adds the keyboard shortcut, a history-free exit and a
   print button. */
(function () {
  "use strict";

  var link = document.querySelector("[data-exit-page]");
  var PRESSES_NEEDED = { Shift: 3, Escape: 2 };
  var WITHIN_MS = 1000;
  var presses = { Shift: [], Escape: [] };

  function leave() {
    // replace(): the tip page is not left behind in the Back button's history.
    document.body.style.visibility = "hidden";
    window.location.replace(link.href);
  }

  if (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave();
    });
    document.addEventListener("keydown", function (event) {
      var key = event.key;
      if (!PRESSES_NEEDED.hasOwnProperty(key)) {
        // Only presses in a row count: Shift+Tab back through the form, or a capital
        // letter, must never throw a keyboard user off the page.
        presses.Shift = [];
        presses.Escape = [];
        return;
      }
      if (event.repeat) {
        return;
      }
      var now = Date.now();
      presses[key] = presses[key].filter(function (time) {
        return now - time < WITHIN_MS;
      });
      presses[key].push(now);
      if (presses[key].length >= PRESSES_NEEDED[key]) {
        leave();
      }
    });
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () {
      window.print();
    });
  }
})();

/* The "Copy" button beside a timeline's embed code (timelines/templates/archive/timeline_page.html).

   Copies with the Clipboard API where the browser allows it; where it does not (no
   permission, a page not served over https, an older browser) it selects the code and tries
   the older copy command, and if that fails too it leaves the code selected and says to
   press Ctrl+C. The result is announced in a live region. Without JavaScript the button
   stays hidden and the code can be selected by hand, as before. */
(function () {
  "use strict";

  var button = document.getElementById("share-copy");
  var code = document.getElementById("share-code");
  var status = document.getElementById("share-copy-status");
  if (!button || !code || !status) return;

  function say(message) {
    // Emptied first, so a second press announces "Copied" again.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = message; }, 50);
  }

  function selectCode() {
    code.focus();
    code.select();
    code.setSelectionRange(0, code.value.length);
  }

  function copyBySelection() {
    selectCode();
    var copied = false;
    try {
      copied = document.execCommand("copy");
    } catch (error) {
      copied = false;
    }
    say(button.getAttribute(copied ? "data-copied" : "data-selected"));
  }

  button.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(code.value).then(function () {
        say(button.getAttribute("data-copied"));
      }, copyBySelection);
    } else {
      copyBySelection();
    }
  });
  button.hidden = false;
})();

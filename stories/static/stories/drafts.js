/* Story drafts (submit.js) are kept per member in this browser and hold what the member
   typed, a narrator's real name included. On every page, drafts of anyone but the member
   logged in here are removed, so another member on a shared phone never sees them; logging
   out with the site's button removes them all (the server's Clear-Site-Data header does too,
   in browsers that follow it). A page seen logged out keeps them: a member whose session
   expired while typing gets the text back after logging in again. */
(function () {
  "use strict";

  var script = document.currentScript;
  var prefix = script && script.getAttribute("data-draft-prefix");
  var store = null;
  try {
    store = window.localStorage;
  } catch (error) {
    return; // storage disabled: no drafts either
  }
  if (!prefix || !store) return;

  // `keep`: the member's draft and what belongs to it ("<draft key>:…", such as an
  // unfinished recording upload, recordings/static/recordings/upload.js).
  function removeDrafts(keep) {
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var key = store.key(index);
      var kept = keep && (key === keep || key.indexOf(keep + ":") === 0);
      if (key && key.indexOf(prefix) === 0 && !kept) store.removeItem(key);
    }
  }

  var owner = script.getAttribute("data-draft-owner");
  if (owner) removeDrafts(prefix + owner);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.hasAttribute && form.hasAttribute("data-clears-story-drafts")) removeDrafts(null);
  });
})();

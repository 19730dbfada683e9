/* The story form, made sturdier on a phone and a slow connection. No framework.

   - Keeps a draft of the typed fields in localStorage (per account), restores it when the
     form is opened again, and forgets it once the story has been received.
   - Sends the form with XMLHttpRequest to show upload progress; the server's answer (the
     form with errors, the login page, "My stories") replaces the page, as a normal POST would.
   Without JavaScript, or without FormData/XHR upload events, the form posts normally. */
(function () {
  "use strict";

  function storage() {
    try {
      var probe = "__memoria__";
      window.localStorage.setItem(probe, probe);
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null; // private mode, storage full or disabled
    }
  }

  // The draft and what belongs to it ("<key>:…": the recording sent with it).
  function forgetDraft(store, key) {
    for (var index = store.length - 1; index >= 0; index -= 1) {
      var found = store.key(index);
      if (found === key || (found && found.indexOf(key + ":") === 0)) store.removeItem(found);
    }
  }

  var store = storage();
  var clearMarker = document.querySelector("[data-clear-story-draft]");
  if (clearMarker) {
    if (store) forgetDraft(store, clearMarker.getAttribute("data-clear-story-draft"));
    return;
  }

  var form = document.getElementById("story-form");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  var texts = document.getElementById("submit-texts");
  var SKIP = { csrfmiddlewaretoken: true, website: true };

  function draftable(element) {
    if (!element.name || SKIP[element.name]) return false;
    if (/^(kept|remove)_/.test(element.name)) return false;
    if (element.hasAttribute("data-no-draft")) return false; // e.g. an upload's id
    if (element.type === "file" || element.type === "submit" || element.type === "button") return false;
    return true;
  }

  function collect() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!draftable(element)) return;
      if (element.type === "checkbox") {
        data[element.name] = data[element.name] || [];
        if (element.checked) data[element.name].push(element.value);
      } else if (element.type === "radio") {
        if (element.checked) data[element.name] = element.value;
      } else {
        data[element.name] = element.value;
      }
    });
    return data;
  }

  function apply(data) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!draftable(element) || !(element.name in data)) return;
      var value = data[element.name];
      if (element.type === "checkbox") {
        element.checked = Array.isArray(value) && value.indexOf(element.value) !== -1;
      } else if (element.type === "radio") {
        element.checked = element.value === value;
      } else {
        element.value = value;
      }
    });
  }

  function hasText(data) {
    return Boolean((data.title || "").trim() || (data.text || "").trim());
  }

  var timer = null;
  function save() {
    // Not once this page has been replaced by the server's answer (a timer may still run).
    if (!store || !document.documentElement.contains(form)) return;
    var data = collect();
    try {
      if (hasText(data)) store.setItem(key, JSON.stringify({ savedAt: Date.now(), fields: data }));
    } catch (error) {
      /* storage full: the server still gets the form */
    }
  }
  function saveSoon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 400);
  }

  // Restore only into a fresh form: a form the server sent back holds newer values.
  if (store && form.getAttribute("data-bound") !== "1") {
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      saved = null;
    }
    if (saved && saved.fields && hasText(saved.fields)) {
      apply(saved.fields);
      var notice = document.getElementById("draft-notice");
      if (notice) {
        notice.hidden = false;
        document.getElementById("draft-discard").addEventListener("click", function () {
          store.removeItem(key);
          // A fresh form from the server, with a new token: a new story, not the old one.
          window.location.assign(window.location.pathname);
        });
      }
    }
  } else if (store) {
    save();
  }
  form.addEventListener("input", saveSoon);
  form.addEventListener("change", saveSoon);

  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // --- Sending with progress --------------------------------------------------------------
  var canTrack = window.FormData && window.XMLHttpRequest && "upload" in new XMLHttpRequest();
  if (!canTrack) return;

  var button = document.getElementById("story-submit");
  var status = document.getElementById("upload-status");
  var bar = document.getElementById("upload-progress");
  var label = document.getElementById("upload-text");
  var sending = false;

  function replacePage(html, url) {
    document.open();
    document.write(html);
    document.close();
    if (url && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", url);
    }
  }

  form.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return;
    event.preventDefault();
    if (sending) return; // a second click while the first is on its way
    sending = true;
    save();
    button.disabled = true;
    status.hidden = false;
    bar.value = 0;
    label.textContent = texts.getAttribute("data-sending");

    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.upload.addEventListener("progress", function (progress) {
      if (!progress.lengthComputable) return;
      var percent = Math.round((progress.loaded / progress.total) * 100);
      bar.value = percent;
      label.textContent = texts.getAttribute("data-sending") + " " + percent + "%";
    });
    request.upload.addEventListener("load", function () {
      bar.value = 100;
      label.textContent = texts.getAttribute("data-processing");
    });
    request.addEventListener("load", function () {
      window.clearTimeout(timer);
      var url = request.responseURL || "";
      if (/[?&]sent=\d+/.test(url) && store) forgetDraft(store, key);
      replacePage(request.responseText, url);
    });
    function failed() {
      sending = false;
      button.disabled = false;
      bar.value = 0;
      label.textContent = texts.getAttribute("data-failed");
    }
    request.addEventListener("error", failed);
    request.addEventListener("abort", failed);
    request.addEventListener("timeout", failed);
    request.send(new FormData(form));
  });
})();

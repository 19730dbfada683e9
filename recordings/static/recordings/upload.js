/* A recording sent in chunks that survives a bad connection. No framework.

   Talks to recordings/upload_views.py (a subset of tus 1.0.0): creates an upload, sends
   the file in small PATCH chunks, and after a dropped connection asks the server how much
   it has and goes on from there, waiting longer after each failure (1, 2, 4 … 30 s) or
   at once when the browser is back online. Pause and resume; progress in a <progress> and
   in a polite live region. The upload's address is remembered in localStorage for the
   logged-in account only (a key under the story-draft prefix, so logging out removes it):
   after a reload, choosing the same file again goes on where it stopped.

   The file field loses its name, so the form itself never carries the file: it sends the
   finished upload's id in the hidden `<name>_upload` field. Sending the form before the
   upload is finished is held back with a message. Without JavaScript, XHR upload events or
   Blob.slice, the plain file field stays and the file goes with the form. */
(function () {
  "use strict";

  if (window.__memoriaRecordingUpload) return; // the widget may be on a page twice
  window.__memoriaRecordingUpload = true;
  var supported = window.XMLHttpRequest && "upload" in new XMLHttpRequest() && window.Blob &&
    Blob.prototype.slice && window.JSON;
  if (!supported) return;

  var MAX_WAIT_SECONDS = 30;

  function format(text, values) {
    return String(text || "")
      .replace(/%\((\w+)\)s/g, function (whole, key) {
        return key in values ? values[key] : whole;
      })
      .replace(/%%/g, "%");
  }

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1);
  }

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  function setUp(box) {
    var form = box.closest("form");
    var fileInput = box.querySelector("input[type=file]");
    var hidden = box.querySelector("[data-upload-id]");
    var status = box.querySelector("[data-upload-status]");
    var bar = box.querySelector("[data-upload-progress]");
    var label = box.querySelector("[data-upload-text]");
    var pauseButton = box.querySelector("[data-upload-pause]");
    var resumeButton = box.querySelector("[data-upload-resume]");
    var removeButton = box.querySelector("[data-upload-remove]");
    var kept = box.querySelector(".kept-recording");
    var endpoint = box.getAttribute("data-endpoint");
    var key = box.getAttribute("data-storage-key");
    var maxBytes = parseInt(box.getAttribute("data-max-bytes"), 10);
    var chunkBytes = parseInt(box.getAttribute("data-chunk-bytes"), 10) || 1048576;
    var store = key ? storage() : null;
    var state = { file: null, url: "", offset: 0, request: null, paused: false, timer: null,
      failures: 0, busy: false };

    // From now on the file goes in chunks, never with the form.
    fileInput.removeAttribute("name");

    function text(name, values) {
      return format(box.getAttribute("data-text-" + name), values || {});
    }
    function percent() {
      return state.file ? Math.floor((state.offset / state.file.size) * 100) : 0;
    }
    function show(message, buttons) {
      status.hidden = false;
      label.textContent = message;
      buttons = buttons || {};
      pauseButton.hidden = !buttons.pause;
      resumeButton.hidden = !buttons.resume;
      removeButton.hidden = !buttons.remove;
    }
    function showProgress(sentNow) {
      var sent = state.offset + (sentNow || 0);
      bar.value = Math.min(100, (sent / state.file.size) * 100);
    }
    function showUploading() {
      showProgress(0);
      show(text("uploading", { percent: percent(), sent: megabytes(state.offset),
        total: megabytes(state.file.size) }), { pause: true, remove: true });
    }

    function remembered() {
      try {
        return store ? JSON.parse(store.getItem(key) || "null") : null;
      } catch (error) {
        return null;
      }
    }
    function remember(complete) {
      if (!store || !state.url) return;
      try {
        store.setItem(key, JSON.stringify({ url: state.url, name: state.file.name,
          size: state.file.size, modified: state.file.lastModified, complete: complete }));
      } catch (error) {
        /* storage full: the upload still works until the page is closed */
      }
    }
    function forget() {
      if (store) store.removeItem(key);
    }
    function sameFile(record, file) {
      return record && !record.complete && record.name === file.name &&
        record.size === file.size && record.modified === file.lastModified;
    }

    function csrfToken() {
      var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : "";
    }
    function send(method, url, headers, body, handlers) {
      var request = new XMLHttpRequest();
      request.open(method, url);
      request.setRequestHeader("Tus-Resumable", "1.0.0");
      request.setRequestHeader("X-CSRFToken", csrfToken());
      Object.keys(headers).forEach(function (name) {
        request.setRequestHeader(name, headers[name]);
      });
      request.timeout = 120000;
      request.addEventListener("load", function () {
        handlers.load(request);
      });
      ["error", "timeout"].forEach(function (event) {
        request.addEventListener(event, handlers.dropped);
      });
      if (handlers.progress) request.upload.addEventListener("progress", handlers.progress);
      request.send(body);
      return request;
    }
    function refusal(request) {
      try {
        return JSON.parse(request.responseText).error || text("failed");
      } catch (error) {
        return text("failed");
      }
    }

    function fail(message) {
      window.clearTimeout(state.timer);
      state.busy = false;
      state.url = "";
      forget();
      hidden.value = "";
      fileInput.value = "";
      bar.value = 0;
      show(message);
    }
    function done() {
      state.busy = false;
      state.failures = 0;
      hidden.value = state.url.split("/").pop();
      bar.value = 100;
      remember(true);
      show(text("done", { name: state.file.name }), { remove: true });
    }

    // After a failure: wait longer each time, then ask the server where it stands.
    function retryLater() {
      state.request = null;
      if (state.paused) return;
      state.failures += 1;
      var seconds = Math.min(MAX_WAIT_SECONDS, Math.pow(2, state.failures - 1));
      show(text("retrying", { percent: percent(), seconds: seconds }), { pause: true, remove: true });
      window.clearTimeout(state.timer);
      state.timer = window.setTimeout(resync, seconds * 1000);
    }
    function resync() {
      state.timer = null;
      if (state.paused || !state.url) return;
      state.request = send("GET", state.url, {}, null, {
        load: function (request) {
          state.request = null;
          if (request.status === 200) {
            var answer = JSON.parse(request.responseText);
            state.offset = answer.offset;
            if (answer.complete) done();
            else sendNext();
          } else if (request.status >= 500) {
            retryLater();
          } else {
            fail(refusal(request));
          }
        },
        dropped: retryLater,
      });
    }

    function sendNext() {
      if (state.paused || !state.url) return;
      showUploading();
      var end = Math.min(state.offset + chunkBytes, state.file.size);
      state.request = send("PATCH", state.url, {
        "Content-Type": "application/offset+octet-stream",
        "Upload-Offset": String(state.offset),
      }, state.file.slice(state.offset, end), {
        progress: function (event) {
          showProgress(event.loaded);
          if (end === state.file.size && event.loaded === event.total) show(text("checking"));
        },
        load: function (request) {
          state.request = null;
          if (request.status === 204) {
            state.failures = 0;
            state.offset = parseInt(request.getResponseHeader("Upload-Offset"), 10);
            if (state.offset >= state.file.size) done();
            else sendNext();
          } else if (request.status === 409) {
            resync(); // another tab or an earlier try moved on: ask where things stand
          } else if (request.status >= 500) {
            retryLater();
          } else {
            fail(refusal(request));
          }
        },
        dropped: retryLater,
      });
    }

    function create(file) {
      var name = "";
      try {
        name = window.btoa(unescape(encodeURIComponent(file.name)));
      } catch (error) {
        name = "";
      }
      state.request = send("POST", endpoint, {
        "Upload-Length": String(file.size),
        "Upload-Metadata": "filename " + name,
      }, null, {
        load: function (request) {
          state.request = null;
          if (request.status !== 201) {
            fail(refusal(request));
            return;
          }
          state.url = request.getResponseHeader("Location");
          state.offset = 0;
          remember(false);
          sendNext();
        },
        dropped: function () {
          fail(text("failed"));
        },
      });
    }

    function stop() {
      window.clearTimeout(state.timer);
      if (state.request) {
        var request = state.request;
        state.request = null;
        request.abort();
      }
    }

    function start(file) {
      stop();
      if (kept) kept.hidden = true;
      hidden.value = "";
      if (file.size > maxBytes) {
        fail(text("too-big"));
        return;
      }
      var record = remembered();
      if (state.url && !sameFile(record, file)) discard(state.url);
      state.file = file;
      state.paused = false;
      state.failures = 0;
      state.busy = true;
      bar.value = 0;
      show(text("uploading", { percent: 0, sent: megabytes(0), total: megabytes(file.size) }));
      if (sameFile(record, file)) {
        state.url = record.url;
        resync(); // the server says how much of it arrived before
      } else {
        state.url = "";
        create(file);
      }
    }

    function discard(url) {
      send("DELETE", url, {}, null, { load: function () {}, dropped: function () {} });
    }

    fileInput.addEventListener("change", function () {
      if (fileInput.files && fileInput.files[0]) start(fileInput.files[0]);
    });
    pauseButton.addEventListener("click", function () {
      state.paused = true;
      stop();
      show(text("paused", { percent: percent() }), { resume: true, remove: true });
      resumeButton.focus();
    });
    resumeButton.addEventListener("click", function () {
      state.paused = false;
      state.failures = 0;
      resync();
      pauseButton.focus();
    });
    removeButton.addEventListener("click", function () {
      stop();
      if (state.url) discard(state.url);
      fail(text("removed"));
      fileInput.focus();
    });
    window.addEventListener("online", function () {
      if (state.timer && !state.paused) {
        window.clearTimeout(state.timer);
        resync();
      }
    });
    // Before the story form's own sending (stories/static/stories/submit.js): capture phase.
    document.addEventListener("submit", function (event) {
      if (event.target !== form || !state.busy) return;
      event.preventDefault();
      show(label.textContent + " " + text("waiting"), {
        pause: !state.paused, resume: state.paused, remove: true });
      label.focus();
    }, true);

    // Back after a reload: a finished upload is named again; an unfinished one waits for
    // the same file to be chosen.
    var record = remembered();
    if (record && record.url && !hidden.value) {
      send("GET", record.url, {}, null, {
        load: function (request) {
          if (request.status !== 200) {
            forget();
            return;
          }
          var answer = JSON.parse(request.responseText);
          state.url = record.url;
          state.file = { name: record.name, size: record.size };
          state.offset = answer.offset;
          if (answer.complete) {
            done();
          } else {
            showProgress(0);
            show(text("interrupted", { name: record.name, percent: percent() }), { remove: true });
          }
        },
        dropped: function () {},
      });
    }
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-recording-upload]"), setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();

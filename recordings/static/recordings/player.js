/* A story's recording and its transcript (recordings/templates/recordings/story_section.html).
 *
 * Without this script the page already works: the player plays, the transcript is readable,
 * and each line is a link (?t=SECONDS) whose page starts the recording at that moment.
 * With it: choosing a line or a part of the index seeks without reloading, the line being
 * spoken and the part being played are highlighted, and an address ending in #t=12:30 (or
 * ?t=750) opens the first recording at that moment.
 */
(function () {
  "use strict";

  function parseTime(value) {
    // "1:02:03", "12:30", "750" or "750.5" -> seconds
    if (!value || !/^[0-9:.]+$/.test(value)) return null;
    var seconds = 0;
    var parts = value.split(":");
    for (var i = 0; i < parts.length; i++) {
      var part = Number(parts[i]);
      if (parts[i] === "" || isNaN(part)) return null;
      seconds = seconds * 60 + part;
    }
    return seconds;
  }

  function clock(seconds) {
    seconds = Math.floor(seconds);
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = String(seconds % 60).padStart(2, "0");
    return hours ? hours + ":" + String(minutes).padStart(2, "0") + ":" + rest : minutes + ":" + rest;
  }

  function startFromAddress() {
    var hash = /^#t=([0-9:.]+)$/.exec(window.location.hash);
    if (hash) return parseTime(hash[1]);
    return parseTime(new URLSearchParams(window.location.search).get("t"));
  }

  function seek(player, seconds) {
    if (player.readyState >= 1) {
      player.currentTime = seconds;
    } else {
      player.addEventListener("loadedmetadata", function () { player.currentTime = seconds; }, { once: true });
      player.load();
    }
  }

  function highlighter(links) {
    // Marks the link whose moment is playing (data-start <= time < data-end; no end: to the end).
    var current = null;
    return function (time) {
      var playing = null;
      links.forEach(function (link) {
        var end = link.dataset.end === "" ? Infinity : parseFloat(link.dataset.end);
        if (parseFloat(link.dataset.start) <= time && time < end) playing = link;
      });
      if (playing === current) return;
      if (current) { current.classList.remove("is-current"); current.removeAttribute("aria-current"); }
      if (playing) { playing.classList.add("is-current"); playing.setAttribute("aria-current", "true"); }
      current = playing;
    };
  }

  function setUp(section) {
    var player = section.querySelector("[data-player]");
    if (!player) return null;
    var lines = Array.prototype.slice.call(section.querySelectorAll(".transcript a[data-start]"));
    var parts = Array.prototype.slice.call(section.querySelectorAll("a[data-segment]"));
    lines.concat(parts).forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var seconds = parseFloat(link.dataset.start);
        seek(player, seconds);
        var playing = player.play();
        if (playing) playing.catch(function () { /* the reader may press play themselves */ });
        history.replaceState(null, "", "#t=" + clock(seconds));
      });
    });
    var showLine = highlighter(lines);
    var showPart = highlighter(parts);
    player.addEventListener("timeupdate", function () {
      showLine(player.currentTime);
      showPart(player.currentTime);
    });
    return player;
  }

  var players = Array.prototype.slice.call(document.querySelectorAll("[data-recording]"))
    .map(setUp).filter(Boolean);
  if (!players.length) return;
  function openAtAddress() {
    var start = startFromAddress();
    if (start !== null) seek(players[0], start);
  }
  openAtAddress();
  window.addEventListener("hashchange", openAtAddress);
})();

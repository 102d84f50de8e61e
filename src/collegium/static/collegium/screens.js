// The live screens of a sitting (meetings/screens). Three things:
// - the speaker's clock ticks here from what the server rendered ([data-clock]: seconds
//   spoken at render, seconds allowed or none, running or not, the render moment), and a
//   group's time left counts down while its member speaks ([data-countdown]): no request
//   per second;
// - keys N, S and E press the chair's buttons marked data-shortcut (never while typing
//   in a field, nor with a modifier held);
// - a delegate's screen takes the update a sitting's events carry (`attached`, from
//   meetings/screens/push.py: status, "now" panel, agenda, and the floor panel's
//   sentences by seat) and marks the event `applied`, so its fragment does not
//   re-fetch; an entry of the roll carries the seats it concerns, and other delegates'
//   screens skip it;
// - a live re-fetch of the screen ([data-screen]) waits while a field in it has the
//   focus, so a choice half made is not swapped away; it follows when the focus leaves.
(function () {
  "use strict";

  // Moments in ms (Date.now()): an element's start is the server's render moment when
  // the two clocks roughly agree, else the moment the element arrived here.
  var arrived = new WeakMap();
  function startOf(element) {
    var now = Date.now();
    if (!arrived.has(element)) {
      arrived.set(element, now);
    }
    var rendered = parseInt(element.getAttribute("data-rendered-at") || "", 10);
    var lag = now - rendered;
    if (!isNaN(rendered) && lag >= 0 && lag < 10000 && arrived.get(element) - rendered < 10000) {
      return rendered;
    }
    return arrived.get(element);
  }

  function minutes(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var whole = Math.abs(seconds);
    var rest = whole % 60;
    return sign + Math.floor(whole / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function elapsed(element) {
    return Math.max(0, Math.floor((Date.now() - startOf(element)) / 1000));
  }

  function tick() {
    document.querySelectorAll("[data-clock]").forEach(function (clock) {
      var spoken = parseInt(clock.getAttribute("data-spoken") || "0", 10);
      if (clock.getAttribute("data-running") === "true") {
        spoken += elapsed(clock);
      }
      var allowedText = clock.getAttribute("data-allowed");
      var allowed = allowedText === "" || allowedText === null ? null : parseInt(allowedText, 10);
      var shown = clock.querySelector("[data-clock-shown]");
      if (shown) {
        shown.textContent = minutes(allowed === null ? spoken : allowed - spoken);
      }
      var spokenText = clock.querySelector("[data-clock-spoken]");
      if (spokenText) {
        spokenText.textContent = minutes(spoken);
      }
      clock.classList.toggle("over", allowed !== null && spoken > allowed);
    });
    document.querySelectorAll("[data-countdown]").forEach(function (left) {
      var seconds = parseInt(left.getAttribute("data-countdown") || "0", 10);
      left.textContent = minutes(Math.max(0, seconds - elapsed(left)));
    });
  }
  tick();
  window.setInterval(tick, 250);

  function typing(element) {
    if (!element || element === document.body) {
      return false;
    }
    var tag = element.tagName;
    return tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || element.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || event.repeat || typing(event.target)) {
      return;
    }
    var key = (event.key || "").toLowerCase();
    if (key !== "n" && key !== "s" && key !== "e") {
      return;
    }
    var button = document.querySelector('button[data-shortcut="' + key + '"]:not([disabled])');
    if (button) {
      event.preventDefault();
      button.click();
    }
  });

  // Live re-fetches wait while a field of the screen has the focus.
  var waiting = new Set();
  document.addEventListener("htmx:confirm", function (event) {
    var region = event.target;
    var cause = event.detail && event.detail.triggeringEvent;
    if (!region.hasAttribute || !region.hasAttribute("data-screen") || !cause) {
      return;
    }
    if (cause.type === "collegium:live" && typing(document.activeElement) && region.contains(document.activeElement)) {
      event.preventDefault();
      waiting.add(region);
    }
  });
  document.addEventListener("focusout", function () {
    window.setTimeout(function () {
      waiting.forEach(function (region) {
        if (!(typing(document.activeElement) && region.contains(document.activeElement))) {
          waiting.delete(region);
          if (window.htmx) {
            window.htmx.trigger(region, "screens:refresh");
          }
        }
      });
    }, 0);
  });

  // Pushed updates of a delegate's screen. Listening on document in the capture phase
  // runs before htmx's listener on body, which skips events marked applied.
  var lastPush = {};
  function put(root, selector, html) {
    var element = root.querySelector(selector);
    if (element) {
      element.innerHTML = html;
    }
    return element;
  }
  function show(root, selector, shown) {
    var element = root.querySelector(selector);
    if (element) {
      element.hidden = !shown;
    }
    return element;
  }
  function applyPush(root, update) {
    var shown = parseInt(root.getAttribute("data-push-head") || "0", 10);
    if (update.head < shown) {
      return; // the screen shows a later state already
    }
    root.setAttribute("data-push-head", String(update.head));
    var seat = root.getAttribute("data-push-seat") || "";
    put(root, "[data-push-status]", update.status);
    put(root, "[data-push-now]", update.now);
    put(root, "[data-push-agenda]", update.agenda);
    show(root, "[data-push-floor]", update.floor);
    show(root, "[data-push-closed]", update.closed);
    var place = root.querySelector("[data-push-place]");
    if (place) {
      var sentence = update.places[seat];
      if (sentence === undefined) {
        sentence = String(update.speaking) === seat ? update.speaker : update.waiting;
      }
      place.textContent = sentence;
    }
    var mine = update.mine[seat];
    put(root, "[data-push-mine]", mine || "");
    show(root, "[data-push-mine]", !!mine);
    show(root, "[data-push-withdraw]", !!mine);
  }
  document.addEventListener(
    "collegium:live",
    function (event) {
      var detail = event.detail || {};
      var update = detail.attached;
      if (!update || (update.screen !== "delegate" && update.screen !== "delegate-roll")) {
        return;
      }
      var root = document.querySelector("[data-push-sitting]");
      if (!root) {
        return;
      }
      if (root.getAttribute("data-push-sitting") !== String(update.sitting)) {
        detail.applied = true; // another sitting of the body: nothing shown here changed
        return;
      }
      if (update.screen === "delegate-roll") {
        // The roll changed: only the screens of the seats concerned re-fetch.
        var mySeat = parseInt(root.getAttribute("data-push-seat") || "", 10);
        detail.applied = update.seats.indexOf(mySeat) < 0;
        return;
      }
      lastPush[update.sitting] = update;
      applyPush(root, update);
      detail.applied = true;
    },
    true
  );
  // A vote's result (voting/push.py) comes with the close: the ballot panel of this
  // sitting takes it as it is, without asking for it.
  document.addEventListener(
    "collegium:live",
    function (event) {
      var detail = event.detail || {};
      var update = detail.attached;
      if (!update || update.screen !== "vote-result") {
        return;
      }
      var slot = document.querySelector('[data-ballot-sitting="' + update.sitting + '"]');
      if (slot) {
        slot.innerHTML = update.html;
        detail.applied = true;
      }
    },
    true
  );
  // A re-fetch that left before a pushed update may bring an older state: put it back.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    var root = target && target.querySelector && target.querySelector("[data-push-sitting]");
    var update = root && lastPush[root.getAttribute("data-push-sitting")];
    if (update) {
      applyPush(root, update);
    }
  });
})();

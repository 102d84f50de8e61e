// Live updates (collegium/live/stream.py). On an organization's pages the body element
// carries data-live-url; this opens an EventSource there and dispatches every event as
// a DOM event `collegium:live` on document.body, its detail the parsed event
// ({chain, sequence, code, audience, body_id, object_type, object_id, count}). Fragments
// re-fetch themselves with htmx:
//   hx-trigger="collegium:live[detail.body_id==12||detail.code=='live.reload'] from:body"
// `live.reload` (events were missed, or the connection was lost and is back) means:
// re-fetch whatever the page shows. The body's data-live-state says whether the stream
// is "open" (it has said hello) or "closed" (reconnecting, or never opened).
(function () {
  "use strict";

  var body = document.body;
  var url = body && body.getAttribute("data-live-url");
  if (!url || !window.EventSource) {
    return;
  }

  function dispatch(detail) {
    body.dispatchEvent(new CustomEvent("collegium:live", { detail: detail }));
  }

  // The last sequence of the chain this page knows to be reflected: the page's own
  // (data-live-head, the chain's head when the server rendered it), then the stream's.
  var knownHead = parseInt(body.getAttribute("data-live-head") || "", 10);
  if (isNaN(knownHead)) {
    knownHead = null;
  }

  function relay(message) {
    var detail;
    try {
      detail = JSON.parse(message.data);
    } catch (error) {
      return;
    }
    if (typeof detail.sequence === "number" && knownHead !== null && detail.sequence > knownHead) {
      knownHead = detail.sequence;
    }
    dispatch(detail);
  }

  var source = null;
  var everOpened = false; // a stream that never said hello (HTTP 204, no ASGI) stays shut
  var missed = false; // the connection broke: what happened meanwhile is unknown
  var retryDelay = 5000;

  function connect() {
    var listening = {};
    source = new EventSource(url);
    // An EventSource hears named events only by name: the stream's first event lists
    // the journal codes there are.
    source.addEventListener("live.hello", function (message) {
      var hello;
      try {
        hello = JSON.parse(message.data);
      } catch (error) {
        return;
      }
      (hello.codes || []).forEach(function (code) {
        if (!listening[code]) {
          listening[code] = true;
          source.addEventListener(code, relay);
        }
      });
      everOpened = true;
      retryDelay = 5000;
      body.setAttribute("data-live-state", "open");
      // Something committed between what the page shows and this (re)connection?
      var head = typeof hello.head === "number" ? hello.head : null;
      var behind = head !== null && knownHead !== null ? head > knownHead : missed;
      missed = false;
      if (head !== null) {
        knownHead = knownHead === null ? head : Math.max(knownHead, head);
      }
      if (behind) {
        dispatch({ code: "live.reload", reason: "behind" });
      }
    });
    source.addEventListener("live.reload", relay);
    source.addEventListener("error", function () {
      body.setAttribute("data-live-state", "closed");
      if (everOpened) {
        missed = true;
      }
      // The browser retries by itself unless the answer was not a stream (a proxy's
      // error page, a restart): then retry here, more slowly each time.
      if (source.readyState === EventSource.CLOSED && everOpened) {
        source.close();
        window.setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 60000);
      }
    });
  }

  // htmx re-fetches replace <details> elements; keep open the ones the reader opened.
  var reopen = [];
  function remember(event) {
    var target = event.detail && event.detail.target;
    if (!target || !target.querySelectorAll) {
      return;
    }
    target.querySelectorAll("details[open]").forEach(function (details) {
      var holder = details.closest("[id]");
      if (holder && reopen.indexOf(holder.id) < 0) {
        reopen.push(holder.id);
      }
    });
  }
  function restore() {
    reopen.forEach(function (id) {
      var holder = document.getElementById(id);
      var details = holder && (holder.matches("details") ? holder : holder.querySelector("details"));
      if (details) {
        details.open = true;
      }
    });
    reopen = [];
  }
  document.addEventListener("htmx:beforeSwap", remember);
  document.addEventListener("htmx:oobBeforeSwap", remember);
  document.addEventListener("htmx:afterSettle", restore);

  connect();
  window.addEventListener("pagehide", function () {
    if (source) {
      source.close();
    }
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      // Back from the browser's page cache: the page may be out of date.
      missed = everOpened;
      connect();
    }
  });
})();

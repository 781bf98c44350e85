// The live connection of a signed-in page: one server-sent event stream (/live/events) read by htmx's SSE support
// (hx-sse.js) from the #live element the layout draws. The server sends each event's HTML in the reader's language
// and htmx swaps it (screen pops, presence, the inbox's notice); each event also arrives by name as a DOM event on
// #live that bubbles (pop.js, review.js and the contact page's "changed elsewhere" listen to those).
// Here: the page's data-live state ("connected", "reconnecting"), and a new stream when htmx could not open one.
(() => {
  var retryMs = 2000;
  var streaming = false;
  var timer = null;
  function live() {
    return document.getElementById('live');
  }
  function state(s) {
    if (document.body) document.body.dataset.live = s;
  }
  /** The stream could not be opened at all (an error answer, the network away): try again after 2, 4 … 60 s. */
  function retry() {
    state('reconnecting');
    clearTimeout(timer);
    timer = setTimeout(() => {
      var el = live();
      if (el && window.htmx) window.htmx.trigger(el, 'live:retry');
    }, retryMs);
    retryMs = Math.min(retryMs * 2, 60000);
  }
  function from(e) {
    return e.target === live();
  }
  // The stream is no request the page waits for, and its swaps never redraw a form: the busy indicator and the
  // drafts (app.js: requests in flight, text kept across a swap) never see them.
  ['htmx:before:request', 'htmx:before:swap'].forEach((name) => {
    document.addEventListener(
      name,
      (e) => {
        if (from(e)) e.stopPropagation();
      },
      true,
    );
  });
  document.addEventListener('htmx:sse:after:connection', (e) => {
    if (from(e)) streaming = true;
  });
  // htmx reconnects a stream that ended, after 2, 4, 8 … up to 60 seconds (the server's `retry: 2000`).
  document.addEventListener('htmx:sse:before:connection', (e) => {
    if (from(e) && e.detail && e.detail.connection && e.detail.connection.attempt > 0) state('reconnecting');
  });
  document.addEventListener('htmx:sse:error', (e) => {
    if (from(e)) state('reconnecting');
  });
  document.addEventListener('htmx:sse:close', (e) => {
    if (!from(e)) return;
    streaming = false;
    var reason = e.detail && e.detail.reason;
    if (reason === 'message')
      state('ended'); // the session ended: signing in again opens a new page
    else if (reason !== 'removed') retry();
  });
  // The first request of a stream that never became one (an error page, a sign-in page): try again later.
  document.addEventListener('htmx:finally:request', (e) => {
    if (from(e) && !streaming) retry();
  });
  document.addEventListener('ready', (e) => {
    if (!from(e)) return;
    retryMs = 2000;
    state('connected');
  });
})();

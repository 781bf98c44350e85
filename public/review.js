// The after-hours review page (/review): one key per decision outside text fields, marking a voicemail as
// listened when it plays, and a live list that refreshes without moving the focus. Loaded by the layout only
// on /review pages; no inline script (CSP).
(() => {
  var KEYS = { c: 1, l: 1, g: 1, z: 1, i: 1, m: 1, d: 1, p: 1, j: 1 };
  var csrf = () => {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  };
  // Texts in the reader's language come with the page (data-text-* on the review section).
  var text = (name) => document.querySelector('.review')?.dataset['text' + name[0].toUpperCase() + name.slice(1)] || '';
  var typing = (el) =>
    !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName) || !!el.closest('[contenteditable]'));

  function onKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey || e.defaultPrevented) return;
    if (typing(e.target) || !KEYS[e.key]) return;
    if (document.querySelector('dialog[open]')) return;
    var item = document.getElementById('review-item');
    if (e.key === 'j') {
      // The first item nobody else is working on (one this agent holds is theirs to open again).
      var rows = document.querySelectorAll('#review-list .review-row');
      for (var i = 0; i < rows.length; i++) {
        if (rows[i].querySelector('.held-by[data-hold="other"]') && !rows[i].classList.contains('is-current')) continue;
        var link = rows[i].querySelector('a[href^="/review/"]');
        if (link) {
          e.preventDefault();
          link.click();
        }
        return;
      }
      return;
    }
    if (!item) return;
    if (e.key === 'p') {
      var audio = item.querySelector('audio');
      if (audio) {
        e.preventDefault();
        audio.focus();
        audio.play().catch(() => {
          /* the page shows the player; the agent can press play */
        });
      }
      return;
    }
    var field = item.querySelector('[data-review-focus="' + e.key + '"]');
    if (field) {
      e.preventDefault();
      field.focus();
      return;
    }
    var button = item.querySelector('button[data-review-key="' + e.key + '"]');
    if (button && !button.disabled) {
      e.preventDefault();
      button.click();
    }
  }

  // A voicemail played to the end marks it as heard (the review's own POST; the server accepts it only when the
  // whole recording reached this agent, and audits it); the decision buttons then open up without a reload.
  // Starting playback is not hearing it.
  function markPlayed(audio) {
    if (audio.dataset.marked) return;
    audio.dataset.marked = '1';
    fetch(audio.dataset.playedUrl, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrf(), 'X-Requested-With': 'fetch' },
      credentials: 'same-origin',
    })
      .then((res) => {
        if (!res.ok) {
          delete audio.dataset.marked;
          return;
        }
        var box = audio.closest('.review-voicemail');
        var state = box && box.querySelector('[data-played-state]');
        if (state) state.textContent = text('played');
        var actions = box && box.querySelector('.review-play-actions');
        if (actions) actions.remove();
        var why = document.getElementById('review-why');
        if (why) why.remove();
        document.querySelectorAll('#review-item .review-decide button[disabled]').forEach((b) => {
          if (b.dataset.reviewKey === 'c' && b.closest('.review-decide').querySelector('.review-callback .why')) return;
          b.disabled = false;
          b.removeAttribute('aria-describedby');
        });
      })
      .catch(() => {
        delete audio.dataset.marked;
      });
  }

  // A recording that does not load or play is reported (with the browser's MediaError code) and the page is drawn
  // again, now offering to decide the item with that reason.
  function reportFailed(audio) {
    if (audio.dataset.failed || !audio.dataset.failedUrl) return;
    audio.dataset.failed = '1';
    var code = audio.error && audio.error.code ? String(audio.error.code) : '';
    fetch(audio.dataset.failedUrl, {
      method: 'POST',
      headers: {
        'X-CSRF-Token': csrf(),
        'X-Requested-With': 'fetch',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'code=' + encodeURIComponent(code),
      credentials: 'same-origin',
    })
      .then((res) => {
        if (res.ok) location.reload();
        else delete audio.dataset.failed;
      })
      .catch(() => {
        delete audio.dataset.failed;
      });
  }

  // The list follows what others do (a decision, a hold, a new item): htmx fetches it anew when the live stream
  // says so (views/review/review-page.tsx) and swaps it in when the focus is elsewhere; with the focus in the list
  // it is not redrawn, and a note offers to show the new list.
  document.addEventListener('htmx:before:swap', (e) => {
    var list = document.getElementById('review-list');
    if (!list || e.target !== list || !list.contains(document.activeElement)) return;
    e.preventDefault();
    var note = document.getElementById('review-live');
    if (note && !note.querySelector('a')) {
      var a = document.createElement('a');
      a.href = location.pathname;
      a.textContent = text('changed');
      note.appendChild(a);
    }
  });

  function start() {
    document.addEventListener('keydown', onKey);
    document.querySelectorAll('#review-item audio[data-played-url]').forEach((audio) => {
      audio.addEventListener('ended', () => markPlayed(audio));
      audio.addEventListener('error', () => reportFailed(audio));
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

// Screen pops (#screen-pop), drawn by the server and swapped in by the live stream (views/calls/screen-pop.tsx).
// A pop never takes the focus: the agent may be in the middle of a sentence. Its keys, outside text fields only:
// t takes the newest call (and puts the focus in the contact's note), o opens its contact, Esc closes it.
// An ended call's pop closes itself after the time it carries (data-close-after, seconds), never while it has
// the focus: then it waits until the focus has left it.
(() => {
  var NOT_TEXT = /^(button|submit|reset|checkbox|radio|file|range|color|image)$/i;
  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    if (el.tagName === 'INPUT') return !NOT_TEXT.test(el.type || '');
    return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
  }
  function newestPop() {
    return document.querySelector('#screen-pop .pop');
  }
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  /** Opens a contact; after "take" with the focus in its note (`?focus=note`: the page autofocuses the note). */
  function openContact(id, focusNote) {
    window.location.href = '/contacts/' + encodeURIComponent(id) + (focusNote ? '?focus=note' : '');
  }

  /** "Take this call": assigns the contact to me and opens it; when another agent was first, the pop says who. */
  function takeCall(pop) {
    var id = pop.dataset.contact;
    fetch('/contacts/' + encodeURIComponent(id) + '/take', {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'X-CSRF-Token': csrf(),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
    })
      .then((res) => {
        if (res.status === 401 || (res.redirected && new URL(res.url).pathname === '/login')) {
          window.location.href = '/login?expired=1&next=' + encodeURIComponent(window.location.pathname);
          return;
        }
        return res.json().then((d) => {
          if (res.ok && d.taken) openContact(id, true);
          // Another agent was first: the live stream redraws every pop of the call with their name.
        });
      })
      .catch(() => {
        /* offline: the agent can press again */
      });
  }

  document.addEventListener('submit', (e) => {
    var form = e.target;
    var pop = form && form.closest && form.matches('form.take') && form.closest('#screen-pop .pop');
    if (!pop) return;
    e.preventDefault();
    takeCall(pop);
  });
  document.addEventListener('click', (e) => {
    var close = e.target && e.target.closest && e.target.closest('#screen-pop .pop .pop-close');
    if (close) close.closest('.pop').remove();
  });

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing || e.repeat) return;
    if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || !document.body.dataset.userId) return;
    if (typing(document.activeElement)) return;
    var dlg = document.querySelector('dialog[open]');
    if (dlg) return; // a dialog handles its own keys (Escape closes it)
    var pop = newestPop();
    if (!pop) return;
    if (e.key === 'Escape') {
      pop.remove();
    } else if (e.key === 't' && pop.querySelector('form.take')) {
      e.preventDefault();
      takeCall(pop);
    } else if (e.key === 'o') {
      e.preventDefault();
      openContact(pop.dataset.contact, false);
    }
  });

  /** Closes an ended call's pop after its time, unless it has the focus (then once the focus has left it). */
  function closeLater(pop) {
    if (pop.dataset.closing) return;
    pop.dataset.closing = 'true';
    var wait = (Number(pop.dataset.closeAfter) || 60) * 1000;
    var tick = () => {
      if (!pop.isConnected) return;
      if (pop.contains(document.activeElement)) {
        pop.addEventListener('focusout', () => setTimeout(tick, 0), { once: true });
        return;
      }
      pop.remove();
    };
    setTimeout(tick, wait);
  }
  function scan() {
    document.querySelectorAll('#screen-pop .pop[data-close-after]').forEach(closeLater);
  }
  document.addEventListener('htmx:after:swap', scan);
})();

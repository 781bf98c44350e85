// Drafts: nothing typed on a page is lost. An element with data-draft-key (a contact's id or "new") and
// data-draft-field — a text box, or a whole form — is kept on the server as the agent types (debounced), and in
// sessionStorage until the server has it: when the session has ended, the text survives the sign-in page and
// comes back on the same page afterwards. A form's draft holds every field the agent changed (text, selects,
// radio groups, checkboxes), so a reload or a new sign-in puts all of it back. Also here: after an htmx swap the
// text being typed and the focus go back where they were.
(() => {
  var NOT_FIELD = /^(button|submit|reset|file|image|hidden)$/i;
  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }
  function userId() {
    return (document.body && document.body.dataset.userId) || '';
  }
  /** A fetch answered by the sign-in page (302) or 401: the session has ended. */
  function signedOut(res) {
    return res.status === 401 || (res.redirected && new URL(res.url).pathname === '/login');
  }
  function post(url, params, extra) {
    return fetch(
      url,
      Object.assign(
        {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'X-CSRF-Token': csrf(), 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(params || {}),
        },
        extra || {},
      ),
    );
  }

  var DRAFT_DELAY = 700;
  var PREFIX = 'baken.draft.';
  var timers = {};

  function draftEls(root) {
    return Array.prototype.slice.call((root || document).querySelectorAll('[data-draft-key][data-draft-field]'));
  }
  /** The draft fields a form submits: its own descendants and fields tied to it by their form="…" attribute. */
  function formDraftEls(form) {
    var out = draftEls(form);
    Array.prototype.forEach.call(form.elements || [], (x) => {
      if (x.matches && x.matches('[data-draft-key][data-draft-field]') && out.indexOf(x) < 0) out.push(x);
    });
    return out;
  }
  function draftId(elt) {
    return elt.dataset.draftKey + '.' + elt.dataset.draftField;
  }
  function storeKey(elt, user) {
    return PREFIX + (user || userId()) + '.' + draftId(elt);
  }
  /** A form's own fields: never its buttons or hidden fields, nor a field that is a draft of its own (the note). */
  function controls(form) {
    return Array.prototype.slice
      .call(form.elements)
      .filter(
        (c) => c.name && c.name !== '_csrf' && !NOT_FIELD.test(c.type || '') && !(c.dataset && c.dataset.draftField),
      );
  }
  function choice(c) {
    return c.type === 'radio' || c.type === 'checkbox';
  }
  function pristine(c) {
    if (choice(c)) return c.checked === c.defaultChecked;
    if (c.tagName === 'SELECT') {
      // A select without a `selected` option shows its first one.
      var first = null;
      var chosen = Array.prototype.find.call(c.options, (o) => o.defaultSelected);
      if (!chosen) first = c.options[0] || null;
      return (chosen || first) === c.options[c.selectedIndex] || (!chosen && !first);
    }
    return c.value === c.defaultValue;
  }
  /**
   * The text to keep: a text box's value, or a whole form as JSON (empty while it is untouched): a radio group
   * as its chosen value, checkboxes of one name as the list of those ticked.
   */
  function draftText(elt) {
    if (elt.tagName !== 'FORM') return elt.value;
    var cs = controls(elt);
    if (cs.every(pristine)) return '';
    // Only what the agent changed: putting the draft back never covers a newer stored value of another field.
    var changed = {};
    cs.forEach((c) => {
      if (!pristine(c)) changed[c.name] = true;
    });
    var o = {};
    cs.filter((c) => changed[c.name]).forEach((c) => {
      if (c.type === 'checkbox') {
        if (!Array.isArray(o[c.name])) o[c.name] = [];
        if (c.checked) o[c.name].push(c.value);
      } else if (c.type === 'radio') {
        if (c.checked) o[c.name] = c.value;
      } else o[c.name] = c.value;
    });
    return JSON.stringify(o);
  }
  /** True when putting a draft back overwrites nothing the agent (or the server, after an error) put there. */
  function restorable(elt) {
    if (elt.dataset.draftRestore === 'off' || elt.disabled) return false;
    if (elt.tagName === 'FORM') return controls(elt).every(pristine);
    return !elt.value.trim();
  }
  function putBack(elt, text) {
    if (elt.tagName !== 'FORM') {
      elt.value = text;
    } else {
      var o;
      try {
        o = JSON.parse(text);
      } catch (_) {
        return;
      }
      if (!o || typeof o !== 'object') return;
      controls(elt).forEach((c) => {
        var v = o[c.name];
        if (c.type === 'checkbox') {
          if (Array.isArray(v)) c.checked = v.indexOf(c.value) >= 0;
        } else if (c.type === 'radio') {
          if (typeof v === 'string') c.checked = v === c.value;
        } else if (typeof v === 'string') c.value = v;
      });
    }
    elt.classList.add('draft-restored');
  }
  function readStore(k) {
    try {
      return JSON.parse(sessionStorage.getItem(k) || 'null');
    } catch (_) {
      return null;
    }
  }
  function writeStore(k, v) {
    try {
      if (v) sessionStorage.setItem(k, JSON.stringify(v));
      else sessionStorage.removeItem(k);
    } catch (_) {
      /* storage full or off: the server copy still counts */
    }
  }
  function storeKeys() {
    var out = [];
    try {
      for (var i = 0; i < sessionStorage.length; i++) {
        var k = sessionStorage.key(i);
        if (k && k.indexOf(PREFIX) === 0) out.push(k);
      }
    } catch (_) {
      /* no storage */
    }
    return out;
  }
  /** Sends one draft to the server; sessionStorage keeps it until the server has exactly this text. */
  function saveDraft(key, field, text, store, keepalive) {
    return post('/drafts/' + encodeURIComponent(key), { field: field, text: text }, { keepalive: !!keepalive })
      .then((res) => {
        if (signedOut(res)) {
          document.body.dataset.session = 'expired';
          return false;
        }
        if (res.ok) {
          var now = readStore(store);
          if (now && now.text === text && !now.submitted) writeStore(store, null);
          return true;
        }
        return false;
      })
      .catch(() => {
        return false; // offline: sessionStorage keeps it, the next keystroke tries again
      });
  }
  function typed(elt) {
    var k = storeKey(elt);
    var text = draftText(elt);
    writeStore(k, text ? { text: text, path: window.location.pathname } : null);
    clearTimeout(timers[k]);
    timers[k] = setTimeout(() => {
      delete timers[k];
      saveDraft(elt.dataset.draftKey, elt.dataset.draftField, text, k);
    }, DRAFT_DELAY);
  }
  function draftOf(target) {
    if (!target || !target.closest) return null;
    var d = target.closest('[data-draft-key][data-draft-field]');
    if (d) return d;
    var form = target.form;
    return form && form.matches && form.matches('[data-draft-key][data-draft-field]') ? form : null;
  }
  function onEdit(e) {
    if (!userId()) return;
    var d = draftOf(e.target);
    if (d) typed(d);
  }
  document.addEventListener('input', onEdit);
  // "Cancel" on a form with a draft throws the draft away (data-draft-discard on the link).
  document.addEventListener('click', (e) => {
    var link = e.target && e.target.closest && e.target.closest('[data-draft-discard]');
    var form = link && link.closest('[data-draft-key][data-draft-field]');
    if (!form || !userId()) return;
    var k = storeKey(form);
    clearTimeout(timers[k]);
    delete timers[k];
    writeStore(k, null);
    post(
      '/drafts/' + encodeURIComponent(form.dataset.draftKey) + '/delete',
      { field: form.dataset.draftField },
      { keepalive: true },
    ).catch(() => {});
  });
  document.addEventListener('change', onEdit);

  // Submitting: the text is kept (marked as submitted) until the answer says it was saved; an answer that the
  // session has ended sends the agent to sign in, and the text waits for them in sessionStorage.
  document.addEventListener(
    'submit',
    (e) => {
      if (!userId()) return;
      var form = e.target;
      if (form && form.getAttribute && form.getAttribute('action') === '/logout') {
        flushAll(true);
        storeKeys().forEach((k) => {
          writeStore(k, null);
        });
        return;
      }
      var els = formDraftEls(form).concat(form.matches && form.matches('[data-draft-key]') ? [form] : []);
      els.forEach((d) => {
        var k = storeKey(d);
        clearTimeout(timers[k]);
        delete timers[k];
        var text = draftText(d);
        if (text.trim()) writeStore(k, { text: text, path: window.location.pathname, submitted: true });
      });
    },
    true,
  );

  // Swaps: a fragment that re-renders a field the agent is typing in gets the text back (unless that field's
  // own form was just saved), and the focus goes back to where the agent was.
  var pendingSwap = null;
  document.addEventListener('htmx:after:request', (e) => {
    var ctx = e.detail && e.detail.ctx;
    var source = ctx && ctx.sourceElement;
    var status = ctx && ctx.response ? ctx.response.status : 0;
    if (!source || !source.querySelectorAll) return;
    var form = source.tagName === 'FORM' ? source : source.closest('form');
    if (!form) return;
    var els = formDraftEls(form).concat(form.matches('[data-draft-key][data-draft-field]') ? [form] : []);
    // Saved only when the form's own action succeeded (not, say, "insert an answer" into the reply box).
    var path = (u) => {
      try {
        return new URL(u, window.location.href).pathname;
      } catch (_) {
        return '';
      }
    };
    var ownAction = ctx.request && path(ctx.request.action) === path(form.getAttribute('action') || '');
    if (status >= 200 && status < 300 && ownAction) {
      els.forEach((d) => {
        writeStore(storeKey(d), null);
        d.dataset.draftSaved = 'true';
        post(
          '/drafts/' + encodeURIComponent(d.dataset.draftKey) + '/delete',
          { field: d.dataset.draftField },
          { keepalive: true },
        ).catch(() => {});
      });
    } else if (status !== 401) {
      els.forEach((d) => {
        var k = storeKey(d);
        var v = readStore(k);
        if (v && v.submitted) writeStore(k, { text: v.text, path: v.path });
      });
    }
  });

  function focusPath(node) {
    if (!node || node === document.body || !node.closest) return null;
    if (node.id) return { id: node.id };
    var anchor = node.parentElement && node.parentElement.closest('[id]');
    if (!anchor) return null;
    var all = anchor.querySelectorAll('a[href], button, input, select, textarea, [tabindex]');
    return { anchor: anchor.id, index: Array.prototype.indexOf.call(all, node) };
  }
  function findPath(p) {
    if (!p) return null;
    if (p.id) return document.getElementById(p.id);
    var anchor = document.getElementById(p.anchor);
    if (!anchor || p.index < 0) return null;
    return anchor.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')[p.index] || null;
  }
  document.addEventListener('htmx:before:swap', () => {
    var keep = {};
    draftEls().forEach((d) => {
      if (d.dataset.draftSaved === 'true') return;
      var text = draftText(d);
      if (text.trim()) keep[draftId(d)] = text;
    });
    pendingSwap = {
      keep: keep,
      focus: focusPath(document.activeElement),
      active: document.activeElement,
      results: document.getElementById('inbox-results'),
    };
  });
  function afterSwap() {
    var p = pendingSwap;
    if (!p) return;
    pendingSwap = null;
    document.dispatchEvent(new CustomEvent('baken:swapped', { detail: { results: p.results } }));
    draftEls().forEach((d) => {
      var text = p.keep[draftId(d)];
      var had = draftText(d);
      if (text && restorable(d)) putBack(d, text);
      // Whatever the field now holds (kept, or put there by the server) is the draft from here on; a field the
      // swap did not touch keeps its pending save (a live suggestion beside it must not postpone it).
      var now = draftText(d);
      if (now.trim() && (now !== had || !timers[storeKey(d)])) typed(d);
    });
    var active = document.activeElement;
    if (p.active && p.active.isConnected) return; // the focused element survived the swap
    if (active && active !== document.body && active.isConnected && active !== p.active) return;
    var again = findPath(p.focus);
    if (again && again.focus) again.focus({ preventScroll: true });
  }
  new MutationObserver(() => {
    if (pendingSwap) Promise.resolve().then(afterSwap);
  }).observe(document.documentElement, { childList: true, subtree: true });

  /** Sends every draft waiting in sessionStorage for this user to the server (e.g. after signing in again). */
  function flushAll(keepalive) {
    var me = userId();
    storeKeys().forEach((k) => {
      var rest = k.slice(PREFIX.length).split('.');
      if (rest.length !== 3 || rest[0] !== me) return;
      var v = readStore(k);
      if (v && v.text && !v.submitted) saveDraft(rest[1], rest[2], v.text, k, keepalive);
    });
  }

  function startDrafts() {
    var me = userId();
    var keys = storeKeys();
    if (!me) {
      // The sign-in page after an expired session: what was being submitted did not arrive; keep it waiting.
      keys.forEach((k) => {
        var v = readStore(k);
        if (v && v.submitted) writeStore(k, { text: v.text, path: v.path });
      });
      return;
    }
    keys.forEach((k) => {
      var v = readStore(k);
      var owner = k.slice(PREFIX.length).split('.')[0];
      // Another user's text never stays in this tab; a submitted form reached the server (saved, or shown again).
      if (owner !== me || !v || v.submitted) writeStore(k, null);
    });
    var asked = {}; // one request per contact, however many of its fields are on the page
    draftEls().forEach((d) => {
      var k = storeKey(d);
      var waiting = readStore(k);
      if (!restorable(d)) {
        if (waiting) writeStore(k, null);
        return;
      }
      if (waiting && waiting.text) {
        putBack(d, waiting.text);
        saveDraft(d.dataset.draftKey, d.dataset.draftField, waiting.text, k);
        return;
      }
      var key = d.dataset.draftKey;
      asked[key] =
        asked[key] ||
        fetch('/drafts/' + encodeURIComponent(key), { credentials: 'same-origin' }).then((r) =>
          r.ok && !r.redirected ? r.json() : null,
        );
      asked[key]
        .then((data) => {
          var text = data && data.drafts && data.drafts[d.dataset.draftField];
          if (text && restorable(d)) putBack(d, text);
        })
        .catch(() => {
          /* offline */
        });
    });
    flushAll(false);
  }
  window.addEventListener('pagehide', () => {
    Object.keys(timers).forEach((k) => {
      clearTimeout(timers[k]);
    });
    timers = {};
    if (userId()) flushAll(true);
  });
  window.bakenDrafts = {
    /** True while a swap's text and focus are still to be put back (public/app.js waits for it). */
    swapPending: () => !!pendingSwap,
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startDrafts);
  else startDrafts();
})();

// Baken's own script: keyboard shortcuts, the live connection (screen pop, inbox announcements, presence).
// No inline script anywhere (the Content-Security-Policy forbids it); everything that happens in the page is here.
// Two rules hold throughout: the focus belongs to the agent (nothing live ever moves it or fires a shortcut while
// they type), and nothing typed is lost (drafts are kept on the server, and in sessionStorage while it is out of reach).
(() => {
  var NOT_TEXT = /^(button|submit|reset|checkbox|radio|file|range|color|image)$/i;
  /** True when the element takes typed text: a shortcut letter there is a letter, never a command. */
  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    if (el.tagName === 'INPUT') return !NOT_TEXT.test(el.type || '');
    return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
  }
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
    var body = new URLSearchParams(params || {});
    return fetch(
      url,
      Object.assign(
        {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'X-CSRF-Token': csrf(), 'Content-Type': 'application/x-www-form-urlencoded' },
          body: body,
        },
        extra || {},
      ),
    );
  }

  // Confirmation for buttons that do something hard to undo (data-confirm="…"); registered first, so a
  // cancelled submit is not seen by the drafts (public/drafts.js, loaded after this file).
  document.addEventListener(
    'submit',
    (e) => {
      var msg = e.target && e.target.getAttribute && e.target.getAttribute('data-confirm');
      if (msg && !window.confirm(msg)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  // ---------------------------------------------------------------------------------------------------------
  // Screen pops
  function pops() {
    return Array.prototype.slice.call(document.querySelectorAll('#screen-pop .pop'));
  }
  function newestPop() {
    return pops()[0] || null;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Shortcuts: single keys only outside text fields and without Ctrl/Alt/Meta; "?" lists them all.
  var shortcutsReturn = null;
  function openShortcuts() {
    var dlg = document.getElementById('shortcuts');
    if (!dlg || dlg.open) return;
    shortcutsReturn = document.activeElement;
    dlg.showModal();
  }
  document.addEventListener('DOMContentLoaded', () => {
    var dlg = document.getElementById('shortcuts');
    if (dlg)
      dlg.addEventListener('close', () => {
        if (shortcutsReturn && shortcutsReturn.isConnected && shortcutsReturn.focus) shortcutsReturn.focus();
        shortcutsReturn = null;
      });
  });

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing || e.repeat) return;
    if (e.ctrlKey || e.metaKey || e.altKey || !userId()) return;
    if (typing(document.activeElement)) return;
    var dlg = document.getElementById('shortcuts');
    if (dlg && dlg.open) return; // the dialog handles its own keys (Escape closes it)
    if (e.key === '?') {
      e.preventDefault();
      openShortcuts();
      return;
    }
    if (e.shiftKey) return;
    var pop;
    switch (e.key) {
      case 'Escape':
        pop = newestPop();
        if (pop) pop.remove();
        return;
      case '/':
        var q = document.getElementById('q');
        if (q) {
          e.preventDefault();
          q.focus();
          q.select();
        }
        return;
      case 'n':
        e.preventDefault();
        window.location.href = '/contacts/new';
        return;
      case 't':
        pop = newestPop();
        if (pop) {
          e.preventDefault();
          takeCall(pop);
        }
        return;
      case 'o':
        pop = newestPop();
        if (pop) {
          e.preventDefault();
          window.location.href = '/contacts/' + encodeURIComponent(pop.dataset.contact);
        }
        return;
    }
  });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach((c) => {
      node.append(c);
    });
    return node;
  }

  function showTaken(pop, name) {
    var line = pop.querySelector('.taken');
    if (!line) return;
    line.textContent = String(pop.dataset.takenLabel || 'Taken by {name}').replace('{name}', String(name || ''));
    pop.classList.add('is-taken');
  }

  /** "Take this call": assigns the contact to me and opens it; when another agent was first, the pop says who. */
  function takeCall(pop) {
    var id = pop.dataset.contact;
    post(
      '/contacts/' + encodeURIComponent(id) + '/take',
      {},
      {
        headers: {
          'X-CSRF-Token': csrf(),
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
      },
    )
      .then((res) => {
        if (signedOut(res)) {
          window.location.href = '/login?expired=1&next=' + encodeURIComponent(window.location.pathname);
          return;
        }
        return res.json().then((d) => {
          if (res.ok && d.taken) window.location.href = d.href;
          else if (res.status === 409) showTaken(pop, d.byName);
        });
      })
      .catch(() => {
        /* offline: the agent can press again */
      });
  }

  // A screen pop for an incoming call: the masked number, earlier contacts from that number, "take this call",
  // "open contact". Built with DOM methods and textContent only: nothing from the server becomes HTML. It never
  // takes the focus: the agent may be in the middle of a sentence (t takes it, o opens it, Esc closes it).
  function showCallPop(data) {
    var box = document.getElementById('screen-pop');
    if (!box) return;
    // Labels come in every interface language; show the page's own.
    var own = data.i18n && data.i18n[document.documentElement.lang];
    if (own)
      Object.keys(own).forEach((k) => {
        data[k] = own[k];
      });
    var key = String(data.callSid || data.contactId);
    var existing = box.querySelector('[data-call="' + CSS.escape(key) + '"]');
    var takenText = existing && existing.querySelector('.taken') ? existing.querySelector('.taken').textContent : '';
    if (existing) existing.remove();
    var earlier = el(
      'ul',
      { class: 'earlier' },
      (data.earlier || []).map((c) =>
        el('li', {}, [
          el('a', { href: '/contacts/' + encodeURIComponent(c.id) }, [
            String(c.reference || '') + ' ' + String(c.subject || ''),
          ]),
          ' ' + String(c.started || ''),
        ]),
      ),
    );
    var take = el(
      'form',
      { method: 'post', action: '/contacts/' + encodeURIComponent(data.contactId) + '/take', class: 'inline take' },
      [
        el('input', { type: 'hidden', name: '_csrf', value: csrf() }),
        el('button', { type: 'submit', class: 'primary' }, [String(data.takeLabel || 'Take this call')]),
      ],
    );
    var open = el('a', { class: 'button', href: '/contacts/' + encodeURIComponent(data.contactId) }, [
      data.openLabel || 'Open contact',
    ]);
    var close = el('button', { type: 'button', class: 'link', 'aria-label': String(data.closeLabel || 'Close') }, [
      '×',
    ]);
    var pop = el(
      'section',
      {
        class: 'pop',
        role: 'alert',
        'data-call': key,
        'data-contact': String(data.contactId),
        'data-taken-label': String(data.takenByLabel || 'Taken by {name}'),
      },
      [
        el('h2', {}, [
          String(data.title || 'Incoming call') + ' ',
          el('strong', { class: 'number' }, [String(data.from || '')]),
        ]),
        data.menu ? el('p', {}, [String(data.menu)]) : '',
        (data.earlier || []).length ? el('p', {}, [String(data.earlierLabel || 'Earlier contacts')]) : '',
        earlier,
        el('p', { class: 'taken' }, [takenText]),
        take,
        ' ',
        open,
        close,
      ],
    );
    take.addEventListener('submit', (e) => {
      e.preventDefault();
      takeCall(pop);
    });
    close.addEventListener('click', () => {
      pop.remove();
    });
    if (takenText) pop.classList.add('is-taken');
    box.prepend(pop);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Presence: who else has this contact open. The page says "still here" every 20 s and "left" when it goes.
  var presenceEl = null,
    presenceContact = null;
  function renderPresence(names) {
    if (!presenceEl) return;
    presenceEl.textContent = names.length
      ? String(presenceEl.dataset.label || '{names}').replace('{names}', names.join(', '))
      : '';
  }
  function presenceEvent(d) {
    if (!presenceEl || String(d.contactId) !== presenceContact) return;
    var me = presenceEl.dataset.user;
    renderPresence((d.present || []).filter((p) => String(p.id) !== me).map((p) => String(p.name)));
  }
  function pingPresence(leave) {
    return post('/live/presence/' + encodeURIComponent(presenceContact), leave ? { leave: '1' } : {}, {
      keepalive: !!leave,
    })
      .then((r) => (r.ok ? r.json() : null))
      .then((d) => {
        if (d && d.others && !leave) renderPresence(d.others);
      })
      .catch(() => {
        /* offline: try again later */
      });
  }
  function startPresence() {
    var article = document.querySelector('article.contact[data-contact-id]');
    presenceEl = document.getElementById('presence');
    if (!article || !presenceEl) return;
    presenceContact = article.getAttribute('data-contact-id');
    pingPresence(false);
    setInterval(() => {
      pingPresence(false);
    }, 20000);
    window.addEventListener('pagehide', () => {
      pingPresence(true);
    });
  }

  // ---------------------------------------------------------------------------------------------------------
  // The contact page when the contact changes elsewhere: the form is never redrawn under the agent's hands (that
  // would throw away what they are changing); a notice offers the reload instead. The agent's own change also
  // arrives as an event: it is looked at once their request has been answered and swapped in, and a version no
  // newer than the page's is nothing new. An event without a version (bookkeeping such as a mail leaving the
  // outbox or a call ending) changed nothing the form shows; a stale save would still answer 409.
  var inFlight = new Set();
  var changedVersion = 0;
  document.addEventListener('htmx:before:request', (e) => {
    if (e.detail && e.detail.ctx) inFlight.add(e.detail.ctx);
  });
  ['htmx:after:request', 'htmx:error'].forEach((name) => {
    document.addEventListener(name, (e) => {
      if (e.detail && e.detail.ctx) inFlight.delete(e.detail.ctx);
    });
  });
  function pageVersion() {
    var input = document.querySelector('#contact-update input[name="version"]');
    return input ? Number(input.value) || 0 : 0;
  }
  function contactChanged(d) {
    var box = document.getElementById('contact-changed');
    var article = document.querySelector('article.contact[data-contact-id]');
    if (!box || !article || !d || String(d.id) !== article.getAttribute('data-contact-id')) return;
    var tries = 0;
    var check = () => {
      // A request whose element a swap has removed is never reported back to the document: it no longer counts.
      inFlight.forEach((ctx) => {
        var src = ctx.sourceElement || ctx.elt;
        if (src && !src.isConnected) inFlight.delete(ctx);
      });
      var swapping = window.bakenDrafts && window.bakenDrafts.swapPending();
      if ((inFlight.size > 0 || swapping) && ++tries < 40) {
        setTimeout(check, 300);
        return;
      }
      var v = typeof d.version === 'number' ? d.version : 0;
      if (v <= pageVersion()) return;
      changedVersion = Math.max(changedVersion, v);
      if (!box.hidden) return;
      var reload = el('a', { href: window.location.pathname + window.location.search }, [
        String(box.dataset.reload || 'Reload'),
      ]);
      box.replaceChildren(String(box.dataset.label || '') + ' ', reload);
      box.hidden = false;
    };
    setTimeout(check, 300);
  }
  /** After the agent's own save drew the form anew at the newest version, the notice has nothing left to say. */
  function contactSwapped() {
    var box = document.getElementById('contact-changed');
    if (box && !box.hidden && pageVersion() >= changedVersion) {
      box.hidden = true;
      box.replaceChildren();
    }
  }
  // public/drafts.js says when a swap is done (and which inbox list was there before it).
  document.addEventListener('baken:swapped', (e) => {
    contactSwapped();
    // A freshly drawn inbox list has nothing new to announce yet.
    var results = document.getElementById('inbox-results');
    var news = document.getElementById('inbox-news');
    if (results && news && e.detail && results !== e.detail.results) news.replaceChildren();
  });

  // ---------------------------------------------------------------------------------------------------------
  // The inbox: a live update never redraws the list (that would move the page and the focus); new contacts
  // that match the filters are announced as "3 new — show", and a change to a listed one as "changed — show".
  var freshTimer = null;
  function inboxParams() {
    var form = document.querySelector('form.filters');
    var params = new URLSearchParams();
    if (form)
      new FormData(form).forEach((v, k) => {
        if (typeof v === 'string' && v !== '') params.append(k, v);
      });
    return params;
  }
  function announce(text) {
    var news = document.getElementById('inbox-news');
    if (!news) return;
    var existing = news.querySelector('button');
    if (existing && existing.textContent === text) return;
    var button = el('button', { type: 'button', class: 'link' }, [text]);
    button.addEventListener('click', () => {
      var p = inboxParams().toString();
      window.location.href = '/contacts' + (p ? '?' + p : '');
    });
    // Replace the announcement without moving the focus (unless it was on the old button: then the new one).
    var hadFocus = existing && document.activeElement === existing;
    news.replaceChildren(button);
    if (hadFocus) button.focus();
  }
  function checkFresh() {
    var results = document.getElementById('inbox-results');
    var news = document.getElementById('inbox-news');
    if (!results || !news) return;
    var params = inboxParams();
    params.set('after', results.dataset.since || '0');
    fetch('/contacts/fresh?' + params.toString(), { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((d) => {
        if (d && d.n > 0) announce(String(news.dataset.newLabel || '{n} new').replace('{n}', d.n >= 100 ? '99+' : d.n));
      })
      .catch(() => {
        /* offline */
      });
  }
  function inboxCreated() {
    if (!document.getElementById('inbox-results')) return;
    clearTimeout(freshTimer);
    freshTimer = setTimeout(checkFresh, 300);
  }
  function inboxUpdated(d) {
    var results = document.getElementById('inbox-results');
    var news = document.getElementById('inbox-news');
    if (!results || !news || !d) return;
    if (!results.querySelector('tr[data-id="' + CSS.escape(String(d.id)) + '"]')) return;
    if (news.querySelector('button')) return; // "N new — show" already offers the fresh list
    announce(String(news.dataset.changedLabel || 'The list has changed — show'));
  }

  // ---------------------------------------------------------------------------------------------------------
  // The browser reconnects a stream that ended by itself, but gives up on one whose reconnection was answered
  // with an error (an instance restarting, the database away for a moment): then a new one is opened, after
  // 2, 4, 8 … up to 60 seconds.
  var liveRetryMs = 2000;
  function connect() {
    if (!document.body || document.body.dataset.signedIn !== 'true' || !window.EventSource) return;
    var source = new EventSource('/live/events');
    source.addEventListener('contact.created', inboxCreated);
    source.addEventListener('contact.updated', (e) => {
      try {
        var d = JSON.parse(e.data);
        inboxUpdated(d);
        contactChanged(d);
      } catch (_) {
        /* ignore a broken event */
      }
    });
    source.addEventListener('call.incoming', (e) => {
      try {
        showCallPop(JSON.parse(e.data));
      } catch (_) {
        /* ignore a broken event */
      }
    });
    source.addEventListener('call.ended', (e) => {
      try {
        var d = JSON.parse(e.data);
        var p = document.querySelector('.pop[data-call="' + CSS.escape(String(d.callSid)) + '"]');
        if (p) p.classList.add('ended');
      } catch (_) {
        /* ignore */
      }
    });
    source.addEventListener('contact.taken', (e) => {
      try {
        var d = JSON.parse(e.data);
        pops().forEach((p) => {
          if (p.dataset.contact === String(d.contactId)) showTaken(p, d.byName);
        });
      } catch (_) {
        /* ignore */
      }
    });
    source.addEventListener('presence', (e) => {
      try {
        presenceEvent(JSON.parse(e.data));
      } catch (_) {
        /* ignore */
      }
    });
    source.addEventListener('ready', () => {
      document.body.dataset.live = 'connected';
      liveRetryMs = 2000;
      // Whatever was said while the stream was not yet (or no longer) open is missed: ask who is here now.
      if (presenceContact) pingPresence(false);
    });
    source.onerror = () => {
      document.body.dataset.live = 'reconnecting';
      if (source.readyState === EventSource.CLOSED && window.bakenLive === source) {
        setTimeout(connect, liveRetryMs);
        liveRetryMs = Math.min(liveRetryMs * 2, 60000);
      }
    };
    window.bakenLive = source;
  }

  function start() {
    connect();
    startPresence();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

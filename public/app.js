// Baken's own script: keyboard shortcuts and the live connection (screen pop, inbox refresh).
// No inline script anywhere (the Content-Security-Policy forbids it); everything that happens in the page is here.
(() => {
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  // Shortcuts: "/" jumps to the inbox search, "n" opens "log a contact", Escape closes a screen pop.
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'Escape') {
      var pop = document.querySelector('.pop');
      if (pop) pop.remove();
      return;
    }
    if (typing(document.activeElement)) return;
    if (e.key === '/') {
      var q = document.getElementById('q');
      if (q) {
        e.preventDefault();
        q.focus();
        q.select();
      }
    } else if (e.key === 'n') {
      e.preventDefault();
      window.location.href = '/contacts/new';
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

  // A screen pop for an incoming call: the masked number, earlier contacts from that number, a button to
  // open the contact. Built with DOM methods and textContent only: nothing from the server becomes HTML.
  function showCallPop(data) {
    var box = document.getElementById('screen-pop');
    if (!box) return;
    // Labels come in every interface language; show the page's own.
    var own = data.i18n && data.i18n[document.documentElement.lang];
    if (own)
      Object.keys(own).forEach((k) => {
        data[k] = own[k];
      });
    var existing = box.querySelector('[data-call="' + CSS.escape(String(data.callSid || data.contactId)) + '"]');
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
    var open = el('a', { class: 'button primary', href: '/contacts/' + encodeURIComponent(data.contactId) }, [
      data.openLabel || 'Open contact',
    ]);
    var close = el('button', { type: 'button', class: 'link', 'aria-label': 'Close' }, ['×']);
    close.addEventListener('click', () => {
      pop.remove();
    });
    var pop = el('section', { class: 'pop', role: 'alert', 'data-call': String(data.callSid || data.contactId) }, [
      el('h2', {}, [
        String(data.title || 'Incoming call') + ' ',
        el('strong', { class: 'number' }, [String(data.from || '')]),
      ]),
      data.menu ? el('p', {}, [String(data.menu)]) : '',
      (data.earlier || []).length ? el('p', {}, [String(data.earlierLabel || 'Earlier contacts')]) : '',
      earlier,
      open,
      close,
    ]);
    box.prepend(pop);
    open.focus();
  }

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
    var meta = document.querySelector('meta[name="csrf-token"]');
    return fetch('/live/presence/' + encodeURIComponent(presenceContact), {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: !!leave,
      headers: { 'X-CSRF-Token': meta ? meta.content : '', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: leave ? 'leave=1' : '',
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

  function connect() {
    if (!document.body || document.body.dataset.signedIn !== 'true' || !window.EventSource) return;
    var source = new EventSource('/live/events');
    var refresh = () => {
      if (document.getElementById('inbox-results') && window.htmx) window.htmx.trigger(document.body, 'refresh-inbox');
    };
    source.addEventListener('contact.created', refresh);
    source.addEventListener('contact.updated', refresh);
    source.addEventListener('call.incoming', (e) => {
      try {
        showCallPop(JSON.parse(e.data));
      } catch (_) {
        /* ignore a broken event */
      }
      refresh();
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
    source.addEventListener('presence', (e) => {
      try {
        presenceEvent(JSON.parse(e.data));
      } catch (_) {
        /* ignore */
      }
    });
    source.addEventListener('ready', () => {
      document.body.dataset.live = 'connected';
    });
    source.onerror = () => {
      document.body.dataset.live = 'reconnecting';
    };
    window.bakenLive = source;
  }

  // Confirmation for buttons that do something hard to undo (data-confirm="…").
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

  function start() {
    connect();
    startPresence();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

// Presence on the contact page: htmx says "still here" every 20 s and draws who else is there (#presence, see
// views/contacts/contact-page.tsx); the live stream redraws it when someone comes or goes. Here only the goodbye:
// when the page goes away, the others are told at once instead of after the 45 s the server waits.
(() => {
  window.addEventListener('pagehide', () => {
    var article = document.querySelector('article.contact[data-contact-id]');
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (!article || !document.getElementById('presence')) return;
    fetch('/live/presence/' + encodeURIComponent(article.getAttribute('data-contact-id')), {
      method: 'POST',
      credentials: 'same-origin',
      keepalive: true,
      headers: { 'X-CSRF-Token': meta ? meta.content : '', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ leave: '1' }),
    }).catch(() => {
      /* offline: the server forgets the agent after 45 s */
    });
  });
})();

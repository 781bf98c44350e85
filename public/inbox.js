// The inbox's live notice (#inbox-news, drawn by the server: "3 new — show", "The list has changed — show"): the
// button shows the inbox afresh with the filters that are open. A live update never redraws the list itself.
(() => {
  document.addEventListener('click', (e) => {
    var button = e.target && e.target.closest && e.target.closest('#inbox-news [data-inbox-show]');
    if (!button) return;
    var form = document.querySelector('form.filters');
    var params = new URLSearchParams();
    if (form)
      new FormData(form).forEach((v, k) => {
        if (typeof v === 'string' && v !== '') params.append(k, v);
      });
    var p = params.toString();
    window.location.href = '/contacts' + (p ? '?' + p : '');
  });
})();

// A request that runs shows itself. htmx 4 puts the class htmx-request on the element that sent it, but says
// nothing to assistive technology: while a request runs, its form (or the element that sent it, when that is no
// form) carries aria-busy="true", and baken.css draws a turning ring beside its button and dims the inbox list.
// Two requests from one form (a filter typed while the last one still runs) keep it busy until both are done.
(() => {
  var running = new WeakMap();
  var holderOf = (ctx, target) => {
    var source = (ctx && ctx.sourceElement) || target;
    if (!source || !source.closest) return null;
    var holder = source.closest('form') || source;
    return holder === document.body || holder === document.documentElement ? null : holder;
  };
  document.addEventListener('htmx:before:request', (e) => {
    var ctx = e.detail && e.detail.ctx;
    var holder = holderOf(ctx, e.target);
    if (!ctx || !holder || ctx.busyHolder) return;
    ctx.busyHolder = holder;
    running.set(holder, (running.get(holder) || 0) + 1);
    holder.setAttribute('aria-busy', 'true');
  });
  // A request always ends here, answered, refused or failed; a swap that removed the holder leaves nothing behind.
  document.addEventListener('htmx:finally:request', (e) => {
    var ctx = e.detail && e.detail.ctx;
    var holder = ctx && ctx.busyHolder;
    if (!holder) return;
    ctx.busyHolder = null;
    var left = (running.get(holder) || 1) - 1;
    if (left > 0) {
      running.set(holder, left);
      return;
    }
    running.delete(holder);
    holder.removeAttribute('aria-busy');
  });
})();

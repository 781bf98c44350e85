// The live routing suggestion beside a contact form (views/routing/suggestion.tsx): "Accept suggestion" fills
// the form's queue, priority (urgent) and topic boxes; the agent still saves the form. No inline script (CSP).
(() => {
  const pick = (...ids) => ids.map((id) => document.getElementById(id)).find(Boolean) || null;
  const set = (el, value) => {
    if (!el || el.value === value) return;
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };
  document.addEventListener('click', (e) => {
    const btn = e.target instanceof Element ? e.target.closest('button.routing-fill') : null;
    if (!btn) return;
    const queue = pick('u-queue', 'queue');
    if (queue && queue.value !== 'after-hours') set(queue, btn.dataset.routingQueue || queue.value);
    if (btn.dataset.routingUrgent === '1') set(pick('u-priority', 'priority'), 'urgent');
    const topics = (btn.dataset.routingTopics || '').split(' ').filter(Boolean);
    const form = queue ? queue.form : null;
    if (form && topics.length)
      for (const box of form.querySelectorAll('input[type="checkbox"][name="topics"]')) {
        const on = topics.includes(box.value);
        if (box.checked !== on) {
          box.checked = on;
          box.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }
    btn.textContent = btn.dataset.doneText || btn.textContent;
    btn.setAttribute('aria-pressed', 'true');
    if (queue) queue.focus();
  });
})();

'use strict';
// Keeps a copy of the article form in this browser while the journalist types, so that an
// expired session, a crash or a closed tab loses nothing. When the page is opened again and the
// copy differs from what the server has, the journalist is offered to restore it.
(function () {
  const SUBMITTED = 'newsroom-autosave-submitted';
  const SKIP = new Set(['csrfmiddlewaretoken', 'base_version']);

  function storageKey(user) {
    return 'newsroom-autosave:' + user + ':' + window.location.pathname;
  }

  function fields(form) {
    return Array.from(form.elements).filter(
      (el) => el.name && !SKIP.has(el.name) && !['file', 'submit', 'button', 'hidden'].includes(el.type)
    );
  }

  function collect(form) {
    const values = {};
    for (const el of fields(form)) {
      if (el.type === 'checkbox' || el.type === 'radio') values[el.name + '=' + el.value] = el.checked;
      else if (el.multiple) values[el.name] = Array.from(el.selectedOptions).map((o) => o.value);
      else values[el.name] = el.value;
    }
    return values;
  }

  function apply(form, values, editors) {
    for (const el of fields(form)) {
      const key = el.type === 'checkbox' || el.type === 'radio' ? el.name + '=' + el.value : el.name;
      if (!(key in values)) continue;
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = values[key];
      else if (el.multiple) {
        for (const value of values[key]) {
          if (!Array.from(el.options).some((o) => o.value === value)) el.add(new Option(value, value));
        }
        Array.from(el.options).forEach((o) => { o.selected = values[key].includes(o.value); });
        el.dispatchEvent(new Event('change', { bubbles: true }));
      } else {
        el.value = values[key];
        const editor = editors.get(el);
        if (editor) editor.commands.setContent(values[key]);
      }
    }
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function start() {
    // A save that the server confirmed makes the copy redundant.
    const submitted = window.sessionStorage.getItem(SUBMITTED);
    if (submitted && document.querySelector('.messagelist .success')) {
      window.localStorage.removeItem(submitted);
      window.sessionStorage.removeItem(SUBMITTED);
    }

    // The article form opts in with <meta name="newsroom-autosave" content="FORM-ID" data-user="PK">.
    const config = document.querySelector('meta[name="newsroom-autosave"]');
    const form = config && document.getElementById(config.content);
    if (!form) return;
    const key = storageKey(config.dataset.user || '');
    const editors = new Map();
    let offered = null;

    function save() {
      if (offered) return; // do not overwrite the copy until the journalist decides about it
      window.localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), values: collect(form) }));
    }

    let timer = null;
    function saveSoon() {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 500);
    }

    document.addEventListener('prose-editor:ready', (event) => {
      editors.set(event.detail.textarea, event.detail.editor);
      event.detail.editor.on('update', saveSoon);
    });
    form.addEventListener('input', saveSoon);
    form.addEventListener('change', saveSoon);
    form.addEventListener('submit', () => {
      save();
      window.sessionStorage.setItem(SUBMITTED, key);
    });

    let stored = null;
    try {
      stored = JSON.parse(window.localStorage.getItem(key) || 'null');
    } catch (error) {
      window.localStorage.removeItem(key);
    }
    if (!stored || same(stored.values, collect(form)) || document.querySelector('.errornote')) return;

    offered = document.createElement('div');
    offered.className = 'autosave-offer';
    offered.setAttribute('role', 'alert');
    const when = new Date(stored.savedAt).toLocaleString();
    offered.append(`Unsaved changes from ${when} were kept in this browser.`);
    const restore = document.createElement('button');
    restore.type = 'button';
    restore.textContent = 'Restore them';
    const discard = document.createElement('button');
    discard.type = 'button';
    discard.textContent = 'Discard them';
    offered.append(restore, discard);
    form.prepend(offered);
    restore.addEventListener('click', () => {
      apply(form, stored.values, editors);
      offered.remove();
      offered = null;
      save();
    });
    discard.addEventListener('click', () => {
      window.localStorage.removeItem(key);
      offered.remove();
      offered = null;
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();

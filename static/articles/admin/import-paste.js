'use strict';
// A paste from Word or Google Docs carries HTML as well as plain text. The textarea shows the
// text; the HTML goes in a hidden field so that headings, lists and emphasis survive the import.
// Typing in the textarea afterwards means the text shown is what counts, so the HTML is dropped.
document.addEventListener('DOMContentLoaded', () => {
  const textarea = document.querySelector('textarea[data-import-paste]');
  const hidden = document.querySelector('input[name="pasted_html"]');
  const status = document.getElementById('import-paste-status');
  if (!textarea || !hidden || !status) return;
  const say = (message) => { status.textContent = message; };
  if (hidden.value) say('The formatting of your paste will be kept.');
  textarea.addEventListener('paste', (event) => {
    const html = event.clipboardData && event.clipboardData.getData('text/html');
    const replacesAll = textarea.selectionStart === 0 && textarea.selectionEnd === textarea.value.length;
    if (html && replacesAll) {
      hidden.value = html;
      say('The formatting of your paste will be kept.');
    } else {
      hidden.value = '';
      say('');
    }
  });
  textarea.addEventListener('input', (event) => {
    if (event.inputType !== 'insertFromPaste' && hidden.value) {
      hidden.value = '';
      say('You edited the text, so it will be imported as plain text.');
    }
  });
});

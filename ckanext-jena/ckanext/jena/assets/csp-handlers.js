/* What CKAN's templates did with inline event handlers, which the portal's
 * Content-Security-Policy does not run (ckanext/jena/requests/security_headers.py):
 * the resource form's upload/link/remove buttons, the API token list and the table view's
 * buttons (ckanext-datatablesview builds some of them with onclick). Delegated handlers,
 * so content swapped in by htmx works too. */
(function () {
  'use strict';

  function byId(id) { return document.getElementById(id); }

  function check(id) {
    var input = byId(id);
    if (input) { input.checked = true; }
  }

  function emptyField(id) {
    var field = byId(id);
    if (!field) { return; }
    if (field.type === 'file') {
      // a file input cannot be set, only replaced by an empty copy (as CKAN did)
      var copy = window.jQuery ? window.jQuery(field).val('').clone(true)[0] : field.cloneNode(false);
      field.parentNode.replaceChild(copy, field);
    } else {
      field.value = '';
    }
  }

  var uploadActions = {
    upload: function () {
      check('resource-url-upload');
      var file = byId('field-resource-upload');
      if (file) { file.click(); }
    },
    link: function () {
      check('resource-url-link');
      var url = byId('field-resource-url');
      if (url) { url.focus(); }
    },
    remove: function (button) {
      check('resource-url-none');
      var first = byId(button.getAttribute('data-jena-focus'));
      if (first) { first.focus(); }
      emptyField(button.getAttribute('data-jena-clear'));
    },
    'clear-upload': function () {
      check('field-clear-upload');
      var file = byId('field-resource-upload');
      if (file) { file.focus(); }
    }
  };

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-jena-upload-action]');
    if (!button) { return; }
    var action = uploadActions[button.getAttribute('data-jena-upload-action')];
    if (action) { action(button); }
  });

  // The table view: its functions are globals of datatablesview.js.
  var tableCalls = {
    fitColText: function () { window.fitColText(); }
  };

  function tableTitle() {
    var table = byId('dtprv');
    if (!table) { return document.title; }
    var title = table.getAttribute('data-package-name') + ' \u2014 ' + table.getAttribute('data-resource-name');
    // printModal writes the title into the print window as HTML
    return title.replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target : null;
    if (!target) { return; }
    var call = target.closest('[data-jena-call]');
    if (call && tableCalls[call.getAttribute('data-jena-call')]) {
      tableCalls[call.getAttribute('data-jena-call')]();
      return;
    }
    if (target.closest('#modalcopy-button') && window.copyModal) {
      window.copyModal(tableTitle());
    } else if (target.closest('#modalprint-button') && window.printModal) {
      window.printModal(tableTitle());
    } else if (target.matches('input[type="checkbox"][readonly]')) {
      event.preventDefault(); // the view form's always-shown _id column
    }
  });

  // The table view's column filters and the scroll-resize plugin's helper frame are created
  // by script without a name; name them once DataTables has drawn the table (and give the sort
  // info, rewritten on every change of the order, its translated tooltip).
  function nameTableControls() {
    var table = byId('dtprv');
    if (!table) { return; }
    var pattern = table.getAttribute('data-jena-filter-label') || '{column}';
    // DataTables clones the header for scrolling: every copy's filter row gets its names.
    document.querySelectorAll('thead input[id^="dtcol-"]:not([aria-label])').forEach(function (input) {
      var cell = input.closest('th');
      var head = cell && cell.parentElement.parentElement.rows[0].cells[cell.cellIndex];
      if (head) { input.setAttribute('aria-label', pattern.replace('{column}', head.textContent.trim())); }
    });
    // KeyTable's off-screen input that takes the keyboard focus for moving between cells
    document.querySelectorAll('input[type="text"]:not([id]):not([name]):not([aria-label])').forEach(function (input) {
      input.setAttribute('aria-label', table.getAttribute('data-jena-keys-label') || '');
    });
    // the sort info's tooltip: CKAN's text is not in its catalogue, so it stayed English
    var sortHint = byId('sortinfoicon');
    if (sortHint && table.getAttribute('data-jena-sort-hint')) {
      sortHint.setAttribute('title', table.getAttribute('data-jena-sort-hint'));
    }
    document.querySelectorAll('iframe[src="about:blank"]:not([title])').forEach(function (frame) {
      frame.setAttribute('title', table.getAttribute('data-jena-resize-frame') || '');
      frame.setAttribute('aria-hidden', 'true');
      frame.setAttribute('tabindex', '-1');
    });
  }
  if (window.jQuery) {
    // after DataTables' own handlers of the same events (KeyTable adds its input on init)
    window.jQuery(document).on('init.dt draw.dt order.dt', function () { window.setTimeout(nameTableControls, 0); });
  }

  // ckanext-scheming's multiple text fields (e.g. "Konform zu"): add a line, and never follow
  // the remove link's "#" (scheming's own handler removes the line).
  document.addEventListener('click', function (event) {
    var add = event.target.closest && event.target.closest('[data-jena-multiple-add]');
    if (add) {
      event.preventDefault();
      if (window.MultipleText) { window.MultipleText.multiple_add(add.getAttribute('data-jena-multiple-add')); }
      return;
    }
    if (event.target.closest && event.target.closest('a[name="multiple-remove"]')) { event.preventDefault(); }
  });

  function revokeButton() { return byId('revoke-tokens-button'); }

  document.addEventListener('change', function (event) {
    var box = event.target;
    if (!box.matches || !box.matches('input[name="token"]')) { return; }
    var button = revokeButton();
    if (button) { button.disabled = !document.querySelector('input[name="token"]:checked'); }
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    var form = event.target.closest && event.target.closest('[data-jena-token-form="revoke"]');
    var button = revokeButton();
    if (form && button) { button.disabled = true; }
  });

  document.addEventListener('htmx:afterSettle', function () {
    var form = document.querySelector('[data-jena-scroll-to]');
    var row = form && byId(form.getAttribute('data-jena-scroll-to'));
    if (row) { row.scrollIntoView(false); }
  });
})();

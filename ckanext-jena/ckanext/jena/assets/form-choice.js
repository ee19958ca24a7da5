/* Searchable choice fields (select2) that put the exact match first.
 *
 * select2 keeps the options' order and highlights the first that contains the typed text, so
 * "jährlich" + Enter chose "vierteljährlich". Here an option whose label equals the typed text
 * comes first, then those starting with it, then those with a word starting with it, then
 * the rest that contain it.
 */
this.ckan.module('jena-choice', function ($) {
  'use strict';

  function normalise(text) {
    return (text || '').toString().trim().toLocaleLowerCase('de');
  }

  function rank(label, term) {
    if (!term) { return 0; }
    if (label === term) { return 0; }
    if (label.indexOf(term) === 0) { return 1; }
    if ((' ' + label.replace(/[-–(\/]/g, ' ')).indexOf(' ' + term) !== -1) { return 2; }
    return 3;
  }

  return {
    initialize: function () {
      var term = '';
      var _ = ckan.i18n._;
      var settings = {
        width: 'resolve',
        // select2's own words are English ("Remove item" for screen readers); ours are German.
        language: {
          removeItem: function () { return _('Eintrag entfernen'); },
          removeAllItems: function () { return _('Alle Einträge entfernen'); },
          noResults: function () { return _('Keine Treffer'); },
          searching: function () { return _('Suche läuft …'); }
        },
        matcher: function (params, data) {
          term = normalise(params.term);
          if (!term) { return data; }
          return normalise(data.text).indexOf(term) === -1 ? null : data;
        },
        sorter: function (results) {
          var ranked = results.map(function (item, index) {
            return {item: item, index: index, rank: rank(normalise(item.text), term)};
          });
          ranked.sort(function (a, b) { return a.rank - b.rank || a.index - b.index; });
          return ranked.map(function (entry) { return entry.item; });
        }
      };
      if (this.el.attr('placeholder')) {
        settings.placeholder = this.el.attr('placeholder');
      }
      this.el.select2(settings);
    }
  };
});

/* select2's combobox (and, for a single choice, its value box) has no name of its own: every
 * select2 of the form (ours above and CKAN's tag autocomplete) is named by its field's label,
 * before its own text; axe "aria-input-field-name", issue 19. */
(function ($) {
  'use strict';

  function nameAfterLabel(field, container) {
    var id = field.attr('id');
    var label = id ? $('label[for="' + id + '"]') : $();
    if (!label.length) { return; }
    if (!label.attr('id')) { label.attr('id', id + '-label'); }
    var labelId = label.attr('id');
    container.find('.select2-selection, .select2-selection__rendered[role="textbox"]').each(function () {
      var own = this.getAttribute('aria-labelledby') || '';
      if (own.split(' ').indexOf(labelId) !== -1) { return; }
      var self = this.getAttribute('role') === 'textbox' && this.id ? this.id : '';
      this.setAttribute('aria-labelledby', [labelId, own, self].filter(Boolean).join(' '));
    });
  }

  function nameWithin(node) {
    $(node).find('.select2-container').addBack('.select2-container').each(function () {
      nameAfterLabel($(this).prev(), $(this));
    });
  }

  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.nodeType === 1) { nameWithin(node); }
      });
    });
  }).observe(document.documentElement, {childList: true, subtree: true});
  $(function () { nameWithin(document.body); });
})(jQuery);

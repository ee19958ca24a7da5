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

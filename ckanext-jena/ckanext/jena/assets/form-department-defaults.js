/* The new dataset form follows a change of department (issue 20, point 7).
 *
 * The server filled in the defaults of the preselected department; for editors of several
 * departments it lists each one's starting values. When the department changes, every field
 * the editor has not touched (empty or still the previous department's value) takes the new
 * department's value. What the editor typed stays.
 */
this.ckan.module('jena-department-defaults', function ($) {
  'use strict';

  function empty(value) {
    return value === null || value === undefined || value === '' || ($.isArray(value) && !value.length);
  }

  function same(a, b) {
    var left = $.isArray(a) ? a : (empty(a) ? [] : [a]);
    var right = $.isArray(b) ? b : (empty(b) ? [] : [b]);
    return JSON.stringify(left) === JSON.stringify(right);
  }

  return {
    options: {defaults: {}},

    initialize: function () {
      $.proxyAll(this, /_on/);
      this.form = this.el.closest('form');
      this.select = this.form.find('select[name=owner_org]');
      this.current = this.select.val();
      this.select.on('change', this._onChange);
    },

    _onChange: function () {
      var before = this.options.defaults[this.current] || {};
      var after = this.options.defaults[this.select.val()] || {};
      var form = this.form;
      $.each(after, function (field, value) {
        var input = form.find('[name="' + field + '"]').first();
        if (!input.length) { return; }
        var now = input.val();
        if (!empty(now) && !same(now, before[field])) { return; }
        if (input.is('select[multiple]') && !$.isArray(value)) { value = empty(value) ? [] : [value]; }
        input.val(value).trigger('change');
      });
      this.current = this.select.val();
    }
  };
});

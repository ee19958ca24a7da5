/* Live completeness indicator of the dataset form.
 *
 * The server renders which required and recommended fields are empty; this module
 * ticks items off (and back on) while the editor types, so the list always says what
 * publishing still needs. Cross-field checks stay server-side (shown after saving).
 */
this.ckan.module('jena-completeness', function ($) {
  'use strict';

  return {
    options: {total: 0},

    initialize: function () {
      $.proxyAll(this, /_on/);
      this.form = this.el.closest('form');
      this.items = this.el.find('li[data-field]');
      this.counter = this.el.find('.jena-completeness-filled');
      // The server counted the filled fields; typing changes only the listed (missing) ones.
      this.serverFilled = parseInt(this.counter.text(), 10) || 0;
      this.initiallyMissing = this.items.length;
      this.form.on('input change', this._onChange);
      this._onChange();
    },

    _hasValue: function (name) {
      var fields = this.form.find('[name="' + name + '"]');
      var filled = false;
      fields.each(function () {
        var field = $(this);
        if (field.is(':checkbox, :radio')) {
          filled = filled || field.is(':checked');
        } else {
          var value = field.val();
          filled = filled || ($.isArray(value) ? value.length > 0 : $.trim(value || '') !== '');
        }
      });
      return filled;
    },

    _onChange: function () {
      var module = this;
      var missing = 0;
      this.items.each(function () {
        var item = $(this);
        var done = module._hasValue(item.data('field'));
        item.toggleClass('jena-done', done);
        if (!done) { missing += 1; }
      });
      var total = parseInt(this.options.total, 10) || 0;
      var filled = Math.min(total, this.serverFilled + (this.initiallyMissing - missing));
      this.counter.text(filled);
      var percent = total ? Math.round(100 * filled / total) : 100;
      this.el.find('.jena-completeness-fill').css('width', percent + '%');
      this.el.find('[role=progressbar]').attr('aria-valuenow', percent);
    }
  };
});

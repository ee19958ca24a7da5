/* ckan.module("jena-chart"): a chart of a DataStore table (ckanext/jena/tables/chart_view.py).
 * Reads the rows through the public datastore_search API (what this visitor may read) and
 * draws them with Chart.js; German number and date formats. */
this.ckan.module('jena-chart', function ($) {
  'use strict';
  var COLOURS = ['#b3202a', '#00457c', '#2e7d32'];
  var ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/;

  function label(value) {
    if (value === null || value === undefined) { return ''; }
    var match = ISO_DATE.exec(String(value));
    if (!match) { return String(value); }
    var day = match[3] + '.' + match[2] + '.' + match[1];
    return match[4] && (match[4] !== '00' || match[5] !== '00') ? day + ' ' + match[4] + ':' + match[5] : day;
  }

  function quoted(name) { return '"' + String(name).replace(/"/g, '""') + '"'; }

  return {
    options: {endpoint: '', resource: '', type: 'line', x: '', y: [], limit: 2000, more: '', failed: '', empty: ''},

    initialize: function () {
      var fields = [this.options.x].concat(this.options.y || []);
      if (!this.options.x || !(this.options.y || []).length || typeof Chart === 'undefined') {
        this.say(this.options.empty);
        return;
      }
      var query = new URLSearchParams({
        resource_id: this.options.resource,
        fields: fields.join(','),
        sort: quoted(this.options.x) + ' asc',
        limit: String(this.options.limit)
      });
      var module = this;
      fetch(this.options.endpoint + '?' + query.toString(), {credentials: 'same-origin', headers: {Accept: 'application/json'}})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (answer) { module.draw(answer.result); })
        .catch(function () { module.say(module.options.failed); });
    },

    say: function (text) {
      var message = this.el[0].querySelector('.jena-chart-message');
      if (message && text) { message.textContent = text; message.hidden = false; }
    },

    draw: function (result) {
      var records = result.records || [];
      if (!records.length) { this.say(this.options.empty); return; }
      var x = this.options.x;
      var type = this.options.type;
      var datasets = this.options.y.map(function (name, index) {
        return {
          label: name,
          data: records.map(function (row) { return row[name] === null ? null : Number(row[name]); }),
          borderColor: COLOURS[index % COLOURS.length],
          backgroundColor: COLOURS[index % COLOURS.length],
          pointRadius: records.length > 200 ? 0 : 2,
          spanGaps: true
        };
      });
      var canvas = this.el[0].querySelector('canvas');
      new Chart(canvas, {
        type: type === 'line' ? 'line' : 'bar',
        data: {labels: records.map(function (row) { return label(row[x]); }), datasets: datasets},
        options: {
          locale: 'de-DE',
          indexAxis: type === 'bar' ? 'y' : 'x',
          animation: false,
          maintainAspectRatio: false,
          interaction: {mode: 'index', intersect: false},
          plugins: {legend: {position: 'bottom'}}
        }
      });
      if (result.total > records.length) { this.say(this.options.more); }
    }
  };
});

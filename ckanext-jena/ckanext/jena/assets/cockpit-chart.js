/* ckan.module("jena-cockpit-chart"): the cockpit's chart of quality bands and overdue datasets
 * over time (templates/jena/quality/cockpit_chart.html; the values come with the page, the same
 * values stand in the table below the chart). Drawn with the vendored Chart.js. */
this.ckan.module('jena-cockpit-chart', function ($) {
  'use strict';
  var COLOURS = {excellent: '#2e7d32', good: '#00457c', sufficient: '#b26a00', bad: '#6d6d6d', overdue: '#b3202a'};

  function dayLabel(iso) {
    var parts = String(iso).split('-');
    return parts.length === 3 ? parts[2] + '.' + parts[1] + '.' + parts[0] : String(iso);
  }

  return {
    options: {days: [], series: [], values: []},

    initialize: function () {
      var canvas = this.el[0].querySelector('canvas');
      if (!canvas || typeof Chart === 'undefined' || !this.options.values.length) { return; }
      var values = this.options.values;
      var datasets = this.options.series.map(function (entry) {
        var key = entry[0];
        return {
          label: entry[1],
          data: values.map(function (point) { return point[key]; }),
          borderColor: COLOURS[key],
          backgroundColor: COLOURS[key],
          borderDash: key === 'overdue' ? [6, 4] : [],
          pointRadius: values.length > 60 ? 0 : 3,
          tension: 0
        };
      });
      new Chart(canvas, {
        type: 'line',
        data: {labels: this.options.days.map(dayLabel), datasets: datasets},
        options: {
          locale: 'de-DE',
          animation: false,
          maintainAspectRatio: false,
          interaction: {mode: 'index', intersect: false},
          scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
          plugins: {legend: {position: 'bottom'}}
        }
      });
    }
  };
});

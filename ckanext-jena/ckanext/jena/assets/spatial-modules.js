/* ckan.module("jena-dataset-extent"), ("jena-map-search"), ("jena-map-preview"). */

this.ckan.module('jena-dataset-extent', function ($) {
  'use strict';
  return {
    options: {geometry: null, mapConfig: {}},
    initialize: function () {
      var root = this.el.closest('.jena-dataset-extent');
      if (typeof L === 'undefined') { return; }
      try {
        var map = jenaSpatial.baseMap(this.el[0], this.options.mapConfig);
        var layer = jenaSpatial.featureLayer(this.options.geometry, false).addTo(map);
        jenaSpatial.fit(map, layer);
      } catch (error) {
        jenaSpatial.showMessage(root, ckan.i18n._('Die räumliche Ausdehnung dieses Datensatzes ist keine gültige Geometrie.'));
      }
    }
  };
});

this.ckan.module('jena-map-search', function ($) {
  'use strict';
  var BOX_STYLE = {color: '#b3202a', weight: 2, fillOpacity: 0.1};

  function searchWith(bounds) {
    var bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (value) { return value.toFixed(4); }).join(',');
    var url = new URL(window.location.href);
    url.searchParams.set('ext_bbox', bbox);
    url.searchParams.delete('page');
    window.location.assign(url.toString());
  }

  return {
    options: {bbox: null, home: null, mapConfig: {}},
    initialize: function () {
      $.proxyAll(this, /_on/);
      if (typeof L === 'undefined') { return; }
      var container = this.el.find('.jena-map-search-map')[0];
      this.map = jenaSpatial.baseMap(container, this.options.mapConfig);
      // CKAN turns an empty data-module-bbox into `true`: only an object is a box.
      var bbox = this.options.bbox && typeof this.options.bbox === 'object' ? this.options.bbox : null;
      // The city's outline stays as orientation (the base map may be missing); the box goes on top.
      var home = L.geoJSON(this.options.home, {style: {color: '#6c757d', weight: 1, fill: false, dashArray: '4 4'}});
      home.addTo(this.map);
      var layer = bbox ? L.featureGroup([home, L.geoJSON(bbox, {style: BOX_STYLE})]).addTo(this.map) : home;
      jenaSpatial.fit(this.map, layer);
      this.el.find('.jena-map-search-draw').on('click', this._onDraw);
      this.el.find('.jena-map-search-view').on('click', this._onView);
      this.map.on(L.Draw ? L.Draw.Event.CREATED : 'draw:created', this._onDrawn);
    },
    _onDraw: function () {
      if (!L.Draw) { return; }
      new L.Draw.Rectangle(this.map, {shapeOptions: BOX_STYLE}).enable();
    },
    _onDrawn: function (event) {
      searchWith(event.layer.getBounds());
    },
    _onView: function () {
      searchWith(this.map.getBounds());
    }
  };
});

this.ckan.module('jena-map-preview', function ($) {
  'use strict';
  function generic() { return ckan.i18n._('Die Kartenvorschau ist im Moment nicht möglich. Bitte laden Sie die Datei herunter.'); }

  return {
    options: {url: null, kind: 'geojson', mapConfig: {}},
    initialize: function () {
      $.proxyAll(this, /_on/);
      this.status = this.el.find('.jena-map-status');
      if (typeof L === 'undefined') { this._onFailure(); return; }
      $.ajax({url: this.options.url, dataType: 'json', success: this._onData, error: this._onFailure});
    },
    _onData: function (answer) {
      this.status.prop('hidden', true);
      var container = this.el.find('.jena-map-preview-map')[0];
      var map = jenaSpatial.baseMap(container, this.options.mapConfig);
      var layer = jenaSpatial.featureLayer(answer.result, true).addTo(map);
      jenaSpatial.fit(map, layer);
      this.map = map;
      this.layer = layer;
      var count = answer.result.features.length;
      var note = ckan.i18n.ngettext(
        '%(num)s Objekt auf der Karte. Klicken Sie es an, um seine Attribute zu sehen.',
        '%(num)s Objekte auf der Karte. Klicken Sie ein Objekt an, um seine Attribute zu sehen.', count);
      if (answer.result.skipped) {
        note += ' ' + ckan.i18n.ngettext('%(num)s Zeile ohne gültige Koordinaten ausgelassen.',
          '%(num)s Zeilen ohne gültige Koordinaten ausgelassen.', answer.result.skipped);
      }
      this.status.text(note).prop('hidden', false);
      this.el.addClass('jena-map-ready');
    },
    _onFailure: function (xhr) {
      var message = (xhr && xhr.responseJSON && xhr.responseJSON.error) || generic();
      this.status.prop('hidden', true);
      this.el.find('.jena-map-preview-map').prop('hidden', true);
      jenaSpatial.showMessage(this.el, message);
      this.el.addClass('jena-map-failed');
    }
  };
});

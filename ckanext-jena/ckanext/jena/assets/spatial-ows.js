/* ckan.module("jena-ows-preview"): WMS/WMTS layers and WFS features with a layer chooser.
 *
 * The portal reads the capabilities (address policy, size limit) and answers with the layer
 * list or a German message. WMS and WMTS tiles come from the service; WFS features come
 * through the portal as checked GeoJSON, drawn like the GeoJSON preview (popups).
 */
this.ckan.module('jena-ows-preview', function ($) {
  'use strict';
  function generic() { return ckan.i18n._('Die Kartenvorschau ist im Moment nicht möglich. Bitte versuchen Sie es später noch einmal.'); }
  function noTiles() { return ckan.i18n._('Der Dienst hat für diese Ebene keine Kartenbilder geliefert (Fehler beim Laden der Kacheln).'); }
  var JENA = [50.927, 11.589];

  // WMTS tiles from a template with {TileMatrix}/{TileRow}/{TileCol}; the portal mapped zoom → matrix.
  var WmtsLayer = L.TileLayer ? L.TileLayer.extend({
    initialize: function (tiles, options) {
      this._jenaTiles = tiles;
      L.TileLayer.prototype.initialize.call(this, '', options);
    },
    getTileUrl: function (coords) {
      var matrix = this._jenaTiles.matrices[String(coords.z)];
      if (matrix === undefined) { return L.Util.emptyImageUrl; }
      return this._jenaTiles.template.replace('{TileMatrix}', matrix)
        .replace('{TileRow}', coords.y).replace('{TileCol}', coords.x);
    }
  }) : null;

  function label(layer) {
    var text = layer.title && layer.title !== layer.name ? layer.title + ' (' + layer.name + ')' : layer.name;
    return layer.problem ? ckan.i18n._('%(layer)s – nicht darstellbar', {layer: text}) : text;
  }

  function zooms(tiles) {
    var levels = Object.keys(tiles.matrices).map(Number);
    return {minZoom: Math.min.apply(null, levels), maxZoom: Math.max.apply(null, levels)};
  }

  return {
    options: {capabilitiesUrl: null, featuresUrl: '', kind: 'wms', mapConfig: {}},
    initialize: function () {
      $.proxyAll(this, /_on/);
      this.status = this.el.find('.jena-map-status');
      this.select = this.el.find('.jena-ows-layer');
      this.message = this.el.find('.jena-map-message');
      if (typeof L === 'undefined') { this._fail(generic()); return; }
      $.ajax({url: this.options.capabilitiesUrl, dataType: 'json', success: this._onCapabilities, error: this._onRequestFailed});
    },
    _onCapabilities: function (answer) {
      var service = this.service = answer.result;
      var select = this.select;
      service.layers.forEach(function (layer) {
        select.append($('<option>').attr('value', layer.name).text(label(layer)));
      });
      var usable = service.layers.filter(function (layer) { return !layer.problem; })[0];
      select.val(service.selected || (usable || service.layers[0]).name);
      var about = service.service + (service.version ? ' ' + service.version : '') + (service.title ? ': ' + service.title : '');
      var count = service.layers.length;
      var contents = service.service === 'WFS'
        ? ckan.i18n.ngettext('%(num)s Objekttyp im Dienst', '%(num)s Objekttypen im Dienst', count)
        : ckan.i18n.ngettext('%(num)s Ebene im Dienst', '%(num)s Ebenen im Dienst', count);
      this.el.find('.jena-ows-service').text(about + ' · ' + contents);
      this.el.find('.jena-ows-chooser').prop('hidden', false);
      this.map = jenaSpatial.baseMap(this.el.find('.jena-map-preview-map')[0], this.options.mapConfig);
      select.on('change', this._onChoose);
      this._onChoose();
    },
    _layer: function () {
      var name = this.select.val();
      return this.service.layers.filter(function (layer) { return layer.name === name; })[0];
    },
    _show: function (overlay, bbox) {
      if (this.overlay) { this.map.removeLayer(this.overlay); }
      this.overlay = overlay;
      if (overlay) { overlay.addTo(this.map); }
      if (bbox) {
        this.map.fitBounds([[bbox[1], bbox[0]], [bbox[3], bbox[2]]], {maxZoom: 16, padding: [12, 12]});
      } else if (!overlay || !overlay.getBounds) {
        this.map.setView(JENA, 12);
      }
    },
    _onChoose: function () {
      var layer = this._layer();
      this.message.prop('hidden', true);
      this.el.removeClass('jena-map-ready jena-map-failed jena-tiles-done');
      // A layer the map cannot show gets its message instead of an empty map.
      this.el.find('.jena-map-preview-map').prop('hidden', !!layer.problem);
      if (layer.problem) { this._fail(layer.problem); return; }
      this.map.invalidateSize();
      if (this.service.service === 'WFS') { this._loadFeatures(layer); return; }
      var overlay;
      if (this.service.service === 'WMTS') {
        overlay = new WmtsLayer(layer.tiles, $.extend({attribution: this.service.title || ''}, zooms(layer.tiles)));
      } else {
        overlay = L.tileLayer.wms(this.service.endpoint, {
          layers: layer.name, styles: '', format: 'image/png', transparent: true,
          version: this.service.version || '1.3.0', attribution: this.service.title || ''
        });
      }
      var loaded = false;
      var failed = false;
      overlay.on('tileload', function () { loaded = true; });
      overlay.on('tileerror', function () { failed = true; });
      var self = this;
      overlay.on('load', function () {
        if (self.overlay !== overlay) { return; }
        // Leaflet still uses the layer after 'load': remove it only once the event is over.
        if (failed && !loaded) {
          window.setTimeout(function () { if (self.overlay === overlay) { self._fail(noTiles()); } }, 0);
          return;
        }
        self.el.addClass('jena-tiles-done');
      });
      this._show(overlay, layer.bbox);
      this.status.text(ckan.i18n._('Ebene „%(title)s“ des Dienstes auf der Karte.', {title: layer.title})).prop('hidden', false);
      this.el.addClass('jena-map-ready');
    },
    _loadFeatures: function (layer) {
      this.status.text(ckan.i18n._('Die Objekte werden geladen …')).prop('hidden', false);
      var url = this.options.featuresUrl + '?layer=' + encodeURIComponent(layer.name);
      $.ajax({url: url, dataType: 'json', success: this._onFeatures, error: this._onRequestFailed});
    },
    _onFeatures: function (answer) {
      var overlay = jenaSpatial.featureLayer(answer.result, true);
      this._show(overlay, null);
      jenaSpatial.fit(this.map, overlay);
      var count = answer.result.features.length;
      var note = ckan.i18n.ngettext(
        '%(num)s Objekt auf der Karte. Klicken Sie es an, um seine Attribute zu sehen.',
        '%(num)s Objekte auf der Karte. Klicken Sie ein Objekt an, um seine Attribute zu sehen.', count);
      if (answer.result.limited) {
        note += ' ' + ckan.i18n._('Der Dienst hat mehr Objekte; gezeigt werden die ersten %(count)s.', {count: count});
      }
      this.status.text(note).prop('hidden', false);
      this.el.addClass('jena-map-ready');
    },
    _onRequestFailed: function (xhr) {
      this._fail((xhr && xhr.responseJSON && xhr.responseJSON.error) || generic());
    },
    // The message replaces the map (never an empty map); choosing another layer brings it back.
    _fail: function (message) {
      this.status.prop('hidden', true);
      this.el.find('.jena-map-preview-map').prop('hidden', true);
      if (this.overlay) { this.map.removeLayer(this.overlay); this.overlay = null; }
      jenaSpatial.showMessage(this.el, message);
      this.el.removeClass('jena-map-ready').addClass('jena-map-failed');
    }
  };
});

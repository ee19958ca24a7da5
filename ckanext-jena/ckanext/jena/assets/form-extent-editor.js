/* Map editor for GeoJSON fields of the dataset form (spatial extent, sensor locations).
 *
 * The textarea stays the real form field: drawing on the map writes GeoJSON into it,
 * editing the text redraws the map. Leaflet and Leaflet.draw come from ckanext-spatial's
 * assets (no CDN). Without a configured tile provider the map still shows the city
 * boundary box and the geometry, which is enough to spot swapped coordinates.
 */
this.ckan.module('jena-extent-editor', function ($) {
  'use strict';

  var HOME_STYLE = {color: '#6c757d', weight: 2, dashArray: '6 4', fill: false, interactive: false};
  var SHAPE_STYLE = {color: '#c8102e', weight: 2, fillOpacity: 0.15};

  function pointIcon() {
    return L.divIcon({className: 'jena-point-icon', iconSize: [14, 14]});
  }

  function localDrawTexts() {
    var _ = ckan.i18n._;
    if (!L.drawLocal) { return; }
    var draw = L.drawLocal.draw;
    draw.toolbar.buttons.polygon = _('Fläche zeichnen');
    draw.toolbar.buttons.rectangle = _('Rechteck zeichnen');
    draw.toolbar.buttons.marker = _('Standort setzen');
    draw.toolbar.actions.text = _('Abbrechen');
    draw.toolbar.finish.text = _('Fertig');
    draw.toolbar.undo.text = _('Letzten Punkt löschen');
    draw.handlers.polygon.tooltip.start = _('Klicken Sie, um die Fläche zu beginnen.');
    draw.handlers.polygon.tooltip.cont = _('Klicken Sie, um weiterzuzeichnen.');
    draw.handlers.polygon.tooltip.end = _('Klicken Sie auf den ersten Punkt, um die Fläche zu schließen.');
    draw.handlers.rectangle.tooltip.start = _('Klicken und ziehen Sie, um ein Rechteck zu zeichnen.');
    draw.handlers.marker.tooltip.start = _('Klicken Sie in die Karte, um einen Standort zu setzen.');
    draw.handlers.simpleshape.tooltip.end = _('Maustaste loslassen, um das Zeichnen zu beenden.');
    var edit = L.drawLocal.edit;
    edit.toolbar.buttons.edit = _('Bearbeiten');
    edit.toolbar.buttons.remove = _('Löschen');
    edit.toolbar.actions.save.text = _('Übernehmen');
    edit.toolbar.actions.cancel.text = _('Abbrechen');
    edit.toolbar.actions.clearAll.text = _('Alles löschen');
  }

  return {
    options: {target: null, mode: 'area', home: null, mapConfig: {}},

    initialize: function () {
      $.proxyAll(this, /_on/);
      this.input = $(this.options.target);
      if (!this.input.length || typeof L === 'undefined') { return; }
      this.status = this.el.find('.jena-extent-status');
      this.el.find('.jena-extent-home').on('click', this._onHome);
      this.el.find('.jena-extent-clear').on('click', this._onClear);
      this.input.on('change', this._onTextChanged);
      // Under the closed "Weitere Angaben (optional)" the map has no size until it is opened.
      this.el.closest('details').on('toggle', this._onShown);
      this.el.ready(this._onReady);
    },

    _onReady: function () {
      localDrawTexts();
      var container = this.el.find('.jena-extent-map')[0];
      this.map = ckan.commonLeafletMap(container, this.options.mapConfig || {}, {attributionControl: false});
      this.homeLayer = L.geoJSON(this.options.home, {style: HOME_STYLE}).addTo(this.map);
      this.drawn = new L.FeatureGroup().addTo(this.map);
      var points = this.options.mode === 'points';
      this.map.addControl(new L.Control.Draw({
        draw: {
          polygon: points ? false : {shapeOptions: SHAPE_STYLE},
          rectangle: points ? false : {shapeOptions: SHAPE_STYLE},
          marker: points ? {icon: pointIcon()} : false,
          polyline: false, circle: false, circlemarker: false
        },
        edit: {featureGroup: this.drawn}
      }));
      this.map.on(L.Draw.Event.CREATED, this._onCreated);
      this.map.on(L.Draw.Event.EDITED, this._onEdited);
      this.map.on(L.Draw.Event.DELETED, this._onEdited);
      this._readText(true);
    },

    _onCreated: function (event) {
      if (this.options.mode !== 'points') { this.drawn.clearLayers(); }
      this.drawn.addLayer(event.layer);
      this._writeText();
    },

    _onEdited: function () { this._writeText(); },

    _onShown: function () {
      if (this.map) { this.map.invalidateSize(); this._readText(true); }
    },

    // The area picker above the form (issue 20, point 7) follows what is done here.
    _choose: function (scope) {
      $('input[name=spatial_scope][value=' + scope + ']').prop('checked', true);
    },

    _onHome: function () {
      this._choose('city');
      this.input.val(JSON.stringify(this.options.home));
      this._readText(true);
      this.input.trigger('input');
    },

    _onClear: function () {
      this.input.val('');
      if (this.drawn) { this.drawn.clearLayers(); }
      this._setStatus('');
      this.input.trigger('input');
    },

    _onTextChanged: function () { this._choose('custom'); this._readText(true); },

    _geometry: function () {
      var geometries = [];
      this.drawn.eachLayer(function (layer) { geometries.push(layer.toGeoJSON().geometry); });
      if (!geometries.length) { return null; }
      if (geometries.length === 1) { return geometries[0]; }
      if (this.options.mode === 'points') {
        return {type: 'MultiPoint', coordinates: geometries.map(function (g) { return g.coordinates; })};
      }
      return {type: 'MultiPolygon', coordinates: geometries.map(function (g) {
        return g.type === 'Polygon' ? g.coordinates : g.coordinates[0];
      })};
    },

    _writeText: function () {
      var geometry = this._geometry();
      this._choose('custom');
      this.input.val(geometry ? JSON.stringify(geometry) : '');
      this.input.trigger('input');
      this._setStatus(geometry ? ckan.i18n._('In das Feld übernommen.') : '');
    },

    _readText: function (fit) {
      if (!this.map) { return; }
      var text = $.trim(this.input.val());
      this.drawn.clearLayers();
      if (!text) {
        this.map.fitBounds(this.homeLayer.getBounds(), {padding: [10, 10]});
        this._setStatus('');
        return;
      }
      try {
        var drawn = this.drawn;
        L.geoJSON(JSON.parse(text), {
          style: SHAPE_STYLE,
          pointToLayer: function (feature, latlng) { return L.marker(latlng, {icon: pointIcon()}); }
        }).eachLayer(function (layer) { drawn.addLayer(layer); });
      } catch (error) {
        this._setStatus(ckan.i18n._('Der Text ist kein gültiges GeoJSON; die Karte zeigt ihn nicht an.'), true);
        this.map.fitBounds(this.homeLayer.getBounds(), {padding: [10, 10]});
        return;
      }
      var bounds = this.drawn.getBounds();
      if (fit && bounds.isValid()) {
        this.map.fitBounds(bounds.extend(this.homeLayer.getBounds()), {padding: [10, 10], maxZoom: 15});
      }
      var outside = bounds.isValid() && !this.homeLayer.getBounds().pad(0.5).contains(bounds);
      this._setStatus(outside ? ckan.i18n._('Achtung: Die Geometrie liegt teilweise weit außerhalb von Jena.') : '', outside);
    },

    _setStatus: function (text, warn) {
      this.status.text(text).toggleClass('text-danger', !!warn);
    }
  };
});

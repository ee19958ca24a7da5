/* Shared pieces of the jena-* map modules: base map that works offline, popups, messages.
 *
 * Leaflet comes from ckanext-spatial's assets (no CDN). Without a tile URL, or when the tile
 * server is unreachable, the map keeps a plain background and still shows the features.
 */
(function (window) {
  'use strict';

  var FEATURE_STYLE = {color: '#004a8f', weight: 2, fillOpacity: 0.2};

  // The quotes are written as \u escapes: a quote inside a regex literal would throw the
  // message extractor (pybabel) off for the rest of the file.
  function escapeHtml(value) {
    return String(value === null || value === undefined ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/\u0022/g, '&quot;').replace(/\u0027/g, '&#39;');
  }

  function baseMap(container, config) {
    config = config || {};
    var map = L.map(container, {scrollWheelZoom: false});
    container.classList.add('jena-map-offline');
    if (config.tile_url) {
      var tiles = L.tileLayer(config.tile_url, {attribution: config.attribution || '', maxZoom: 19});
      tiles.on('tileload', function () { container.classList.remove('jena-map-offline'); });
      tiles.addTo(map);
    }
    return map;
  }

  function popupHtml(properties) {
    var keys = Object.keys(properties || {});
    if (!keys.length) { return '<p>' + escapeHtml(ckan.i18n._('Keine Attribute')) + '</p>'; }
    var rows = keys.slice(0, 50).map(function (key) {
      var value = properties[key];
      if (value !== null && typeof value === 'object') { value = JSON.stringify(value); }
      return '<tr><th scope="row">' + escapeHtml(key) + '</th><td>' + escapeHtml(value) + '</td></tr>';
    });
    return '<table class="table table-sm jena-popup-table"><tbody>' + rows.join('') + '</tbody></table>';
  }

  function featureLayer(geojson, withPopups) {
    return L.geoJSON(geojson, {
      style: FEATURE_STYLE,
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, {radius: 6, color: '#004a8f', weight: 2, fillOpacity: 0.6});
      },
      onEachFeature: withPopups ? function (feature, layer) {
        layer.bindPopup(popupHtml(feature.properties), {maxWidth: 360});
      } : null
    });
  }

  function fit(map, layer) {
    var bounds = layer.getBounds();
    if (bounds.isValid()) {
      map.fitBounds(bounds, {maxZoom: 16, padding: [12, 12]});
    } else {
      map.setView([50.927, 11.589], 12);
    }
  }

  function showMessage(root, text) {
    var box = root.find('.jena-map-message');
    box.text(text).prop('hidden', false);
  }

  window.jenaSpatial = {
    baseMap: baseMap, popupHtml: popupHtml, featureLayer: featureLayer, fit: fit,
    showMessage: showMessage, escapeHtml: escapeHtml
  };
})(window);

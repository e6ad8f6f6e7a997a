/*
 * community-gis map viewer: loads every feature collection and raster overlay of the map server it is
 * served from and draws them with Leaflet. Plain ES5-level JavaScript, no dependency besides Leaflet,
 * no network access besides this server (and the basemap URL the user enters, if any).
 */
(function () {
  'use strict';

  var PAGE_SIZE = 10000;

  // UI strings. Both languages must have every key: the server's test checks that.
  var STRINGS = {
    zh: {
      title: '地图查看器', vectorLayers: '矢量图层', rasterLayers: '栅格图层', basemap: '底图', apply: '应用',
      basemapHint: '留空表示不用底图（离线可用）。填写瓦片地址时请遵守提供方的使用条款。',
      api: 'API 接口', loading: '正在加载 {0}（已读 {1} 个要素）…', loaded: '已加载 {0} 个图层，共 {1} 个要素。',
      noLayers: '项目中没有可显示的图层。', loadFailed: '加载失败：{0}', features: '{0} 个要素',
      noRasters: '没有栅格图层。', feature: '要素', served: '已覆盖', unserved: '未覆盖',
      severity1: '低', severity2: '中', severity3: '高', flag_ok: '合格', flag_reverse: '倒坡',
      flag_too_flat: '坡度不足', flag_too_steep: '坡度过大', road_ok: '坡度正常', road_steep: '过陡',
      road_flat: '过平（易积水）', strahler: 'Strahler 级别 {0}', zoneOutline: '分区边界',
      existing: '现状', planned: '规划', load_ok: '负荷正常', load_over: '超负荷', load_unknown: '容量未知',
      share: '覆盖率 {0}', other: '其他', yes: '是', no: '否', kind_treatment_unit: '污水处理设施',
      kind_septic_tank: '化粪池', kind_pump_station: '泵站', kind_pond: '塘', kind_outfall: '排放口',
      tileLayers: '矢量瓦片（MVT）', tileHint: '由服务器按 TileJSON 切片绘制，适合要素很多的图层。',
      attributeTable: '属性表', search: '搜索属性值…', tableCount: '{0} 个要素中有 {1} 个匹配，显示前 {2} 个。',
      tableEmpty: '请先选择图层。', tileFailed: '瓦片加载失败：{0}',
      analysis: '分析', run: '运行', token: '访问令牌（服务要求时填写）',
      job_accepted: '排队中', job_running: '运行中', job_successful: '已完成', job_failed: '失败',
      jobStatus: '作业 {0}：{1}。{2}', jobDone: '分析完成，已重新加载图层：{0}。',
      jobSubmitFailed: '无法启动分析：{0}', jobPollFailed: '无法读取作业状态：{0}'
    },
    en: {
      title: 'Map viewer', vectorLayers: 'Vector layers', rasterLayers: 'Raster layers', basemap: 'Basemap',
      apply: 'Apply', basemapHint: 'Leave empty for no basemap (works offline). Follow the provider\'s terms when you enter a tile URL.',
      api: 'API', loading: 'Loading {0} ({1} features read)…', loaded: 'Loaded {0} layers, {1} features.',
      noLayers: 'The project has no layer to show.', loadFailed: 'Loading failed: {0}', features: '{0} features',
      noRasters: 'No raster layers.', feature: 'Feature', served: 'Served', unserved: 'Not served',
      severity1: 'Low', severity2: 'Medium', severity3: 'High', flag_ok: 'OK', flag_reverse: 'Reverse slope',
      flag_too_flat: 'Too flat', flag_too_steep: 'Too steep', road_ok: 'Grade OK', road_steep: 'Steep',
      road_flat: 'Flat (ponding)', strahler: 'Strahler order {0}', zoneOutline: 'Zone boundary',
      existing: 'Existing', planned: 'Planned', load_ok: 'Load OK', load_over: 'Overloaded',
      load_unknown: 'Capacity unknown', share: 'Served {0}', other: 'Other', yes: 'yes', no: 'no',
      kind_treatment_unit: 'Treatment unit', kind_septic_tank: 'Septic tank', kind_pump_station: 'Pump station',
      kind_pond: 'Pond', kind_outfall: 'Outfall',
      tileLayers: 'Vector tiles (MVT)', tileHint: 'Drawn from server tiles found through TileJSON; suits layers with many features.',
      attributeTable: 'Attribute table', search: 'Search attribute values…',
      tableCount: '{1} of {0} features match; showing the first {2}.', tableEmpty: 'Choose a layer first.',
      tileFailed: 'Tile loading failed: {0}',
      analysis: 'Analysis', run: 'Run', token: 'Access token (if the server requires one)',
      job_accepted: 'queued', job_running: 'running', job_successful: 'finished', job_failed: 'failed',
      jobStatus: 'Job {0}: {1}. {2}', jobDone: 'Analysis finished; layers reloaded: {0}.',
      jobSubmitFailed: 'Cannot start the analysis: {0}', jobPollFailed: 'Cannot read the job status: {0}'
    }
  };

  var LAYER_TITLES = {
    zh: {
      roads: '道路', buildings: '建筑', waterways: '水系', landuse: '土地利用', pipes: '管渠', facilities: '设施',
      zones: '分区（村民小组）', streams: '模拟汇水线', road_gradients: '道路坡度', pipe_gradients: '管渠坡度',
      coverage_buildings: '建筑服务覆盖', coverage_zones: '分区覆盖率', coverage_facilities: '设施负荷',
      road_damage_zones: '道路易损路段', dem: '高程', dem_filled: '填洼后高程', flow_dir: '水流方向',
      flow_acc: '汇流累积量', slope: '坡度（度）', slope_pct: '坡度（%）', trial_pipes: '试算污水管网'
    },
    en: {
      roads: 'Roads', buildings: 'Buildings', waterways: 'Waterways', landuse: 'Land use', pipes: 'Pipes and ditches',
      facilities: 'Facilities', zones: 'Zones (village groups)', streams: 'Modelled streams',
      road_gradients: 'Road gradients', pipe_gradients: 'Pipe gradients', coverage_buildings: 'Building coverage',
      coverage_zones: 'Zone coverage', coverage_facilities: 'Facility load', road_damage_zones: 'Road damage zones',
      dem: 'Elevation', dem_filled: 'Filled elevation', flow_dir: 'Flow direction', flow_acc: 'Flow accumulation',
      slope: 'Slope (degrees)', slope_pct: 'Slope (%)', trial_pipes: 'Trial sewer network'
    }
  };

  var FIELD_TITLES = {
    zh: {
      name: '名称', kind: '类型', served: '已覆盖', zone: '分区', households: '户数', residents: '人口',
      severity_label: '严重程度', reasons: '原因', flag: '判定', message: '说明', length_m: '长度 (m)',
      gradient_permille: '坡度 (‰)', max_gradient_permille: '最大坡度 (‰)', strahler: 'Strahler 级别',
      pipe_distance_m: '距管渠 (m)', road_distance_m: '距道路 (m)', served_share_pct: '覆盖率 (%)',
      load_pct: '负荷 (%)', highway: '道路等级', surface: '路面', status: '状态', material: '材质',
      diameter_mm: '管径 (mm)', area_m2: '汇水面积 (m²)', capacity_households: '设计户数'
    },
    en: {}
  };

  var KIND_COLORS = {
    treatment_unit: '#1565c0', septic_tank: '#6d4c41', pump_station: '#f9a825', pond: '#00897b', outfall: '#c62828'
  };
  var FALLBACK_COLORS = ['#3949ab', '#00897b', '#8e24aa', '#f4511e', '#6d4c41', '#546e7a', '#c0ca33'];

  // Optional link settings after '#': lang=zh|en, on=name,name (layers to show, at start and on hashchange).
  // The language comes from #lang=, else the last switch stored in the browser, else the server's --lang,
  // which the server writes into <html lang> when it serves index.html.
  var HASH = parseHash(window.location.hash);
  var lang = (HASH.lang || readStorage('cgis.lang') || document.documentElement.lang) === 'en' ? 'en' : 'zh';
  var vectorEntries = [];
  var rasterEntries = [];
  var basemapLayer = null;

  function parseHash(hash) {
    var settings = {};
    hash.replace(/^#/, '').split('&').forEach(function (pair) {
      var parts = pair.split('=');
      if (parts[0]) { settings[decodeURIComponent(parts[0])] = decodeURIComponent(parts[1] || ''); }
    });
    return settings;
  }

  function t(key) {
    var text = STRINGS[lang][key];
    var args = Array.prototype.slice.call(arguments, 1);
    return (text === undefined ? key : text).replace(/\{(\d+)\}/g, function (all, i) {
      return args[i] === undefined ? all : String(args[i]);
    });
  }

  function layerTitle(name, fallback) {
    return LAYER_TITLES[lang][name] || fallback || name;
  }

  function readStorage(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function writeStorage(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* storage disabled: setting is not kept */ }
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // The status line keeps a function that writes its text, so a language switch can write it again.
  var statusText = null;
  var statusIsError = false;

  function setStatus(text, isError) {
    statusText = text;
    statusIsError = !!isError;
    renderStatus();
  }

  function renderStatus() {
    var status = document.getElementById('status');
    status.textContent = statusText ? statusText() : '';
    status.className = statusIsError ? 'error' : '';
  }

  function getJson(url) {
    return fetch(url, { headers: { 'Accept': 'application/json', 'Accept-Language': lang } }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body && body.description ? body.description : response.status + ' ' + url);
        }
        return body;
      });
    });
  }

  // ---- styles of the fixed layer names ----

  function byValue(table, value, fallback) {
    return Object.prototype.hasOwnProperty.call(table, value) ? table[value] : fallback;
  }

  var SEVERITY_COLORS = { 1: '#fdd835', 2: '#fb8c00', 3: '#d32f2f' };
  var PIPE_FLAG_COLORS = { ok: '#2e7d32', reverse: '#d32f2f', too_flat: '#fb8c00', too_steep: '#8e24aa' };
  var ROAD_FLAG_COLORS = { ok: '#43a047', steep: '#e53935', flat: '#1e88e5' };
  var LOAD_COLORS = { ok: '#2e7d32', over: '#d32f2f', unknown: '#9e9e9e' };

  function shareColor(percent) {
    if (percent === null || percent === undefined) { return '#9e9e9e'; }
    if (percent >= 90) { return '#2e7d32'; }
    if (percent >= 60) { return '#9ccc65'; }
    if (percent >= 30) { return '#fb8c00'; }
    return '#d32f2f';
  }

  // Each entry: style(properties) for paths, point(properties) for circle markers, legend() rows.
  var STYLES = {
    coverage_buildings: {
      style: function (p) {
        var color = p.served ? '#2e7d32' : '#c62828';
        return { color: color, weight: 1, fillColor: color, fillOpacity: 0.6 };
      },
      legend: function () { return [fillRow('#2e7d32', t('served')), fillRow('#c62828', t('unserved'))]; }
    },
    road_damage_zones: {
      style: function (p) {
        var color = byValue(SEVERITY_COLORS, p.severity, '#9e9e9e');
        return { color: color, weight: 1, fillColor: color, fillOpacity: 0.55 };
      },
      legend: function () {
        return [fillRow(SEVERITY_COLORS[1], t('severity1')), fillRow(SEVERITY_COLORS[2], t('severity2')),
          fillRow(SEVERITY_COLORS[3], t('severity3'))];
      }
    },
    pipe_gradients: {
      style: function (p) { return { color: byValue(PIPE_FLAG_COLORS, p.flag, '#9e9e9e'), weight: 4, opacity: 0.9 }; },
      legend: function () {
        return Object.keys(PIPE_FLAG_COLORS).map(function (flag) { return lineRow(PIPE_FLAG_COLORS[flag], t('flag_' + flag)); });
      }
    },
    road_gradients: {
      style: function (p) { return { color: byValue(ROAD_FLAG_COLORS, p.flag, '#9e9e9e'), weight: 4, opacity: 0.9 }; },
      legend: function () {
        return Object.keys(ROAD_FLAG_COLORS).map(function (flag) { return lineRow(ROAD_FLAG_COLORS[flag], t('road_' + flag)); });
      }
    },
    streams: {
      style: function (p) {
        var order = Math.max(1, Math.min(6, Number(p.strahler) || 1));
        return { color: '#1565c0', weight: order, opacity: 0.85 };
      },
      legend: function () {
        return [1, 2, 3, 4].map(function (order) { return lineRow('#1565c0', t('strahler', order), order); });
      }
    },
    zones: {
      style: function () { return { color: '#7a5c99', weight: 2, dashArray: '6 4', fill: false }; },
      label: 'name',
      legend: function () { return [lineRow('#7a5c99', t('zoneOutline'), 2)]; }
    },
    coverage_zones: {
      style: function (p) {
        var color = shareColor(p.served_share_pct);
        return { color: color, weight: 1, fillColor: color, fillOpacity: 0.3 };
      },
      legend: function () {
        return [fillRow('#2e7d32', t('share', '≥ 90 %')), fillRow('#9ccc65', t('share', '60–90 %')),
          fillRow('#fb8c00', t('share', '30–60 %')), fillRow('#d32f2f', t('share', '< 30 %'))];
      }
    },
    facilities: {
      point: function (p) {
        var color = byValue(KIND_COLORS, p.kind, '#546e7a');
        return { radius: 7, color: '#ffffff', weight: 2, fillColor: color, fillOpacity: 1 };
      },
      legend: function () {
        return Object.keys(KIND_COLORS).map(function (kind) { return circleRow(KIND_COLORS[kind], t('kind_' + kind)); });
      }
    },
    coverage_facilities: {
      point: function (p) {
        return { radius: 8, color: '#ffffff', weight: 2, fillColor: byValue(LOAD_COLORS, p.flag, '#9e9e9e'), fillOpacity: 1 };
      },
      legend: function () {
        return Object.keys(LOAD_COLORS).map(function (flag) { return circleRow(LOAD_COLORS[flag], t('load_' + flag)); });
      }
    },
    roads: {
      style: function () { return { color: '#757575', weight: 2 }; },
      legend: function () { return [lineRow('#757575', layerTitle('roads'))]; }
    },
    buildings: {
      style: function () { return { color: '#8d6e63', weight: 1, fillColor: '#bcaaa4', fillOpacity: 0.6 }; },
      legend: function () { return [fillRow('#bcaaa4', layerTitle('buildings'))]; }
    },
    waterways: {
      style: function () { return { color: '#4fc3f7', weight: 2 }; },
      legend: function () { return [lineRow('#4fc3f7', layerTitle('waterways'))]; }
    },
    landuse: {
      style: function () { return { color: '#9ccc65', weight: 1, fillColor: '#c5e1a5', fillOpacity: 0.3 }; },
      legend: function () { return [fillRow('#c5e1a5', layerTitle('landuse'))]; }
    },
    pipes: {
      style: function (p) {
        return { color: '#6a1b9a', weight: 3, dashArray: p.status === 'planned' ? '8 5' : null };
      },
      legend: function () { return [lineRow('#6a1b9a', t('existing')), lineRow('#6a1b9a', t('planned'), 3, true)]; }
    }
  };

  function fillRow(color, label) { return { shape: 'fill', color: color, label: label }; }
  function lineRow(color, label, weight, dashed) { return { shape: 'line', color: color, label: label, weight: weight || 3, dashed: !!dashed }; }
  function circleRow(color, label) { return { shape: 'circle', color: color, label: label }; }

  function fallbackStyle(index, kind) {
    var color = FALLBACK_COLORS[index % FALLBACK_COLORS.length];
    return {
      style: function () { return { color: color, weight: 2, fillColor: color, fillOpacity: 0.3 }; },
      point: function () { return { radius: 5, color: '#ffffff', weight: 1, fillColor: color, fillOpacity: 0.9 }; },
      legend: function () {
        if (/POINT/.test(kind || '')) { return [circleRow(color, t('feature'))]; }
        if (/LINESTRING/.test(kind || '')) { return [lineRow(color, t('feature'))]; }
        return [fillRow(color, t('feature'))];
      }
    };
  }

  // ---- map ----

  var map = L.map('map', { zoomControl: true }).setView([30.67, 104.07], 13);
  L.control.scale({ imperial: false }).addTo(map);
  [['rasters', 350], ['polygons', 410], ['lines', 420], ['points', 430]].forEach(function (pane) {
    map.createPane(pane[0]).style.zIndex = pane[1];
  });

  function paneFor(kind) {
    if (/POLYGON/.test(kind)) { return 'polygons'; }
    if (/LINESTRING/.test(kind)) { return 'lines'; }
    return 'points';
  }

  function popupHtml(entry, feature) {
    var rows = Object.keys(feature.properties || {}).map(function (key) {
      var value = feature.properties[key];
      if (value === null || value === undefined) { value = ''; }
      if (value === true) { value = t('yes'); }
      if (value === false) { value = t('no'); }
      var fieldTitle = FIELD_TITLES[lang][key];
      var label = fieldTitle ? fieldTitle + ' (' + key + ')' : key;
      return '<tr><td>' + escapeHtml(label) + '</td><td>' + escapeHtml(value) + '</td></tr>';
    });
    return '<strong>' + escapeHtml(layerTitle(entry.id, entry.title)) + ' #' + escapeHtml(feature.id) + '</strong>'
      + '<table class="popup-table">' + rows.join('') + '</table>';
  }

  function buildLayer(entry, features) {
    var style = entry.style;
    var pane = paneFor(entry.kind);
    var layer = L.geoJSON({ type: 'FeatureCollection', features: features }, {
      pane: pane,
      style: function (feature) { return style.style ? style.style(feature.properties || {}) : {}; },
      pointToLayer: function (feature, latlng) {
        var options = style.point ? style.point(feature.properties || {}) : fallbackStyle(0, 'POINT').point();
        options.pane = 'points';
        return L.circleMarker(latlng, options);
      },
      onEachFeature: function (feature, featureLayer) {
        entry.byId[feature.id] = featureLayer;
        featureLayer.bindPopup(function () { return popupHtml(entry, feature); }, { maxWidth: 360 });
        if (style.label && feature.properties && feature.properties[style.label]) {
          featureLayer.bindTooltip(escapeHtml(feature.properties[style.label]),
            { permanent: true, direction: 'center', className: 'zone-label' });
        }
      }
    });
    return layer;
  }

  function loadItems(entry, url, features) {
    return getJson(url).then(function (page) {
      Array.prototype.push.apply(features, page.features || []);
      var read = features.length;
      setStatus(function () { return t('loading', layerTitle(entry.id, entry.title), read); });
      var next = (page.links || []).filter(function (link) { return link.rel === 'next'; })[0];
      return next ? loadItems(entry, next.href, features) : features;
    });
  }

  // ---- panel ----

  function swatchHtml(row) {
    var style = 'background:' + row.color;
    if (row.shape === 'line') {
      style = 'border-top:' + row.weight + 'px ' + (row.dashed ? 'dashed ' : 'solid ') + row.color;
    }
    return '<span class="swatch ' + (row.shape || 'fill') + '" style="' + style + '"></span>';
  }

  function legendHtml(rows) {
    return '<ul class="legend">' + rows.map(function (row) {
      return '<li>' + swatchHtml(row) + escapeHtml(row.label) + '</li>';
    }).join('') + '</ul>';
  }

  function layerItem(entry, titleHtml, legendRows) {
    var item = document.createElement('li');
    var checked = entry.layer && map.hasLayer(entry.layer) ? ' checked' : '';
    var disabled = entry.layer ? '' : ' disabled';
    item.innerHTML = '<label><input type="checkbox"' + checked + disabled + '> ' + titleHtml + '</label>'
      + legendHtml(legendRows);
    item.querySelector('input').addEventListener('change', function (event) {
      if (!entry.layer) { return; }
      if (event.target.checked) { entry.layer.addTo(map); } else { map.removeLayer(entry.layer); }
    });
    return item;
  }

  function renderPanel() {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('title');
    document.getElementById('title').textContent = t('title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (element) {
      element.textContent = t(element.getAttribute('data-i18n'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('#language button'), function (button) {
      button.className = button.getAttribute('data-lang') === lang ? 'active' : '';
    });
    renderStatus();
    var vectors = document.getElementById('vector-layers');
    vectors.innerHTML = '';
    if (vectorEntries.length === 0) {
      vectors.innerHTML = '<li>' + escapeHtml(t('noLayers')) + '</li>';
    }
    vectorEntries.forEach(function (entry) {
      var title = escapeHtml(layerTitle(entry.id, entry.title))
        + ' <span class="count">' + escapeHtml(t('features', entry.count)) + '</span>';
      vectors.appendChild(layerItem(entry, title, entry.style.legend()));
    });
    var rasters = document.getElementById('raster-layers');
    rasters.innerHTML = '';
    if (rasterEntries.length === 0) {
      rasters.innerHTML = '<li>' + escapeHtml(t('noRasters')) + '</li>';
    }
    rasterEntries.forEach(function (entry) {
      var rows = (entry.info.legend || []).map(function (row) { return fillRow(row.color, row.label); });
      rasters.appendChild(layerItem(entry, escapeHtml(layerTitle(entry.id, entry.info.title)), rows));
    });
    renderTileList();
    renderTableControls();
  }

  // ---- vector tiles ----

  // Minimal Mapbox Vector Tile 2.1 reader: layers (field 3), features (2), keys (3), values (4), extent (5);
  // feature id (1), tags (2), type (3), geometry (4). Returns [{name, extent, features: [{id, type, parts}]}].
  function decodeTile(buffer) {
    var bytes = new Uint8Array(buffer);
    function reader(start, end) {
      var r = { pos: start, end: end };
      r.varint = function () {
        var result = 0, shift = 0, b;
        do { b = bytes[r.pos++]; result += (b & 0x7f) * Math.pow(2, shift); shift += 7; } while (b & 0x80);
        return result;
      };
      r.sub = function () { var length = r.varint(); var s = reader(r.pos, r.pos + length); r.pos += length; return s; };
      r.skip = function (wire) {
        // The length is read first: in 'r.pos += r.varint()' the old r.pos would be used.
        if (wire === 0) { r.varint(); } else if (wire === 1) { r.pos += 8; } else if (wire === 2) { var length = r.varint(); r.pos += length; } else { r.pos += 4; }
      };
      r.packed = function () { var values = []; while (r.pos < r.end) { values.push(r.varint()); } return values; };
      r.string = function () { var s = r.sub(); return new TextDecoder().decode(bytes.subarray(s.pos, s.end)); };
      return r;
    }
    function zigzag(n) { return (n % 2 === 1) ? -(n + 1) / 2 : n / 2; }
    function geometry(commands) {
      var parts = [], current = null, x = 0, y = 0, i = 0;
      while (i < commands.length) {
        var command = commands[i++], id = command & 7, count = command >> 3;
        if (id === 7) { if (current) { current.closed = true; } continue; }
        for (var k = 0; k < count; k++) {
          x += zigzag(commands[i++]); y += zigzag(commands[i++]);
          if (id === 1) { current = []; parts.push(current); }
          current.push([x, y]);
        }
      }
      return parts;
    }
    var layers = [], top = reader(0, bytes.length);
    while (top.pos < top.end) {
      var key = top.varint();
      if ((key >> 3) !== 3) { top.skip(key & 7); continue; }
      var l = top.sub(), layer = { name: '', extent: 4096, features: [] };
      while (l.pos < l.end) {
        var lk = l.varint(), field = lk >> 3;
        if (field === 1) { layer.name = l.string(); } else if (field === 5) { layer.extent = l.varint(); } else if (field === 2) {
          var f = l.sub(), feature = { id: null, type: 0, parts: [] };
          while (f.pos < f.end) {
            var fk = f.varint(), ff = fk >> 3;
            if (ff === 1) { feature.id = f.varint(); } else if (ff === 3) { feature.type = f.varint(); } else if (ff === 4) {
              feature.parts = geometry(f.sub().packed());
            } else { f.skip(fk & 7); }
          }
          layer.features.push(feature);
        } else { l.skip(lk & 7); }
      }
      layers.push(layer);
    }
    return layers;
  }

  function tileColor(entry) {
    var rows = entry.style.legend ? entry.style.legend() : [];
    return rows.length ? rows[0].color : '#3949ab';
  }

  function drawTile(canvas, layers, color) {
    var context = canvas.getContext('2d');
    context.strokeStyle = color;
    context.fillStyle = color;
    context.lineWidth = 1.5;
    layers.forEach(function (layer) {
      var scale = canvas.width / layer.extent;
      layer.features.forEach(function (feature) {
        context.beginPath();
        feature.parts.forEach(function (part) {
          if (feature.type === 1) {
            context.moveTo(part[0][0] * scale + 3, part[0][1] * scale);
            context.arc(part[0][0] * scale, part[0][1] * scale, 3, 0, 2 * Math.PI);
            return;
          }
          part.forEach(function (point, index) {
            if (index === 0) { context.moveTo(point[0] * scale, point[1] * scale); } else { context.lineTo(point[0] * scale, point[1] * scale); }
          });
          if (feature.type === 3) { context.closePath(); }
        });
        if (feature.type === 2) { context.stroke(); } else {
          context.globalAlpha = 0.35; context.fill('evenodd'); context.globalAlpha = 1; context.stroke();
        }
      });
    });
  }

  // Builds a canvas grid layer from the collection's TileJSON: 204 responses are empty tiles.
  function tileLayerFor(entry) {
    var url = '../collections/' + encodeURIComponent(entry.id) + '/tiles/WebMercatorQuad/tilejson.json';
    return getJson(url).then(function (tileJson) {
      var template = tileJson.tiles[0];
      var Layer = L.GridLayer.extend({
        createTile: function (coords, done) {
          var canvas = L.DomUtil.create('canvas', 'mvt-tile');
          var size = this.getTileSize();
          canvas.width = size.x;
          canvas.height = size.y;
          var href = template.replace('{z}', coords.z).replace('{y}', coords.y).replace('{x}', coords.x);
          fetch(href).then(function (response) {
            if (response.status === 204) { return null; }
            if (!response.ok) { throw new Error(href + ': HTTP ' + response.status); }
            return response.arrayBuffer();
          }).then(function (buffer) {
            if (buffer) { drawTile(canvas, decodeTile(buffer), tileColor(entry)); }
            done(null, canvas);
          }, function (error) {
            setStatus(function () { return t('tileFailed', error.message); }, true);
            done(error, canvas);
          });
          return canvas;
        }
      });
      return new Layer({ minZoom: tileJson.minzoom, maxZoom: 22, maxNativeZoom: tileJson.maxzoom, pane: 'overlayPane' });
    });
  }

  function renderTileList() {
    var list = document.getElementById('tile-layers');
    list.innerHTML = '';
    vectorEntries.forEach(function (entry) {
      var item = document.createElement('li');
      var checked = entry.tileLayer && map.hasLayer(entry.tileLayer) ? ' checked' : '';
      item.innerHTML = '<label><input type="checkbox"' + checked + '> '
        + escapeHtml(layerTitle(entry.id, entry.title)) + '</label>';
      item.querySelector('input').addEventListener('change', function (event) {
        if (!event.target.checked) {
          if (entry.tileLayer) { map.removeLayer(entry.tileLayer); }
          return;
        }
        (entry.tileLayer ? Promise.resolve(entry.tileLayer) : tileLayerFor(entry)).then(function (layer) {
          entry.tileLayer = layer;
          if (event.target.checked) { layer.addTo(map); }
        }, function (error) { setStatus(function () { return t('tileFailed', error.message); }, true); });
      });
      list.appendChild(item);
    });
  }

  // ---- attribute table ----

  var TABLE_ROWS = 200;

  function renderTableControls() {
    var select = document.getElementById('table-layer');
    var chosen = select.value;
    select.innerHTML = '<option value="">–</option>' + vectorEntries.map(function (entry) {
      return '<option value="' + escapeHtml(entry.id) + '">' + escapeHtml(layerTitle(entry.id, entry.title)) + '</option>';
    }).join('');
    select.value = chosen;
    document.getElementById('table-search').placeholder = t('search');
    renderTable();
  }

  function renderTable() {
    var id = document.getElementById('table-layer').value;
    var query = document.getElementById('table-search').value.trim().toLowerCase();
    var table = document.getElementById('attribute-table');
    var count = document.getElementById('table-count');
    var entry = vectorEntries.filter(function (candidate) { return candidate.id === id; })[0];
    if (!entry) {
      table.innerHTML = '';
      count.textContent = t('tableEmpty');
      return;
    }
    var matches = entry.features.filter(function (feature) {
      if (!query) { return true; }
      var properties = feature.properties || {};
      return String(feature.id).toLowerCase().indexOf(query) >= 0 || Object.keys(properties).some(function (key) {
        var value = properties[key];
        return value !== null && value !== undefined && String(value).toLowerCase().indexOf(query) >= 0;
      });
    });
    var shown = matches.slice(0, TABLE_ROWS);
    var keys = [];
    shown.forEach(function (feature) {
      Object.keys(feature.properties || {}).forEach(function (key) { if (keys.indexOf(key) < 0) { keys.push(key); } });
    });
    var head = '<thead><tr><th>id</th>' + keys.map(function (key) {
      var fieldTitle = FIELD_TITLES[lang][key];
      return '<th title="' + escapeHtml(key) + '">' + escapeHtml(fieldTitle || key) + '</th>';
    }).join('') + '</tr></thead>';
    var body = '<tbody>' + shown.map(function (feature) {
      return '<tr data-id="' + escapeHtml(feature.id) + '"><td>' + escapeHtml(feature.id) + '</td>' + keys.map(function (key) {
        var value = (feature.properties || {})[key];
        if (value === null || value === undefined) { value = ''; }
        if (value === true) { value = t('yes'); }
        if (value === false) { value = t('no'); }
        return '<td>' + escapeHtml(value) + '</td>';
      }).join('') + '</tr>';
    }).join('') + '</tbody>';
    table.innerHTML = head + body;
    count.textContent = t('tableCount', entry.features.length, matches.length, shown.length);
    Array.prototype.forEach.call(table.querySelectorAll('tbody tr'), function (row) {
      row.addEventListener('click', function () {
        var featureLayer = entry.byId[row.getAttribute('data-id')];
        if (!featureLayer) { return; }
        if (!map.hasLayer(entry.layer)) { entry.layer.addTo(map); renderPanel(); }
        if (featureLayer.getBounds) { map.fitBounds(featureLayer.getBounds(), { maxZoom: 18 }); } else { map.setView(featureLayer.getLatLng(), 18); }
        featureLayer.openPopup();
      });
    });
  }

  document.getElementById('table-layer').addEventListener('change', renderTable);
  document.getElementById('table-search').addEventListener('input', renderTable);

  // version: appended to the PNG URLs after an analysis rewrote rasters, so the browser does not reuse old images.
  function loadRasters(version) {
    return getJson('../rasters').then(function (body) {
      (body.rasters || []).forEach(function (info) {
        var existing = rasterEntries.filter(function (entry) { return entry.id === info.name; })[0];
        if (existing) {
          existing.info = info;
          return;
        }
        var bounds = L.latLngBounds([info.bbox[1], info.bbox[0]], [info.bbox[3], info.bbox[2]]);
        var href = (info.links && info.links[0]) ? info.links[0].href : '../rasters/' + info.name + '.png';
        if (typeof version === 'string') { href += (href.indexOf('?') < 0 ? '?' : '&') + 'v=' + version; }
        var entry = {
          id: info.name, info: info, bounds: bounds,
          layer: L.imageOverlay(href, bounds, { opacity: 0.75, pane: 'rasters', interactive: false })
        };
        rasterEntries.push(entry);
        if ((HASH.on || '').split(',').indexOf(info.name) >= 0) { entry.layer.addTo(map); }
      });
    });
  }

  function loadVectors() {
    return getJson('../collections').then(function (body) {
      var collections = body.collections || [];
      vectorEntries = collections.map(function (collection, index) {
        return {
          id: collection.id, title: collection.title, kind: collection.geometryKind || '',
          count: collection.featureCount, layer: null, features: [], byId: {}, tileLayer: null,
          style: STYLES[collection.id] || (collection.id === 'trial_pipes' ? STYLES.pipes : null)
            || fallbackStyle(index, collection.geometryKind)
        };
      });
      renderPanel();
      var total = 0;
      // Sequential loading keeps the server and the browser responsive on large projects.
      return vectorEntries.reduce(function (previous, entry) {
        return previous.then(function () {
          var url = '../collections/' + encodeURIComponent(entry.id) + '/items?limit=' + PAGE_SIZE;
          return loadItems(entry, url, []).then(function (features) {
            entry.features = features;
            entry.layer = buildLayer(entry, features);
            if (shownByDefault(entry)) { entry.layer.addTo(map); }
            entry.count = features.length;
            total += features.length;
            renderPanel();
          });
        });
      }, Promise.resolve()).then(function () { return total; });
    });
  }

  // Layers that would clutter the first view; each stays one click away in the layer list.
  var HIDDEN_BY_DEFAULT = ['landuse', 'streams', 'road_gradients', 'pipe_gradients', 'coverage_zones',
    'coverage_facilities', 'subbasins'];

  function shownByDefault(entry) {
    if ((HASH.on || '').split(',').indexOf(entry.id) >= 0) { return true; }
    var hasCoverage = vectorEntries.some(function (other) { return other.id === 'coverage_buildings'; });
    if (entry.id === 'buildings' && hasCoverage) { return false; }
    return HIDDEN_BY_DEFAULT.indexOf(entry.id) < 0;
  }

  function fitToData() {
    var bounds = L.latLngBounds([]);
    vectorEntries.forEach(function (entry) {
      if (entry.layer && entry.count > 0) { bounds.extend(entry.layer.getBounds()); }
    });
    if (!bounds.isValid()) {
      rasterEntries.forEach(function (entry) { bounds.extend(entry.bounds); });
    }
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [20, 20] }); }
  }

  // ---- analyses through OGC API - Processes ----

  var JOB_POLL_MS = 1000;
  var processDescription = null;
  var jobPolling = null;

  function setJobStatus(text, isError) {
    var status = document.getElementById('job-status');
    status.textContent = text;
    status.className = isError ? 'hint error' : 'hint';
  }

  // Lists the processes; the section stays hidden when the server offers none (404 or an empty list).
  function loadProcesses() {
    return fetch('../processes', { headers: { 'Accept': 'application/json', 'Accept-Language': lang } })
      .then(function (response) { return response.ok ? response.json() : { processes: [] }; })
      .then(function (body) {
        var processes = body.processes || [];
        var section = document.getElementById('process-section');
        section.hidden = processes.length === 0;
        var select = document.getElementById('process-id');
        var selected = select.value;
        select.innerHTML = processes.map(function (process) {
          return '<option value="' + escapeHtml(process.id) + '">' + escapeHtml(process.title) + '</option>';
        }).join('');
        if (selected && processes.some(function (process) { return process.id === selected; })) {
          select.value = selected;
        }
        return processes.length > 0 ? describeProcess() : null;
      });
  }

  function describeProcess() {
    var id = document.getElementById('process-id').value;
    return getJson('../processes/' + encodeURIComponent(id)).then(function (description) {
      processDescription = description;
      document.getElementById('process-description').textContent = description.description || '';
      var container = document.getElementById('process-inputs');
      container.innerHTML = '';
      Object.keys(description.inputs || {}).forEach(function (name) {
        container.appendChild(inputField(name, description.inputs[name]));
      });
    });
  }

  function inputField(name, input) {
    var schema = input.schema || {};
    var label = document.createElement('label');
    label.className = schema.type === 'boolean' ? 'process-row checkbox' : 'process-row';
    var field;
    if (schema.type === 'boolean') {
      field = document.createElement('input');
      field.type = 'checkbox';
      field.checked = schema['default'] === true;
    } else if (schema['enum']) {
      field = document.createElement('select');
      field.innerHTML = schema['enum'].map(function (value) {
        return '<option>' + escapeHtml(value) + '</option>';
      }).join('');
      field.value = schema['default'] === undefined ? schema['enum'][0] : schema['default'];
    } else {
      field = document.createElement('input');
      field.type = schema.type === 'number' || schema.type === 'integer' ? 'number' : 'text';
      if (field.type === 'number') {
        field.step = schema.type === 'integer' ? '1' : 'any';
        if (schema.minimum !== undefined) { field.min = schema.minimum; }
        if (schema.maximum !== undefined) { field.max = schema.maximum; }
      }
      if (schema['default'] !== undefined) { field.value = schema['default']; }
    }
    field.name = name;
    field.setAttribute('data-type', schema.type || 'string');
    var caption = document.createElement('span');
    caption.textContent = input.title || name;
    if (schema.type === 'boolean') {
      label.appendChild(field);
      label.appendChild(caption);
    } else {
      label.appendChild(caption);
      label.appendChild(field);
    }
    return label;
  }

  function collectInputs() {
    var inputs = {};
    Array.prototype.forEach.call(document.querySelectorAll('#process-inputs [name]'), function (field) {
      var type = field.getAttribute('data-type');
      if (type === 'boolean') {
        inputs[field.name] = field.checked;
      } else if (type === 'number' || type === 'integer') {
        // An empty or malformed number is sent as text so that the server's 400 names the input.
        inputs[field.name] = field.value.trim() !== '' && isFinite(Number(field.value)) ? Number(field.value)
          : field.value;
      } else {
        inputs[field.name] = field.value;
      }
    });
    return inputs;
  }

  function describeJob(job) {
    // The server's message names the running step and its percentage; the progress bar shows the percentage too.
    return t('jobStatus', job.processID, t('job_' + job.status), job.message || '');
  }

  function pollJob(location) {
    getJson(location).then(function (job) {
      var progress = document.getElementById('job-progress');
      progress.value = job.progress || 0;
      setJobStatus(describeJob(job), job.status === 'failed');
      if (job.status === 'successful') {
        jobFinished();
        return getJson(location + '/results').then(function (results) {
          return reloadLayers().then(function () {
            setJobStatus(t('jobDone', Object.keys(results).join(', ')), false);
          });
        });
      }
      if (job.status === 'failed') {
        jobFinished();
        return null;
      }
      jobPolling = window.setTimeout(function () { pollJob(location); }, JOB_POLL_MS);
      return null;
    }).catch(function (error) {
      jobFinished();
      setJobStatus(t('jobPollFailed', error.message), true);
    });
  }

  function jobFinished() {
    jobPolling = null;
    document.getElementById('process-run').disabled = false;
  }

  document.getElementById('process-id').addEventListener('change', function () {
    describeProcess().catch(function (error) { setJobStatus(t('loadFailed', error.message), true); });
  });

  document.getElementById('process-form').addEventListener('submit', function (event) {
    event.preventDefault();
    if (!processDescription || jobPolling) { return; }
    var headers = { 'Accept': 'application/json', 'Accept-Language': lang, 'Content-Type': 'application/json',
      'Prefer': 'respond-async' };
    var token = document.getElementById('process-token').value.trim();
    if (token) { headers.Authorization = 'Bearer ' + token; }
    document.getElementById('process-run').disabled = true;
    var progress = document.getElementById('job-progress');
    progress.hidden = false;
    progress.value = 0;
    setJobStatus('', false);
    fetch('../processes/' + encodeURIComponent(processDescription.id) + '/execution', {
      method: 'POST', headers: headers, body: JSON.stringify({ inputs: collectInputs() })
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body && body.description ? body.description : String(response.status));
        }
        var location = response.headers.get('Location') || '../jobs/' + encodeURIComponent(body.jobID);
        setJobStatus(describeJob(body), false);
        jobPolling = true;
        pollJob(location);
      });
    }).catch(function (error) {
      jobFinished();
      setJobStatus(t('jobSubmitFailed', error.message), true);
    });
  });

  // Removes every layer from the map and loads collections and rasters again, keeping the visible ones on.
  function reloadLayers() {
    var visible = {};
    vectorEntries.concat(rasterEntries).forEach(function (entry) {
      if (entry.layer && map.hasLayer(entry.layer)) { visible[entry.id] = true; map.removeLayer(entry.layer); }
      if (entry.tileLayer && map.hasLayer(entry.tileLayer)) { map.removeLayer(entry.tileLayer); }
    });
    vectorEntries = [];
    rasterEntries = [];
    var reloaded = String(Date.now());
    return loadRasters(reloaded).then(loadVectors).then(function (total) {
      rasterEntries.forEach(function (entry) {
        if (visible[entry.id] && !map.hasLayer(entry.layer)) { entry.layer.addTo(map); }
      });
      vectorEntries.forEach(function (entry) {
        if (visible[entry.id] && entry.layer && !map.hasLayer(entry.layer)) { entry.layer.addTo(map); }
      });
      renderPanel();
      setLoadedStatus(total);
    });
  }

  function setLoadedStatus(total) {
    var layers = vectorEntries.length + rasterEntries.length;
    setStatus(function () { return layers === 0 ? t('noLayers') : t('loaded', layers, total); });
  }

  // ---- basemap and language ----

  function applyBasemap(url) {
    if (basemapLayer) {
      map.removeLayer(basemapLayer);
      basemapLayer = null;
    }
    if (url) {
      basemapLayer = L.tileLayer(url, { maxZoom: 19 }).addTo(map);
    }
  }

  document.getElementById('basemap-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var url = document.getElementById('basemap-url').value.trim();
    writeStorage('cgis.basemap', url);
    applyBasemap(url);
  });

  function switchLanguage(newLang) {
    lang = newLang === 'en' ? 'en' : 'zh';
    writeStorage('cgis.lang', lang);
    renderPanel();
    // Raster legends and process titles carry labels from the server, so they are fetched again.
    loadRasters().then(renderPanel, function (error) {
      setStatus(function () { return t('loadFailed', error.message); }, true);
    });
    loadProcesses().catch(function (error) { setJobStatus(t('loadFailed', error.message), true); });
  }

  Array.prototype.forEach.call(document.querySelectorAll('#language button'), function (button) {
    button.addEventListener('click', function () { switchLanguage(button.getAttribute('data-lang')); });
  });

  // A link that changes only the hash does not reload the page: apply its language and show its layers.
  window.addEventListener('hashchange', function () {
    HASH = parseHash(window.location.hash);
    if (HASH.lang && (HASH.lang === 'en' ? 'en' : 'zh') !== lang) { switchLanguage(HASH.lang); }
    var shown = (HASH.on || '').split(',');
    vectorEntries.concat(rasterEntries).forEach(function (entry) {
      if (shown.indexOf(entry.id) >= 0 && entry.layer && !map.hasLayer(entry.layer)) { entry.layer.addTo(map); }
    });
    renderPanel();
  });

  var savedBasemap = readStorage('cgis.basemap') || '';
  document.getElementById('basemap-url').value = savedBasemap;
  applyBasemap(savedBasemap);
  renderPanel();

  loadRasters()
    .then(loadVectors)
    .then(function (total) {
      renderPanel();
      fitToData();
      setLoadedStatus(total);
    })
    .catch(function (error) {
      setStatus(function () { return t('loadFailed', error.message); }, true);
    });
  loadProcesses().catch(function (error) { setJobStatus(t('loadFailed', error.message), true); });

  // Exposed for debugging in the browser console.
  window.cgisViewer = {
    map: map,
    strings: STRINGS,
    vectors: function () { return vectorEntries; },
    rasters: function () { return rasterEntries; }
  };
}());

// The Polycast web console page: fetches polycast/data.json every second and renders it. Rates are computed here,
// from the difference of the counters between two fetches.
(function () {
  'use strict';
  var previous = null;

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in (attrs || {})) { e.setAttribute(k, attrs[k]); }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }

  function table(headers, rows) {
    var t = el('table');
    if (headers) {
      var tr = el('tr');
      headers.forEach(function (h) { tr.appendChild(el('th', {}, h)); });
      t.appendChild(tr);
    }
    rows.forEach(function (r) {
      var row = el('tr');
      r.forEach(function (c) {
        var td = el('td');
        if (c instanceof Node) { td.appendChild(c); } else { td.textContent = c === null || c === undefined ? '' : String(c); }
        row.appendChild(td);
      });
      t.appendChild(row);
    });
    return t;
  }

  function replace(id, node) {
    var target = document.getElementById(id);
    target.innerHTML = '';
    target.appendChild(node);
  }

  function rate(now, key, value) {
    if (!previous || previous.values[key] === undefined) { return ''; }
    var seconds = (now.time - previous.time) / 1000;
    return seconds > 0 ? ((value - previous.values[key]) / seconds).toFixed(1) : '';
  }

  function render(data) {
    var r = data.runtime;
    var now = { time: data.time, values: {} };
    if (!r) {
      replace('polycast-interfaces', el('p', {}, 'The Polycast core is not running.'));
      return;
    }
    var ifRows = r.interfaces.map(function (i) {
      var c = i.counters;
      now.values['if' + i.index + 'rx'] = c.messagesReceived;
      now.values['if' + i.index + 'tx'] = c.messagesSent;
      var state = el('span', { 'class': 'state-' + i.state }, i.state + (i.failure ? ' (' + i.failure + ')' : ''));
      return [i.index, i.technology, i.name, i.address, state, i.bundle, i.atomicMessageSize, i.defaultTtl, c.messagesSent,
        rate(now, 'if' + i.index + 'tx', c.messagesSent), c.messagesReceived, rate(now, 'if' + i.index + 'rx', c.messagesReceived),
        c.duplicates, c.dropped, c.malformed];
    });
    replace('polycast-interfaces', table(['if', 'technology', 'name', 'address', 'state', 'bundle', 'atomic size', 'TTL', 'sent', 'sent/s',
      'received', 'received/s', 'duplicates', 'dropped', 'malformed'], ifRows));
    var groupRows = [];
    r.interfaces.forEach(function (i) {
      (i.groups || []).forEach(function (g) {
        var role = g.listeners && g.senders ? 'listener+sender' : g.listeners ? 'listener' : 'sender';
        groupRows.push([i.index + ' ' + i.name, g.name, g.address, g.mappingSource, role, g.listeners, g.senders,
          g.counters ? g.counters.messagesSent : '', g.counters ? g.counters.messagesReceived : '']);
      });
    });
    replace('polycast-groups', groupRows.length ? table(['interface', 'group', 'address', 'mapping', 'role', 'listeners', 'senders', 'sent', 'received'], groupRows)
      : el('p', { 'class': 'muted' }, 'No group is joined or sent to.'));
    replace('polycast-sockets', r.sockets.length ? table(['socket', 'interfaces', 'joined', 'sources', 'queued', 'received'], r.sockets.map(function (s) {
      return [s.id, (s.interfaces || []).join(' '), (s.joined || []).join(' '), (s.sources || []).join(' '), s.queued, s.counters ? s.counters.messagesReceived : ''];
    })) : el('p', { 'class': 'muted' }, 'No socket is open.'));
    var t = r.counters;
    now.values.totalRx = t.messagesReceived;
    now.values.totalTx = t.messagesSent;
    replace('polycast-totals', table(['sent', 'sent/s', 'bytes sent', 'received', 'received/s', 'bytes received', 'fragments in', 'duplicates', 'dropped', 'malformed'],
      [[t.messagesSent, rate(now, 'totalTx', t.messagesSent), t.bytesSent, t.messagesReceived, rate(now, 'totalRx', t.messagesReceived), t.bytesReceived,
        t.fragmentsReceived, t.duplicates, t.dropped, t.malformed]]));
    replace('polycast-failures', (r.failures || []).length ? table(['time', 'interface', 'technology', 'operation', 'failure'], r.failures.map(function (f) {
      return [new Date(f.timestamp).toISOString(), f.interfaceIndex, f.technology, f.operation, f.message];
    })) : el('p', { 'class': 'muted' }, 'None.'));
    var sections = el('div');
    data.sections.forEach(function (s) {
      sections.appendChild(el('h2', {}, s.title));
      sections.appendChild(value(s.status));
    });
    replace('polycast-sections', sections);
    document.getElementById('polycast-updated').textContent = 'Updated ' + new Date(data.time).toLocaleTimeString() + '.';
    previous = now;
  }

  // A value of a status section: a graph, a table (a list of maps), key-value rows (a map), a list, or text.
  function value(v) {
    if (v === null || v === undefined) { return el('span', {}, ''); }
    if (Array.isArray(v)) {
      if (v.length && typeof v[0] === 'object' && v[0] !== null && !Array.isArray(v[0])) {
        var headers = Object.keys(v[0]);
        return table(headers, v.map(function (row) { return headers.map(function (h) { return row[h]; }); }));
      }
      return el('span', {}, v.length ? v.join(', ') : '(none)');
    }
    if (typeof v === 'object') {
      if (v.graph) {
        var box = el('div');
        box.appendChild(graph(v.graph));
        var rest = {};
        Object.keys(v).forEach(function (k) { if (k !== 'graph') { rest[k] = v[k]; } });
        if (Object.keys(rest).length) { box.appendChild(value(rest)); }
        return box;
      }
      var keys = Object.keys(v);
      if (!keys.length) { return el('span', { 'class': 'muted' }, '(none)'); }
      return table(null, keys.map(function (k) { return [k, value(v[k])]; }));
    }
    return el('span', {}, v);
  }

  // Draws nodes in layers: a node's layer is its distance from the nodes nothing points to (the root of a tree,
  // the first peer of a ring segment); each node shows its label and its other attributes (delay, loss).
  function graph(g) {
    var ns = 'http://www.w3.org/2000/svg';
    var incoming = {}, out = {}, layer = {}, order = [];
    g.nodes.forEach(function (n) { incoming[n.id] = 0; out[n.id] = []; });
    g.edges.forEach(function (e) {
      if (incoming[e.to] === undefined) { incoming[e.to] = 0; out[e.to] = []; g.nodes.push({ id: e.to, label: e.to.substring(0, 8) }); }
      if (out[e.from] === undefined) { out[e.from] = []; incoming[e.from] = 0; g.nodes.push({ id: e.from, label: e.from.substring(0, 8) }); }
      incoming[e.to]++;
      out[e.from].push(e.to);
    });
    var queue = g.nodes.filter(function (n) { return incoming[n.id] === 0; }).map(function (n) { return n.id; });
    if (!queue.length && g.nodes.length) { queue = [g.nodes[0].id]; }
    queue.forEach(function (id) { layer[id] = 0; });
    while (queue.length) {
      var id = queue.shift();
      order.push(id);
      out[id].forEach(function (to) { if (layer[to] === undefined) { layer[to] = layer[id] + 1; queue.push(to); } });
    }
    g.nodes.forEach(function (n) { if (layer[n.id] === undefined) { layer[n.id] = 0; order.push(n.id); } });
    var perLayer = {}, pos = {}, width = 0, depth = 0;
    order.forEach(function (id) {
      var l = layer[id];
      perLayer[l] = (perLayer[l] || 0) + 1;
      pos[id] = { x: 20 + (perLayer[l] - 1) * 170, y: 30 + l * 70 };
      width = Math.max(width, pos[id].x + 160);
      depth = Math.max(depth, pos[id].y + 50);
    });
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', depth);
    svg.setAttribute('class', 'polycast-graph');
    g.edges.forEach(function (e) {
      var a = pos[e.from], b = pos[e.to];
      var line = document.createElementNS(ns, 'line');
      line.setAttribute('x1', a.x + 70); line.setAttribute('y1', a.y + 16);
      line.setAttribute('x2', b.x + 70); line.setAttribute('y2', b.y - 12);
      line.setAttribute('stroke', '#888');
      svg.appendChild(line);
    });
    g.nodes.forEach(function (n) {
      var p = pos[n.id];
      var rect = document.createElementNS(ns, 'rect');
      rect.setAttribute('x', p.x); rect.setAttribute('y', p.y - 12); rect.setAttribute('width', 150); rect.setAttribute('height', 28);
      rect.setAttribute('rx', 4); rect.setAttribute('fill', '#eef4ff'); rect.setAttribute('stroke', '#46a');
      svg.appendChild(rect);
      var label = document.createElementNS(ns, 'text');
      label.setAttribute('x', p.x + 4); label.setAttribute('y', p.y);
      label.textContent = n.label || n.id;
      svg.appendChild(label);
      var attrs = Object.keys(n).filter(function (k) { return k !== 'id' && k !== 'label'; }).map(function (k) { return k + ' ' + n[k]; }).join(', ');
      var detail = document.createElementNS(ns, 'text');
      detail.setAttribute('x', p.x + 4); detail.setAttribute('y', p.y + 12);
      detail.textContent = attrs;
      svg.appendChild(detail);
      var title = document.createElementNS(ns, 'title');
      title.textContent = n.id;
      rect.appendChild(title);
    });
    return svg;
  }

  // Absolute and without user info: a page opened as http://user:pass@host/... would otherwise pass the credentials
  // on to every relative URL, which fetch refuses; the browser's authentication cache still applies.
  function dataUrl() {
    var u = new URL('polycast/data.json', window.location.href);
    u.username = '';
    u.password = '';
    return u.href;
  }

  function refresh() {
    fetch(dataUrl(), { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(render)
      .catch(function (e) { document.getElementById('polycast-updated').textContent = 'Update failed: ' + e; })
      .finally(function () { setTimeout(refresh, 1000); });
  }
  refresh();
})();

// The DeepHTM live view: reads the server's events (docs/live-view.md) and draws the run's charts
// (uPlot), the memory's columns, the focused column's cells and segments, and frames.
(function () {
  'use strict';

  const KEEP = 20000;  // points a chart of the whole run keeps: the server's history
  // A chart's first line (the truth, the raw score) broad and grey, the others thin over it.
  const COLOURS = ['#9aa5b1', '#e4572e', '#1f6fb2', '#2e9e44', '#8a6cd1', '#c49a00'];
  const CLASS_COLOURS = ['#e6e6e6', '#2e9e44', '#e4572e', '#8a6cd1']; // idle, correct, bursting, wrong
  const $ = id => document.getElementById(id);

  const state = { charts: [], memory: null, focus: null, pinned: false, ended: false, updates: 0, layout: null };

  function post(path) {
    return fetch(path, { method: 'POST' });
  }

  for (const button of document.querySelectorAll('#controls button')) {
    button.addEventListener('click', () => post('/control?action=' + button.dataset.action));
  }

  // ------------------------------------------------------------------ charts

  function setUp(run) {
    $('title').textContent = run.title;
    document.title = 'DeepHTM live: ' + run.title;
    const host = $('charts');
    host.textContent = '';
    state.charts = [];
    let offset = 1; // point[0] is the step
    for (const chart of run.charts) {
      const div = document.createElement('div');
      div.className = 'chart';
      host.appendChild(div);
      const series = [{ label: 'step' }];
      chart.lines.forEach((line, i) => series.push({ label: line.label, stroke: COLOURS[i % COLOURS.length],
        width: i === 0 ? 3 : 1.5, spanGaps: true, points: { show: false } }));
      const data = [[]].concat(chart.lines.map(() => []));
      const plot = new uPlot({ title: chart.title, width: chartWidth(), height: 170, series: series,
        scales: { x: { time: false } }, legend: { live: false } }, data, div);
      state.charts.push({ plot: plot, data: data, offset: offset, lines: chart.lines.length, div: div,
        keep: chart.span > 0 ? chart.span : KEEP });
      offset += chart.lines.length;
    }
  }

  function chartWidth() {
    return Math.max(300, $('charts').clientWidth - 12);
  }

  window.addEventListener('resize', () => {
    for (const c of state.charts) {
      c.plot.setSize({ width: chartWidth(), height: 170 });
    }
    if (state.memory) {
      drawGrid(state.memory);
    }
  });

  function addPoints(points) {
    if (points.length === 0) {
      return;
    }
    for (const c of state.charts) {
      for (const p of points) {
        c.data[0].push(p[0]);
        for (let i = 0; i < c.lines; i++) {
          c.data[i + 1].push(p[c.offset + i]);
        }
      }
      const extra = c.data[0].length - c.keep;
      if (extra > 0) {
        for (const column of c.data) {
          column.splice(0, extra);
        }
      }
      c.plot.setData(c.data);
      c.div.dataset.points = c.data[0].length;
    }
  }

  // ------------------------------------------------------------------ the memory's columns

  function gridShape(columns) {
    const across = Math.ceil(Math.sqrt(columns * 2));
    return { across: across, down: Math.ceil(columns / across) };
  }

  function drawGrid(m) {
    const canvas = $('grid');
    const shape = gridShape(m.columns);
    const size = Math.max(3, Math.floor(Math.max(320, canvas.clientWidth) / shape.across));
    canvas.width = shape.across * size;
    canvas.height = shape.down * size;
    const g = canvas.getContext('2d');
    const kind = new Uint8Array(m.columns);
    m.correct.forEach(c => kind[c] = 1);
    m.bursting.forEach(c => kind[c] = 2);
    m.wrong.forEach(c => kind[c] = 3);
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, canvas.width, canvas.height);
    const gap = size > 5 ? 1 : 0;
    for (let c = 0; c < m.columns; c++) {
      g.fillStyle = CLASS_COLOURS[kind[c]];
      g.fillRect((c % shape.across) * size, Math.floor(c / shape.across) * size, size - gap, size - gap);
    }
    const dot = Math.max(1, Math.floor(size / 3));
    g.fillStyle = '#1f6fb2';
    for (const c of m.next) {
      g.fillRect((c % shape.across) * size + (size - dot) / 2 - gap / 2,
        Math.floor(c / shape.across) * size + (size - dot) / 2 - gap / 2, dot, dot);
    }
    const outline = (c, colour) => {
      g.strokeStyle = colour;
      g.lineWidth = 2;
      g.strokeRect((c % shape.across) * size + 1, Math.floor(c / shape.across) * size + 1, size - 2 - gap,
        size - 2 - gap);
    };
    if (m.cell) {
      const listened = new Set();
      m.cell.segments.forEach(s => s.synapses.forEach(syn => listened.add(Math.floor(syn[0] / m.cellsPerColumn))));
      listened.forEach(c => outline(c, '#1f6fb2'));
    }
    if (m.focus) {
      outline(m.focus.column, '#000000');
    }
    canvas.dataset.correct = m.correct.length;
    canvas.dataset.bursting = m.bursting.length;
    canvas.dataset.wrong = m.wrong.length;
    canvas.dataset.next = m.next.length;
    canvas.dataset.columns = m.columns;
  }

  function columnAt(event) {
    const m = state.memory;
    if (!m) {
      return -1;
    }
    const canvas = $('grid');
    const shape = gridShape(m.columns);
    const box = canvas.getBoundingClientRect();
    const x = (event.clientX - box.left) * canvas.width / box.width;
    const y = (event.clientY - box.top) * canvas.height / box.height;
    const size = canvas.width / shape.across;
    const c = Math.floor(y / size) * shape.across + Math.floor(x / size);
    return c >= 0 && c < m.columns ? c : -1;
  }

  let lastHover = 0;
  $('grid').addEventListener('mousemove', event => {
    const c = columnAt(event);
    const now = Date.now();
    if (c >= 0 && !state.pinned && now - lastHover > 120 && (!state.focus || state.focus.column !== c)) {
      lastHover = now;
      focus(c, -1);
    }
  });
  $('grid').addEventListener('click', event => {
    const c = columnAt(event);
    if (c >= 0) {
      state.pinned = !(state.pinned && state.focus && state.focus.column === c);
      focus(c, -1);
    }
  });

  function focus(column, cell) {
    state.focus = { column: column, cell: cell };
    post('/focus?column=' + column + (cell >= 0 ? '&cell=' + cell : ''));
  }

  // ------------------------------------------------------------------ a column's cells, a cell's segments

  function bar(value) {
    const v = value === null ? 0 : Math.max(0, Math.min(1, value));
    return '<span class="bar" style="width:' + Math.round(v * 80) + 'px"></span> ' + number(value);
  }

  function number(value) {
    return value === null ? '–' : value.toFixed(3);
  }

  function showDetails(m) {
    const details = $('details');
    if (!m.focus) {
      details.textContent = '';
      return;
    }
    const active = new Set(m.activeCells);
    let html = '<h2>Column ' + m.focus.column + (state.pinned ? ' (kept: click it again to let go)' : '') + '</h2>'
      + '<table><tr><th>cell</th><th>activity</th><th>predicted for this step</th><th>for the next step</th></tr>';
    // A column of many cells lists those with something to show; the others are counted.
    const compact = m.focus.cells.length > 8;
    let quiet = 0;
    for (const c of m.focus.cells) {
      const chosen = m.cell && m.cell.cell === c.cell;
      if (compact && !chosen && !c.activity && !c.strength && !c.next) {
        quiet++;
        continue;
      }
      html += '<tr data-cell="' + c.cell + '" class="' + (m.segments ? 'clickable' : '') + (chosen ? ' chosen' : '')
        + '"><td>' + c.cell + '</td><td>' + number(c.activity) + '</td><td>' + bar(c.strength) + '</td><td>'
        + bar(c.next) + '</td></tr>';
    }
    if (quiet > 0) {
      html += '<tr><td colspan="4" class="hint">and ' + quiet + ' cells neither active nor predicted</td></tr>';
    }
    html += '</table><p class="hint">A cell counts as predicted from ' + number(m.threshold) + '.'
      + (m.segments ? ' Click a cell to see its segments.' : '') + '</p>';
    if (m.cell) {
      html += '<h2>Cell ' + m.cell.cell + ': ' + m.cell.segments.length + ' segment(s)</h2>';
      if (m.cell.segments.length === 0) {
        html += '<p class="hint">No segment yet: the cell has not learned a context.</p>';
      }
      for (const s of m.cell.segments) {
        html += '<div class="segment">segment ' + s.index + ', bias ' + number(s.bias) + ', listens to: ';
        for (const syn of s.synapses) {
          html += '<span class="synapse' + (active.has(syn[0]) ? ' on' : '') + '">cell ' + syn[0] + ' (column '
            + Math.floor(syn[0] / m.cellsPerColumn) + ') w ' + number(syn[1]) + '</span>';
        }
        html += '</div>';
      }
      html += '<p class="hint">In bold: cells active now, which excite the segment for the next step; '
        + 'their columns have a blue outline.</p>';
    }
    details.innerHTML = html;
    for (const row of details.querySelectorAll('tr.clickable')) {
      row.addEventListener('click', () => {
        state.pinned = true;
        focus(m.focus.column, Number(row.dataset.cell));
      });
    }
  }

  // ------------------------------------------------------------------ frames

  function drawFrame(id, f, pixels) {
    const canvas = $(id);
    canvas.width = f.width;
    canvas.height = f.height;
    const g = canvas.getContext('2d');
    const image = g.createImageData(f.width, f.height);
    for (let i = 0; i < pixels.length; i++) {
      const v = Math.round(pixels[i] * 255);
      image.data[4 * i] = v;
      image.data[4 * i + 1] = v;
      image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    g.putImageData(image, 0, 0);
  }

  // ------------------------------------------------------------------ events

  function update(u) {
    state.updates++;
    document.body.dataset.updates = state.updates;
    document.body.dataset.step = u.step;
    $('status').textContent = u.step >= 0 ? 'step ' + u.step.toLocaleString('en') : 'waiting for the first step';
    $('pace').textContent = (u.paused ? 'paused, ' : '') + (u.pace === 0 ? 'full speed' : u.pace + ' steps/s');
    $('pause').disabled = u.paused;
    $('resume').disabled = !u.paused;
    addPoints(u.points);
    if (u.memory) {
      state.memory = u.memory;
      $('no-memory').hidden = true;
      $('memory-step').textContent = 'at step ' + u.sampleStep.toLocaleString('en');
      drawGrid(u.memory);
      showDetails(u.memory);
    } else if (u.noMemory) {
      $('no-memory').hidden = false;
      $('no-memory').textContent = 'No memory to draw: ' + u.noMemory + '.';
    }
    if (u.frame) {
      $('frames').hidden = false;
      $('frame-caption').textContent = u.frame.caption;
      drawFrame('frame-truth', u.frame, u.frame.truth);
      drawFrame('frame-predicted', u.frame, u.frame.predicted);
    }
  }

  const events = new EventSource('/events');
  events.addEventListener('run', event => setUp(JSON.parse(event.data)));
  events.addEventListener('update', event => update(JSON.parse(event.data)));
  events.addEventListener('end', event => {
    const end = JSON.parse(event.data);
    state.ended = true;
    events.close();
    const over = document.createElement('span');
    over.className = 'ended';
    over.textContent = 'the run is over at step ' + end.step.toLocaleString('en') + ': ' + end.summary;
    $('status').replaceChildren(over);
    document.body.dataset.ended = 'true';
    for (const button of document.querySelectorAll('#controls button')) {
      button.disabled = true;
    }
  });
  events.onerror = () => {
    if (!state.ended) {
      $('status').innerHTML = '<span class="lost">no connection to the run (it stopped?); trying again…</span>';
    }
  };
})();

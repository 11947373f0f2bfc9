#include "analyzers/domains/domain-report.h"

#include "analyzers/formats/atomic-file.h"
#include "analyzers/formats/basic-types.h"
#include "analyzers/formats/domain-stats-queries.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ntlab {
namespace fs = std::filesystem;
namespace {

constexpr const char* kStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { border-bottom: 2px solid #36c; margin-top: 2em; } h3 { margin-bottom: .3em; }
table { border-collapse: collapse; margin: .5em 0 1em; }
th, td { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.views { display: flex; flex-wrap: wrap; gap: 2em; }
.view { flex: 1 1 640px; }
svg.chart { border: 1px solid #ddd; background: #fcfcfc; }
.legend span { display: inline-block; margin-right: 1em; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
.empty { color: #777; font-style: italic; }
)css";

// Draws everything from the JSON in #ntlab-data: the HTML holds no table row and no chart.
constexpr const char* kScript = R"js(
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('ntlab-data').textContent);
  var colours = ['#36c', '#dc3912', '#f90', '#109618', '#909', '#0099c6', '#dd4477'];
  var SVG = 'http://www.w3.org/2000/svg';
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }
  function num(n) { return n === null || n === undefined ? '' : Number(n).toLocaleString('en-US'); }
  function time(second) { return new Date(second * 1000).toISOString().replace('.000Z', 'Z'); }
  function name(key, view) { return key === '' ? (view === 'domain' ? '(no domain)' : '(unknown)') : key; }
  function cell(tr, text, cls, value) {
    var td = el('td', cls ? {'class': cls} : {}, text);
    if (value !== undefined) td.setAttribute('data-value', String(value));
    tr.appendChild(td);
  }
  function table(view, headings) {
    var t = el('table', {'data-view': view}), head = el('tr');
    headings.forEach(function (h) { head.appendChild(el('th', h[1] ? {'class': 'num'} : {}, h[0])); });
    t.appendChild(el('thead')).appendChild(head);
    t.appendChild(el('tbody'));
    return t;
  }
  function keyTable(view, top, totalBytes) {
    var t = table(view, [[view], ['bytes', 1], ['share', 1], ['packets', 1], ['sessions', 1], ['seconds active', 1]]);
    top.forEach(function (r) {
      var tr = el('tr', {'class': 'key-row', 'data-key': r[0]});
      cell(tr, name(r[0], view), 'key');
      cell(tr, num(r[1]), 'num bytes', r[1]);
      cell(tr, totalBytes ? (100 * r[1] / totalBytes).toFixed(1) + ' %' : '', 'num share');
      cell(tr, num(r[2]), 'num packets', r[2]);
      cell(tr, num(r[3]), 'num sessions', r[3]);
      cell(tr, num(r[4]), 'num seconds', r[4]);
      t.tBodies[0].appendChild(tr);
    });
    return t;
  }
  // One polyline per key: bytes per bin against time; bins without traffic are zero.
  function chart(view, series, totals) {
    var keys = Object.keys(series), width = 640, height = 200, pad = 40;
    var bins = Math.max(1, Math.ceil(totals.seconds / totals.bin_seconds)), peak = 1;
    keys.forEach(function (k) { series[k].forEach(function (p) { peak = Math.max(peak, p[1]); }); });
    var s = svg('svg', {'data-view': view, 'class': 'chart', width: width, height: height + pad,
                        viewBox: '0 0 ' + width + ' ' + (height + pad)});
    s.appendChild(svg('line', {x1: pad, y1: height, x2: width, y2: height, stroke: '#999'}));
    var label = svg('text', {x: 2, y: 12, 'font-size': 11, 'class': 'peak'});
    label.textContent = num(peak) + ' B / ' + totals.bin_seconds + ' s';
    s.appendChild(label);
    [[pad, totals.first_second], [width - 150, totals.first_second + bins * totals.bin_seconds]].forEach(function (t) {
      var x = svg('text', {x: t[0], y: height + 15, 'font-size': 11});
      x.textContent = time(t[1]);
      s.appendChild(x);
    });
    keys.forEach(function (k, i) {
      var values = new Array(bins).fill(0);
      series[k].forEach(function (p) { if (p[0] < bins) values[p[0]] = p[1]; });
      var points = values.map(function (v, b) {
        var x = pad + (bins === 1 ? 0 : b * (width - pad) / (bins - 1));
        return x.toFixed(1) + ',' + (height - v * (height - 20) / peak).toFixed(1);
      });
      s.appendChild(svg('polyline', {'class': 'series', 'data-key': k, points: points.join(' '), fill: 'none',
                                     stroke: colours[i % colours.length], 'stroke-width': 1.5}));
    });
    var legend = el('div', {'class': 'legend'});
    keys.forEach(function (k, i) {
      var item = el('span', {}, name(k, view));
      item.insertBefore(el('i', {style: 'background:' + colours[i % colours.length]}), item.firstChild);
      legend.appendChild(item);
    });
    var box = el('div');
    box.appendChild(s);
    box.appendChild(legend);
    return box;
  }
  function keyView(run, view) {
    var v = run.views.views[view], box = el('div', {'class': 'view', 'data-view': view});
    box.appendChild(el('h3', {}, 'Traffic per ' + view));
    if (!v.top.length) {
      box.appendChild(el('p', {'class': 'empty'}, 'No per-' + view + ' traffic in this store' +
        (view === 'process' || view === 'user' ? ' (the device view: ntlab domains --socket-log)' : '') + '.'));
      return box;
    }
    box.appendChild(chart(view, v.series, run.views.totals));
    var t = keyTable(view, v.top, run.views.totals.bytes);
    box.appendChild(t);
    if (view === 'user' && run.metrics && run.metrics.user_bytes) userTruth(box, t, run.metrics);
    return box;
  }
  // The per-user view beside the simulator's owners (metrics.json of a graded run): the truth's
  // bytes per user as a column, users only the truth has as rows, and the share of flows right.
  function userTruth(box, t, m) {
    var truth = m.user_bytes, seen = {};
    t.tHead.rows[0].appendChild(el('th', {'class': 'num'}, 'truth bytes'));
    Array.prototype.forEach.call(t.tBodies[0].rows, function (tr) {
      var key = tr.getAttribute('data-key'), b = truth[key] ? truth[key].truth_bytes : 0;
      seen[key] = true;
      cell(tr, num(b), 'num truth-bytes', b);
    });
    Object.keys(truth).sort().forEach(function (key) {
      if (seen[key]) return;
      var tr = el('tr', {'class': 'key-row truth-only', 'data-key': key});
      cell(tr, key, 'key');
      cell(tr, '0', 'num bytes', 0);
      for (var i = 0; i < 4; ++i) cell(tr, '', 'num');
      cell(tr, num(truth[key].truth_bytes), 'num truth-bytes', truth[key].truth_bytes);
      t.tBodies[0].appendChild(tr);
    });
    var pct = function (r) { return r === null ? 'n/a' : (100 * r).toFixed(1) + ' %'; };
    box.appendChild(el('p', {'class': 'user-grade', 'data-value': m.user_accuracy},
      'Right user for ' + pct(m.user_accuracy) + ' of ' + num(m.user_flows_graded) + ' graded flows (' +
      pct(m.user_byte_accuracy) + ' of their bytes; ' + num(m.user_bytes_unattributed) +
      ' bytes without a user), against the simulator\'s process owners: predicted.'));
  }
  function recentView(run) {
    var box = el('div', {'class': 'view', 'data-view': 'recent'}), t = run.views.totals;
    box.appendChild(el('h3', {}, 'Real time per service: the last ' + run.views.recent_seconds + ' s up to ' +
                                  time(t.first_second + Math.max(0, t.seconds - 1))));
    var table_ = table('recent', [['domain'], ['bytes', 1], ['bytes/s', 1], ['packets', 1], ['new sessions', 1]]);
    run.views.recent.forEach(function (r) {
      var tr = el('tr', {'class': 'key-row', 'data-key': r[0]});
      cell(tr, name(r[0], 'domain'), 'key');
      cell(tr, num(r[1]), 'num bytes', r[1]);
      cell(tr, num(Math.round(r[1] / run.views.recent_seconds)), 'num rate');
      cell(tr, num(r[2]), 'num packets', r[2]);
      cell(tr, num(r[3]), 'num sessions', r[3]);
      table_.tBodies[0].appendChild(tr);
    });
    box.appendChild(table_);
    return box;
  }
  // History per flow: the largest flows, each with a bar from its first to its last packet.
  function flowView(run) {
    var box = el('div', {'class': 'view', 'data-view': 'flows'}), t = run.views.totals;
    box.appendChild(el('h3', {}, 'History per flow: the ' + run.views.flows.length + ' largest flows'));
    var columns = ['flow_id', 'proto', 'host_ip', 'remote_ip', 'remote_port', 'domain', 'decision', 'sni',
                   'http_host', 'process', 'user', 'cross_check'].filter(function (c) {
      return run.views.flows.length && c in run.views.flows[0];
    });
    var heads = columns.map(function (c) { return [c]; }).concat([['bytes', 1], ['packets', 1], ['start'], ['time line']]);
    var table_ = table('flows', heads), span = Math.max(1, (t.last_us || 0) - (t.first_us || 0));
    run.views.flows.forEach(function (f) {
      var tr = el('tr', {'class': 'flow-row', 'data-flow': f.flow_id});
      columns.forEach(function (c) { cell(tr, f[c] === null ? '' : String(f[c]), c); });
      cell(tr, num(f.bytes), 'num bytes', f.bytes);
      cell(tr, num(f.packets), 'num packets', f.packets);
      cell(tr, time(Math.floor(f.first_us / 1e6)), 'start');
      var bar = svg('svg', {width: 200, height: 10}), x = 200 * (f.first_us - t.first_us) / span;
      bar.appendChild(svg('rect', {x: x.toFixed(1), y: 1, height: 8, fill: '#36c',
                                   width: Math.max(1, 200 * (f.last_us - f.first_us) / span).toFixed(1)}));
      var td = el('td');
      td.appendChild(bar);
      tr.appendChild(td);
      table_.tBodies[0].appendChild(tr);
    });
    box.appendChild(table_);
    return box;
  }
  function metricsView(run) {
    var box = el('div', {'class': 'view', 'data-view': 'metrics'});
    box.appendChild(el('h3', {}, 'Metrics (metrics.json)'));
    var t = table('metrics', [['key'], ['value', 1]]);
    // Scalars, and the scalars of one level of objects (sni.agreement_rate, cross_check.flagged).
    var flat = {};
    Object.keys(run.metrics || {}).forEach(function (k) {
      var v = run.metrics[k];
      if (v === null || typeof v !== 'object') { flat[k] = v; return; }
      if (Array.isArray(v)) return;
      Object.keys(v).forEach(function (sub) {
        if (v[sub] === null || typeof v[sub] !== 'object') flat[k + '.' + sub] = v[sub];
      });
    });
    Object.keys(flat).sort().forEach(function (k) {
      var v = flat[k];
      var tr = el('tr', {'data-key': k});
      cell(tr, k, 'key');
      cell(tr, v === null ? 'n/a' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(4) : String(v), 'num value');
      t.tBodies[0].appendChild(tr);
    });
    box.appendChild(run.metrics ? t : el('p', {'class': 'empty'}, 'No metrics.json beside the database.'));
    return box;
  }
  function summary(run) {
    var t = run.views.totals, dl = el('p', {'class': 'summary'});
    dl.appendChild(el('span', {'class': 'flows', 'data-value': t.flows}, num(t.flows) + ' flows, '));
    dl.appendChild(el('span', {'class': 'bytes', 'data-value': t.bytes}, num(t.bytes) + ' bytes, '));
    dl.appendChild(el('span', {'class': 'packets', 'data-value': t.packets}, num(t.packets) + ' packets over '));
    dl.appendChild(el('span', {'class': 'seconds', 'data-value': t.seconds},
                      num(t.seconds) + ' s from ' + (t.seconds ? time(t.first_second) : '-')));
    return dl;
  }
  var root = document.getElementById('runs');
  data.runs.forEach(function (run) {
    var section = el('section', {'class': 'run', 'data-run': run.name});
    section.appendChild(el('h2', {}, 'Run ' + run.name));
    section.appendChild(summary(run));
    var views = el('div', {'class': 'views'});
    ['domain', 'process', 'user', 'host'].forEach(function (v) { views.appendChild(keyView(run, v)); });
    views.appendChild(recentView(run));
    views.appendChild(metricsView(run));
    section.appendChild(views);
    section.appendChild(flowView(run));
    root.appendChild(section);
  });
  document.body.setAttribute('data-rendered', data.runs.length);
})();
)js";

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// JSON inside <script>: '<' appears only inside strings, where \u003c means the same, so no
// "</script>" in a domain name or SNI can end the element.
std::string JsonForScript(const nlohmann::json& data) {
  std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), out;
  out.reserve(text.size());
  for (char c : text) out += c == '<' ? std::string("\\u003c") : std::string(1, c);
  return out;
}

nlohmann::json ReadMetrics(const fs::path& path) {
  if (!fs::is_regular_file(path)) return nullptr;
  std::ifstream in(path);
  nlohmann::json metrics = nlohmann::json::parse(in, nullptr, false);
  if (metrics.is_discarded() || !metrics.is_object()) throw InputError(path.string() + ": not a JSON object");
  return metrics;
}

}  // namespace

std::vector<std::string> FindStatsDatabases(const std::string& dir) {
  if (!fs::is_directory(dir)) throw InputError(dir + ": not a folder (ntlab report wants a run or experiment folder)");
  if (fs::is_regular_file(fs::path(dir) / "stats.sqlite")) return {(fs::path(dir) / "stats.sqlite").string()};
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied))
    if (entry.is_regular_file() && entry.path().filename() == "stats.sqlite") found.push_back(entry.path().string());
  if (found.empty())
    throw InputError(dir + ": no stats.sqlite in it or below (written by `ntlab domains`, or a run with domains)");
  std::sort(found.begin(), found.end());
  return found;
}

std::string RenderDomainReport(const std::vector<ReportRun>& runs, const std::string& title) {
  nlohmann::json data{{"runs", nlohmann::json::array()}};
  for (const auto& run : runs) data["runs"].push_back({{"name", run.name}, {"views", run.views}, {"metrics", run.metrics}});
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>ntlab report: " +
                     EscapeHtml(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
  page += "<h1>ntlab report: " + EscapeHtml(title) + "</h1>\n";
  page += "<p>Paper 000's views of " + std::to_string(runs.size()) +
          " statistics store(s): traffic per domain, process, user and host over time, the real-time "
          "per-service view and the history of the largest flows.</p>\n";
  page += "<noscript><p>The tables and charts are drawn by this page's script: enable JavaScript.</p></noscript>\n";
  page += "<div id=\"runs\"></div>\n<script type=\"application/json\" id=\"ntlab-data\">" + JsonForScript(data) +
          "</script>\n<script>" + kScript + "</script>\n</body>\n</html>\n";
  return page;
}

ReportResult WriteDomainReport(const std::string& dir, const std::string& out) {
  std::vector<ReportRun> runs;
  for (const std::string& db : FindStatsDatabases(dir)) {
    const fs::path folder = fs::path(db).parent_path();
    runs.push_back({fs::relative(folder, dir).lexically_normal().string(), ReadDomainStatsViews(db),
                    ReadMetrics(folder / "metrics.json")});
  }
  ReportResult result{out.empty() ? (fs::path(dir) / "report.html").string() : out, runs.size()};
  fs::path name = fs::path(dir).lexically_normal();
  if (!name.has_filename()) name = name.parent_path();  // "runs/x/" names x
  WriteFileAtomically(result.page_path, RenderDomainReport(runs, name.filename().string()));
  return result;
}

}  // namespace ntlab

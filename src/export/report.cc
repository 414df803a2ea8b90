// The HTML report (export --format html): one self-contained file with a timeline chart
// (QuadClass counts and mean Goldstein per period) and an actor network (node size by degree,
// edge colour by mean Goldstein) that the reader can drag, zoom and hover. Everything is
// inline SVG plus a little vanilla JS and CSS: no library, no network access. The layout is
// computed here so that the same graph always gives the same bytes.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "entente/export.h"

namespace entente {

namespace {

// Fixed-point text of v with `digits` decimals; locale-free ("-0.00" is written "0.00").
std::string fx(double v, int digits = 1) {
  if (!std::isfinite(v)) v = 0;
  char b[64];
  auto r = std::to_chars(b, b + sizeof b, v, std::chars_format::fixed, digits);
  std::string s(b, r.ptr);
  if (s.find_first_not_of("-0.") == std::string::npos && s[0] == '-') s.erase(0, 1);
  return s;
}

// Diverging colour for a Goldstein score: red (-10), grey (0), blue (+10).
std::string goldstein_colour(double g) {
  const double t = std::clamp(g / 10.0, -1.0, 1.0);
  const std::array<double, 3> grey = {187, 187, 187}, red = {215, 48, 39}, blue = {33, 102, 172};
  const auto& end = t < 0 ? red : blue;
  const double w = std::fabs(t);
  char b[8];
  int rgb[3];
  for (size_t i = 0; i < 3; ++i)
    rgb[i] = static_cast<int>(std::lround(grey[i] + (end[i] - grey[i]) * w));
  std::snprintf(b, sizeof b, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
  return b;
}

const char* type_colour(const std::string& type) {
  if (type == "country") return "#4e79a7";
  if (type == "domestic") return "#59a14f";
  if (type == "igo") return "#f28e2b";
  if (type == "ngo") return "#b07aa1";
  return "#9c9c9c";
}

constexpr const char* kQuadName[4] = {"verbal cooperation", "material cooperation",
                                      "verbal conflict", "material conflict"};
constexpr const char* kQuadColour[4] = {"#9ecae1", "#2171b5", "#fdae6b", "#d94801"};

// ---- the network ----
struct NetNode {
  ActorId actor{};
  int64_t events = 0;
  int64_t degree = 0;
  double x = 0, y = 0;
};
struct NetEdge {
  size_t a = 0, b = 0;     // node indexes, a < b
  int64_t ab = 0, ba = 0;  // events a -> b, b -> a
  double sum = 0;          // Goldstein sum over both directions
};
struct Network {
  std::vector<NetNode> nodes;
  std::vector<NetEdge> edges;
  size_t dropped = 0;  // actors left out over max_nodes
};

Network build_network(const KnowledgeGraph& g, const ExportOptions& o) {
  const size_t n = g.actor_count();
  std::vector<ActorId> start = o.focus;
  start.insert(start.end(), o.partner.begin(), o.partner.end());
  std::vector<uint8_t> allowed(n, start.empty() ? 1 : 0), pinned(n, 0);
  for (ActorId a : start) allowed[index_of(a)] = pinned[index_of(a)] = 1;
  if (!start.empty())
    for (const Neighbor& nb : neighbors(g, start, std::max(1, o.depth), o.filter))
      allowed[index_of(nb.actor)] = 1;
  // Undirected pairs with their events, in (smaller actor, larger actor) order.
  struct Pair {
    int64_t ab = 0, ba = 0;
    double sum = 0;
  };
  std::map<std::pair<uint32_t, uint32_t>, Pair> pairs;
  std::vector<int64_t> events(n, 0);
  const bool no_filter = o.filter.is_empty();
  for (uint32_t d = 0; d < g.dyad_count(); ++d) {
    const Dyad& dy = g.dyad(DyadId{d});
    const uint32_t s = index_of(dy.source), t = index_of(dy.target);
    if (!allowed[s] || !allowed[t]) continue;
    int64_t count = 0;
    double sum = 0;
    for (EventId id : dy.events) {
      const GraphEvent& e = g.event(id);
      if (!no_filter && !o.filter.accepts(e)) continue;
      ++count;
      sum += e.goldstein;
    }
    if (count == 0) continue;
    events[s] += count;
    if (t != s) events[t] += count;
    if (s == t) continue;  // self-loops count as events but are not drawn
    Pair& p = pairs[{std::min(s, t), std::max(s, t)}];
    (s < t ? p.ab : p.ba) += count;
    p.sum += sum;
  }
  std::vector<int64_t> degree(n, 0);
  for (const auto& [k, p] : pairs) {
    ++degree[k.first];
    ++degree[k.second];
  }
  // Candidates: actors with an event (plus the pinned ones), pinned first, then by degree,
  // events, code (actor ids are in code order).
  std::vector<uint32_t> cand;
  for (uint32_t i = 0; i < n; ++i)
    if (allowed[i] && (events[i] > 0 || pinned[i])) cand.push_back(i);
  std::sort(cand.begin(), cand.end(), [&](uint32_t x, uint32_t y) {
    if (pinned[x] != pinned[y]) return pinned[x] > pinned[y];
    if (degree[x] != degree[y]) return degree[x] > degree[y];
    if (events[x] != events[y]) return events[x] > events[y];
    return x < y;
  });
  Network net;
  const size_t keep = std::min(cand.size(), std::max<size_t>(o.max_nodes, 1));
  net.dropped = cand.size() - keep;
  cand.resize(keep);
  std::sort(cand.begin(), cand.end());
  std::vector<size_t> slot(n, SIZE_MAX);
  for (uint32_t i : cand) {
    slot[i] = net.nodes.size();
    net.nodes.push_back({ActorId{i}, events[i], 0, 0, 0});
  }
  for (const auto& [k, p] : pairs) {
    if (slot[k.first] == SIZE_MAX || slot[k.second] == SIZE_MAX) continue;
    net.edges.push_back({slot[k.first], slot[k.second], p.ab, p.ba, p.sum});
    ++net.nodes[slot[k.first]].degree;
    ++net.nodes[slot[k.second]].degree;
  }
  return net;
}

// Fruchterman-Reingold from a circle in code order, fixed iterations, then scaled into the
// drawing area: deterministic.
void layout(Network& net, double width, double height, double margin) {
  const size_t n = net.nodes.size();
  if (n == 0) return;
  constexpr double kPi = 3.14159265358979323846;
  for (size_t i = 0; i < n; ++i) {
    const double a = 2 * kPi * static_cast<double>(i) / static_cast<double>(n);
    // A slight spiral so that symmetric graphs do not stay stuck on the circle.
    const double r = 0.35 + 0.1 * static_cast<double>(i % 7) / 7.0;
    net.nodes[i].x = width / 2 + r * width * std::cos(a);
    net.nodes[i].y = height / 2 + r * height * std::sin(a);
  }
  const double k = 0.8 * std::sqrt(width * height / static_cast<double>(n));
  const int iterations = n > 400 ? 120 : 300;
  std::vector<double> dx(n), dy(n);
  for (int it = 0; it < iterations; ++it) {
    std::fill(dx.begin(), dx.end(), 0.0);
    std::fill(dy.begin(), dy.end(), 0.0);
    for (size_t i = 0; i < n; ++i)
      for (size_t j = i + 1; j < n; ++j) {
        const double ux = net.nodes[i].x - net.nodes[j].x, uy = net.nodes[i].y - net.nodes[j].y;
        const double d = std::max(0.01, std::sqrt(ux * ux + uy * uy));
        const double f = k * k / d / d;
        dx[i] += ux * f;
        dy[i] += uy * f;
        dx[j] -= ux * f;
        dy[j] -= uy * f;
      }
    for (const NetEdge& e : net.edges) {
      const double ux = net.nodes[e.a].x - net.nodes[e.b].x,
                   uy = net.nodes[e.a].y - net.nodes[e.b].y;
      const double d = std::max(0.01, std::sqrt(ux * ux + uy * uy));
      const double f = d / k;
      dx[e.a] -= ux * f;
      dy[e.a] -= uy * f;
      dx[e.b] += ux * f;
      dy[e.b] += uy * f;
    }
    const double temp = (width / 8) * (1.0 - static_cast<double>(it) / iterations) + 0.5;
    for (size_t i = 0; i < n; ++i) {
      // Gravity keeps the components together.
      dx[i] -= (net.nodes[i].x - width / 2) * 0.02 * k / 10;
      dy[i] -= (net.nodes[i].y - height / 2) * 0.02 * k / 10;
      const double len = std::max(0.01, std::sqrt(dx[i] * dx[i] + dy[i] * dy[i]));
      const double step = std::min(len, temp);
      net.nodes[i].x += dx[i] / len * step;
      net.nodes[i].y += dy[i] / len * step;
    }
  }
  double minx = net.nodes[0].x, maxx = minx, miny = net.nodes[0].y, maxy = miny;
  for (const NetNode& v : net.nodes) {
    minx = std::min(minx, v.x);
    maxx = std::max(maxx, v.x);
    miny = std::min(miny, v.y);
    maxy = std::max(maxy, v.y);
  }
  const double sx = maxx - minx > 1e-9 ? (width - 2 * margin) / (maxx - minx) : 0;
  const double sy = maxy - miny > 1e-9 ? (height - 2 * margin) / (maxy - miny) : 0;
  for (NetNode& v : net.nodes) {
    v.x = sx > 0 ? margin + (v.x - minx) * sx : width / 2;
    v.y = sy > 0 ? margin + (v.y - miny) * sy : height / 2;
  }
}

// Radius by degree, relative to the largest degree so that dense networks stay readable.
double node_radius(int64_t degree, int64_t max_degree) {
  const double m = static_cast<double>(std::max<int64_t>(max_degree, 4));
  return 4.0 + 14.0 * std::sqrt(static_cast<double>(degree) / m);
}

std::string network_svg(const KnowledgeGraph& g, const Network& net) {
  const double w = 960, h = 640;
  std::string s =
      "<svg id=\"network\" class=\"network\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
      "960 640\" "
      "width=\"960\" height=\"640\" role=\"img\" aria-label=\"actor network\">\n"
      "<rect class=\"bg\" width=\"960\" height=\"640\" fill=\"#fbfbfb\"/>\n"
      "<g id=\"viewport\">\n<g class=\"edges\" stroke-opacity=\"" +
      fx(net.edges.size() > 1000  ? 0.3
         : net.edges.size() > 300 ? 0.5
                                  : 0.8,
         2) +
      "\">\n";
  (void)w;
  (void)h;
  int64_t max_degree = 0;
  for (const NetNode& v : net.nodes) max_degree = std::max(max_degree, v.degree);
  for (const NetEdge& e : net.edges) {
    const NetNode& a = net.nodes[e.a];
    const NetNode& b = net.nodes[e.b];
    const int64_t count = e.ab + e.ba;
    const double mean = e.sum / static_cast<double>(count);
    const std::string ca = g.actor(a.actor).code, cb = g.actor(b.actor).code;
    const std::string tip = ca + " \xE2\x86\x92 " + cb + ": " + std::to_string(e.ab) + " events\n" +
                            cb + " \xE2\x86\x92 " + ca + ": " + std::to_string(e.ba) +
                            " events\nmean Goldstein " + fx(mean, 2);
    s += "<line class=\"edge\" data-s=\"" + std::to_string(e.a) + "\" data-t=\"" +
         std::to_string(e.b) + "\" x1=\"" + fx(a.x) + "\" y1=\"" + fx(a.y) + "\" x2=\"" + fx(b.x) +
         "\" y2=\"" + fx(b.y) + "\" stroke=\"" + goldstein_colour(mean) + "\" stroke-width=\"" +
         fx(0.8 + std::min(5.0, std::log2(static_cast<double>(count))), 2) + "\" data-tip=\"" +
         xml_escape(tip) + "\"/>\n";
  }
  s += "</g>\n<g class=\"nodes\">\n";
  // Labels for every node of a small network, else for the 40 highest degrees.
  std::vector<int64_t> degrees;
  for (const NetNode& v : net.nodes) degrees.push_back(v.degree);
  std::sort(degrees.rbegin(), degrees.rend());
  const int64_t label_min = net.nodes.size() <= 60 ? INT64_MIN : degrees[39];
  for (size_t i = 0; i < net.nodes.size(); ++i) {
    const NetNode& v = net.nodes[i];
    const GraphActor& a = g.actor(v.actor);
    const double r = node_radius(v.degree, max_degree);
    const std::string tip = a.code + (a.name.empty() ? std::string() : " \xE2\x80\x94 " + a.name) +
                            "\ndegree " + std::to_string(v.degree) + ", " +
                            std::to_string(v.events) + " events" +
                            (a.type.empty() ? std::string() : "\ntype " + a.type);
    s += "<g class=\"node\" data-i=\"" + std::to_string(i) + "\" data-code=\"" +
         xml_escape(a.code) + "\" transform=\"translate(" + fx(v.x) + "," + fx(v.y) +
         ")\" data-tip=\"" + xml_escape(tip) + "\"><circle r=\"" + fx(r) + "\" fill=\"" +
         type_colour(a.type) + "\"/>";
    if (v.degree >= label_min)
      s += "<text x=\"" + fx(r + 3) + "\" y=\"4\">" + xml_escape(a.code) + "</text>";
    s += "</g>\n";
  }
  s += "</g>\n</g>\n</svg>\n";
  return s;
}

// ---- the timeline chart ----
std::string timeline_chart(const Timeline& t) {
  const double width = 960, height = 400, left = 56, right = 56, top = 24, bottom = 64;
  const double pw = width - left - right, ph = height - top - bottom, mid = top + ph / 2;
  const size_t n = t.buckets.size();
  int64_t max_side = 1;
  for (const auto& b : t.buckets)
    max_side = std::max({max_side, b.quad[0] + b.quad[1], b.quad[2] + b.quad[3]});
  const double scale = (ph / 2) / static_cast<double>(max_side);
  const double bw = n ? pw / static_cast<double>(n) : pw;
  std::string s =
      "<svg id=\"timeline\" class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
      "960 400\" "
      "width=\"960\" height=\"400\" role=\"img\" aria-label=\"timeline chart\">\n"
      "<rect width=\"960\" height=\"400\" fill=\"white\"/>\n";
  // Grid: counts on the left, Goldstein on the right.
  for (int k = -2; k <= 2; ++k) {
    const double y = mid - static_cast<double>(k) * ph / 4;
    s += "<line class=\"grid\" x1=\"" + fx(left) + "\" x2=\"" + fx(width - right) + "\" y1=\"" +
         fx(y) + "\" y2=\"" + fx(y) + "\" stroke=\"" + (k == 0 ? "#444" : "#e4e4e4") + "\"/>";
    const double c = static_cast<double>(max_side) * std::abs(k) / 2.0;
    s += "<text class=\"axis\" x=\"" + fx(left - 6) + "\" y=\"" + fx(y + 4) +
         "\" text-anchor=\"end\">" + fx(c, c == std::floor(c) ? 0 : 1) + "</text>";
    s += "<text class=\"axis\" x=\"" + fx(width - right + 6) + "\" y=\"" + fx(y + 4) + "\">" +
         (k > 0 ? "+" : "") + std::to_string(5 * k) + "</text>\n";
  }
  s += "<text class=\"axis\" transform=\"translate(14," + fx(mid) +
       ") rotate(-90)\" text-anchor=\"middle\">events (cooperation up, conflict down)</text>\n"
       "<text class=\"axis\" transform=\"translate(946," +
       fx(mid) + ") rotate(90)\" text-anchor=\"middle\">mean Goldstein</text>\n";
  std::string line, dots;
  bool gap = true;  // the Goldstein line breaks over empty periods
  const size_t label_every = std::max<size_t>(1, (n + 11) / 12);
  for (size_t i = 0; i < n; ++i) {
    const auto& b = t.buckets[i];
    const double x = left + bw * static_cast<double>(i);
    std::string tip = b.period + ": " + std::to_string(b.count) + " events";
    for (size_t q = 0; q < 4; ++q)
      tip += "\n" + std::string(kQuadName[q]) + " " + std::to_string(b.quad[q]);
    tip += "\nmean Goldstein " + fx(b.goldstein_mean, 2);
    s += "<g class=\"bucket\" data-tip=\"" + xml_escape(tip) + "\">";
    s += "<rect class=\"hit\" x=\"" + fx(x, 2) + "\" y=\"" + fx(top) + "\" width=\"" + fx(bw, 2) +
         "\" height=\"" + fx(ph) + "\" fill=\"transparent\"/>";
    // Cooperation stacks up from the axis (verbal nearest), conflict down.
    double up = mid, down = mid;
    for (size_t q = 0; q < 4; ++q) {
      if (b.quad[q] == 0) continue;
      const double hgt = static_cast<double>(b.quad[q]) * scale;
      double y;
      if (q < 2) {
        up -= hgt;
        y = up;
      } else {
        y = down;
        down += hgt;
      }
      const double barw = std::clamp(bw * 0.8, 0.5, 48.0);
      s += "<rect class=\"bar q" + std::to_string(q + 1) + "\" x=\"" + fx(x + (bw - barw) / 2, 2) +
           "\" y=\"" + fx(y, 2) + "\" width=\"" + fx(barw, 2) + "\" height=\"" + fx(hgt, 2) +
           "\" fill=\"" + kQuadColour[q] + "\"/>";
    }
    s += "</g>\n";
    if (b.count > 0) {
      const double gy = mid - b.goldstein_mean / 10.0 * (ph / 2);
      line += (line.empty() ? "" : " ") + std::string(gap ? "M" : "L") + fx(x + bw / 2, 2) + "," +
              fx(gy, 2);
      dots += "<circle cx=\"" + fx(x + bw / 2, 2) + "\" cy=\"" + fx(gy, 2) + "\" r=\"2\"/>";
      gap = false;
    } else {
      gap = true;
    }
    if (i % label_every == 0)
      s += "<text class=\"axis\" x=\"" + fx(x + bw / 2, 2) + "\" y=\"" + fx(top + ph + 16) +
           "\" text-anchor=\"middle\">" + xml_escape(b.period) + "</text>\n";
  }
  if (!line.empty())
    s += "<path class=\"goldstein\" d=\"" + line +
         "\" fill=\"none\" stroke=\"#222\" stroke-width=\"1.5\"/>\n<g class=\"goldstein-points\" "
         "fill=\"#222\" pointer-events=\"none\">" +
         dots + "</g>\n";
  if (n == 0)
    s +=
        "<text x=\"480\" y=\"" + fx(mid - 8) + "\" text-anchor=\"middle\">no dated events</text>\n";
  double lx = left;
  for (size_t q = 0; q < 4; ++q) {
    s += "<rect x=\"" + fx(lx) + "\" y=\"" + fx(height - 24) +
         "\" width=\"12\" height=\"12\" fill=\"" + kQuadColour[q] + "\"/><text x=\"" + fx(lx + 16) +
         "\" y=\"" + fx(height - 14) + "\">Q" + std::to_string(q + 1) + " " + kQuadName[q] +
         "</text>";
    lx += 170;
  }
  s += "<line x1=\"" + fx(lx) + "\" x2=\"" + fx(lx + 18) + "\" y1=\"" + fx(height - 18) +
       "\" y2=\"" + fx(height - 18) + "\" stroke=\"#222\" stroke-width=\"1.5\"/><text x=\"" +
       fx(lx + 22) + "\" y=\"" + fx(height - 14) + "\">mean Goldstein</text>\n</svg>\n";
  return s;
}

constexpr const char* kStyle = R"CSS(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px}
.meta{color:#555;font-size:13px;margin-bottom:8px}
svg{max-width:100%;height:auto;border:1px solid #ddd;border-radius:4px;font-size:11px}
svg text{fill:#333;font-family:inherit}
.network{cursor:grab;touch-action:none}.network.panning{cursor:grabbing}
.node{cursor:pointer}.node circle{stroke:#fff;stroke-width:1.5}
.node text{font-size:10px;pointer-events:none;paint-order:stroke;stroke:#fbfbfb;stroke-width:3px}
.node.hover circle{stroke:#222}.edge.hover{stroke-opacity:1;stroke:#000}
.bucket:hover .bar{opacity:.8}
#tip{position:fixed;pointer-events:none;background:rgba(30,30,30,.92);color:#fff;padding:6px 8px;
border-radius:4px;font-size:12px;white-space:pre;display:none;z-index:10;max-width:420px}
.legend{font-size:12px;color:#444;margin:6px 0}.legend span{display:inline-block;vertical-align:middle}
.swatch{width:12px;height:12px;border-radius:6px;margin:0 4px 0 12px}
.ramp{width:160px;height:10px;margin:0 6px;background:linear-gradient(90deg,#d73027,#bbbbbb,#2166ac)}
button{font:inherit;font-size:12px;margin-left:12px}
table{border-collapse:collapse;font-size:13px}td,th{padding:2px 10px;text-align:left;border-bottom:1px solid #eee}
)CSS";

// Tooltips for every [data-tip]; node dragging; wheel zoom and background panning.
constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  var tip = document.getElementById('tip');
  function showTip(ev, text) {
    tip.textContent = text;
    tip.style.display = 'block';
    var x = ev.clientX + 14, y = ev.clientY + 14;
    if (x + tip.offsetWidth > window.innerWidth) x = ev.clientX - tip.offsetWidth - 14;
    if (y + tip.offsetHeight > window.innerHeight) y = ev.clientY - tip.offsetHeight - 14;
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTip() { tip.style.display = 'none'; }
  document.querySelectorAll('[data-tip]').forEach(function (el) {
    el.addEventListener('pointermove', function (ev) { showTip(ev, el.getAttribute('data-tip')); });
    el.addEventListener('pointerenter', function () { el.classList.add('hover'); });
    el.addEventListener('pointerleave', function () { el.classList.remove('hover'); hideTip(); });
  });

  var svg = document.getElementById('network');
  if (!svg) return;
  var view = document.getElementById('viewport');
  var nodes = Array.prototype.slice.call(svg.querySelectorAll('.node'));
  var pos = nodes.map(function (g) {
    var m = /translate\(([-0-9.e]+),([-0-9.e]+)\)/.exec(g.getAttribute('transform'));
    return { x: parseFloat(m[1]), y: parseFloat(m[2]) };
  });
  var touching = nodes.map(function () { return []; });
  Array.prototype.forEach.call(svg.querySelectorAll('.edge'), function (line) {
    touching[+line.getAttribute('data-s')].push([line, 1]);
    touching[+line.getAttribute('data-t')].push([line, 2]);
  });
  var zoom = { k: 1, x: 0, y: 0 };
  function applyZoom() {
    view.setAttribute('transform', 'translate(' + zoom.x + ',' + zoom.y + ') scale(' + zoom.k + ')');
  }
  // Pointer position in the SVG's own coordinates (before the zoom transform).
  function svgPoint(ev) {
    var p = svg.createSVGPoint();
    p.x = ev.clientX;
    p.y = ev.clientY;
    var ctm = svg.getScreenCTM();
    return ctm ? p.matrixTransform(ctm.inverse()) : p;
  }
  function moveNode(i, x, y) {
    pos[i].x = x;
    pos[i].y = y;
    nodes[i].setAttribute('transform', 'translate(' + x.toFixed(1) + ',' + y.toFixed(1) + ')');
    touching[i].forEach(function (t) {
      t[0].setAttribute('x' + t[1], x.toFixed(1));
      t[0].setAttribute('y' + t[1], y.toFixed(1));
    });
  }
  var drag = null;
  svg.addEventListener('pointerdown', function (ev) {
    var g = ev.target.closest ? ev.target.closest('.node') : null;
    var p = svgPoint(ev);
    if (g) {
      drag = { node: +g.getAttribute('data-i') };
    } else {
      drag = { pan: true, x: p.x - zoom.x, y: p.y - zoom.y };
      svg.classList.add('panning');
    }
    try { svg.setPointerCapture(ev.pointerId); } catch (e) { /* synthetic or finished pointer */ }
    ev.preventDefault();
  });
  svg.addEventListener('pointermove', function (ev) {
    if (!drag) return;
    var p = svgPoint(ev);
    if (drag.pan) {
      zoom.x = p.x - drag.x;
      zoom.y = p.y - drag.y;
      applyZoom();
    } else {
      moveNode(drag.node, (p.x - zoom.x) / zoom.k, (p.y - zoom.y) / zoom.k);
    }
  });
  function endDrag() { drag = null; svg.classList.remove('panning'); }
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);
  svg.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var p = svgPoint(ev);
    var k = Math.min(12, Math.max(0.2, zoom.k * Math.exp(-ev.deltaY * 0.0015)));
    zoom.x = p.x - (p.x - zoom.x) * k / zoom.k;
    zoom.y = p.y - (p.y - zoom.y) * k / zoom.k;
    zoom.k = k;
    applyZoom();
  }, { passive: false });
  var reset = document.getElementById('reset');
  var start = pos.map(function (p) { return { x: p.x, y: p.y }; });
  if (reset) reset.addEventListener('click', function () {
    zoom = { k: 1, x: 0, y: 0 };
    applyZoom();
    start.forEach(function (p, i) { moveNode(i, p.x, p.y); });
  });
  // With #selftest in the address (the browser test), drive the page once: drag the first
  // node, zoom with the wheel, hover a node; report what changed in body[data-selftest].
  if (location.hash === '#selftest' && nodes.length) {
    var circle = nodes[0].querySelector('circle');
    var box = circle.getBoundingClientRect();
    var cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    var before = nodes[0].getAttribute('transform');
    var opts = function (x, y) { return { bubbles: true, cancelable: true, clientX: x, clientY: y, pointerId: 7 }; };
    circle.dispatchEvent(new PointerEvent('pointerdown', opts(cx, cy)));
    svg.dispatchEvent(new PointerEvent('pointermove', opts(cx + 40, cy + 30)));
    svg.dispatchEvent(new PointerEvent('pointerup', opts(cx + 40, cy + 30)));
    var done = [];
    if (nodes[0].getAttribute('transform') !== before) done.push('drag');
    var line = touching[0].length ? touching[0][0][0] : null;
    if (line && line.getAttribute('x' + touching[0][0][1]) === pos[0].x.toFixed(1)) done.push('edges');
    svg.dispatchEvent(new WheelEvent('wheel', { bubbles: true, cancelable: true, deltaY: -300, clientX: cx, clientY: cy }));
    if (zoom.k > 1 && /scale\(/.test(view.getAttribute('transform') || '')) done.push('zoom');
    nodes[0].dispatchEvent(new PointerEvent('pointermove', opts(cx, cy)));
    if (tip.style.display === 'block' && tip.textContent.length > 0) done.push('tooltip');
    hideTip();
    document.body.setAttribute('data-selftest', done.join(' '));
  }
  document.body.setAttribute('data-ready', String(nodes.length));
})();
)JS";

// Records script errors in the page itself, so that a headless check can read them back.
constexpr const char* kErrorTrap =
    "window.addEventListener('error',function(e){var b=document.documentElement;"
    "b.setAttribute('data-errors',(b.getAttribute('data-errors')||'')+(e.message||'error')+';');})"
    ";";

std::string actors_title(const KnowledgeGraph& g, const std::vector<ActorId>& ids) {
  std::string s;
  for (size_t i = 0; i < ids.size() && i < 4; ++i) s += (i ? ", " : "") + g.actor(ids[i]).code;
  if (ids.size() > 4) s += ", +" + std::to_string(ids.size() - 4);
  return s;
}

}  // namespace

Result<void> write_html_report(const KnowledgeGraph& g, const ExportOptions& o, std::ostream& out) {
  // The timeline: the focus, the dyad focus-partner, or every event.
  TimelineOptions topt;
  topt.by = o.by;
  topt.filter = o.filter;
  std::vector<ActorId> a = o.focus;
  if (a.empty()) {
    // Every event: the timeline of every actor as sources.
    for (uint32_t i = 0; i < g.actor_count(); ++i) a.push_back(ActorId{i});
  }
  const bool dyad = !o.focus.empty() && !o.partner.empty();
  Timeline t = timeline(g, a, dyad ? &o.partner : nullptr, topt);
  // A few far-off dates (a historical mention, a misread year) would stretch the chart over
  // centuries: without --from/--to, the chart leaves out the earliest and latest 1 % of the
  // dated events and says so. The event count above the chart stays the full one.
  const size_t all_events = t.events.size();
  size_t outside = 0;
  if (!o.filter.from && !o.filter.to) {
    std::vector<int32_t> days;
    for (EventId id : t.events)
      if (g.event(id).day_begin != kUndated) days.push_back(g.event(id).day_begin);
    std::sort(days.begin(), days.end());
    const size_t cut = days.size() / 100;
    if (cut > 0 && (days[cut] != days.front() || days[days.size() - 1 - cut] != days.back())) {
      topt.filter.from = CivilDate::from_serial(days[cut]);
      topt.filter.to = CivilDate::from_serial(days[days.size() - 1 - cut]);
      topt.filter.include_undated = true;
      Timeline trimmed = timeline(g, a, dyad ? &o.partner : nullptr, topt);
      int64_t dated_all = static_cast<int64_t>(days.size()), dated_kept = 0;
      for (const auto& bk : trimmed.buckets) dated_kept += bk.count;
      outside = static_cast<size_t>(dated_all - dated_kept);
      t.buckets = std::move(trimmed.buckets);
    }
  }
  std::string subject = o.focus.empty() ? std::string("all actors") : actors_title(g, o.focus);
  if (dyad) subject += " \xE2\x80\x94 " + actors_title(g, o.partner);
  const std::string title = o.title.empty() ? "entente report: " + subject : o.title;

  Network net = build_network(g, o);
  layout(net, 960, 640, 64);

  int64_t dated = 0;
  for (const auto& b : t.buckets) dated += b.count;
  std::string first, last;
  for (const auto& b : t.buckets)
    if (b.count > 0) {
      if (first.empty()) first = b.period;
      last = b.period;
    }

  std::string s;
  s.reserve(64 * 1024);
  s += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       "<meta name=\"generator\" content=\"entente\">\n<title>";
  s += xml_escape(title);
  s += "</title>\n<script>";
  s += kErrorTrap;
  s += "</script>\n<style>";
  s += kStyle;
  s += "</style>\n</head>\n<body>\n<h1>" + xml_escape(title) + "</h1>\n<div class=\"meta\">" +
       std::to_string(all_events) + " events; chart: " + std::to_string(dated) + " dated" +
       (first.empty() ? std::string() : ", " + xml_escape(first) + " to " + xml_escape(last)) +
       ", by " + std::string(period_name(t.by)) +
       (outside > 0 ? " (" + std::to_string(outside) + (outside == 1 ? " event" : " events") +
                          " with far-off dates left out; --from/--to chooses the range)"
                    : std::string()) +
       "</div>\n";
  s += "<h2>Cooperation and conflict over time</h2>\n" + timeline_chart(t);
  s += "<h2>Actor network</h2>\n<div class=\"legend\">" + std::to_string(net.nodes.size()) +
       " actors, " + std::to_string(net.edges.size()) + " linked pairs";
  if (net.dropped > 0)
    s += " (the " + std::to_string(net.dropped) + " actors with the fewest links are left out)";
  s += ". Node size: degree. Edge colour: mean Goldstein <span>-10</span><span "
       "class=\"ramp\"></span>"
       "<span>+10</span>. Drag nodes, scroll to zoom, drag the background to pan."
       "<button id=\"reset\" type=\"button\">reset view</button><br>";
  for (const char* type : {"country", "domestic", "igo", "ngo", "other"})
    s += "<span class=\"swatch\" style=\"background:" + std::string(type_colour(type)) +
         "\"></span><span>" + type + "</span>";
  s += "</div>\n" + network_svg(g, net);
  s += "<div id=\"tip\" role=\"tooltip\"></div>\n<script>";
  s += kScript;
  s += "</script>\n</body>\n</html>\n";
  out.write(s.data(), static_cast<std::streamsize>(s.size()));
  out.flush();
  if (!out) return make_error(Errc::Io, "cannot write the HTML report");
  return {};
}

}  // namespace entente

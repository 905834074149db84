#include "record/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <span>

#include "runner/output.hpp"

namespace cs {

namespace {

enum class Fmt { count, percent, real };

// Where a row's value comes from: an indicator, or something derived from the run.
enum class Src { member, micro_share, entries, exits };

struct Row {
  const char* label;
  const char* unit;
  Fmt fmt;
  double Indicators::*member;
  Src src = Src::member;
};

double share(double a, double b) { return b > 0 ? a / b : std::numeric_limits<double>::quiet_NaN(); }

const Row kRows[] = {
    {"firms", "count", Fmt::count, &Indicators::firms},
    {"micro share", "% of firms", Fmt::percent, nullptr, Src::micro_share},
    {"employment", "workers", Fmt::count, &Indicators::employment},
    {"output", "units/month", Fmt::real, &Indicators::output},
    {"turnover", "₹ lakh/month", Fmt::real, &Indicators::turnover},
    {"mean productivity", "units/worker-month", Fmt::real, &Indicators::prod_mean},
    {"productivity 90/10", "ratio", Fmt::real, &Indicators::prod_p90_p10},
    {"formal credit", "₹ lakh", Fmt::real, &Indicators::credit},
    {"informal credit", "₹ lakh", Fmt::real, &Indicators::informal_credit},
    {"credit-rationed", "% of firms", Fmt::percent, &Indicators::rationed_share},
    {"NPA ratio", "% of credit", Fmt::percent, &Indicators::npa_ratio},
    {"entries (last 12 m)", "% of firms/year", Fmt::percent, nullptr, Src::entries},
    {"exits (last 12 m)", "% of firms/year", Fmt::percent, nullptr, Src::exits},
    {"Gini of employment", "0-1", Fmt::real, &Indicators::gini_employment},
    {"HHI of shares", "0-1", Fmt::real, &Indicators::hhi},
    {"emissions intensity", "tCO2/₹ lakh", Fmt::real, &Indicators::emissions_intensity},
    {"exports", "₹ lakh/month", Fmt::real, &Indicators::exports},
    {"exporters", "count", Fmt::count, &Indicators::exporters},
    {"certified firms", "count", Fmt::count, &Indicators::certified},
    {"consortia", "count", Fmt::count, &Indicators::consortia},
    {"trust links", "count", Fmt::count, &Indicators::links},
    {"BDS providers", "count", Fmt::count, &Indicators::bds_providers},
    {"association members", "count", Fmt::count, &Indicators::association_members},
};

bool is_flow(const Row& r) { return r.src == Src::entries || r.src == Src::exits; }

// entries_yr and exits_yr: entries and exits per firm and year, computed by the caller.
double value(const Row& r, const Indicators& x, double entries_yr, double exits_yr) {
  switch (r.src) {
    case Src::member: return x.*r.member;
    case Src::micro_share: return share(x.micro, x.firms);
    case Src::entries: return entries_yr;
    case Src::exits: return exits_yr;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

std::string fmt_value(Fmt f, double v) {
  if (!std::isfinite(v)) return "-";
  char b[48];
  if (f == Fmt::count) std::snprintf(b, sizeof b, "%.0f", v);
  else if (f == Fmt::percent) std::snprintf(b, sizeof b, "%.1f", 100 * v);
  else if (std::fabs(v) >= 1000) std::snprintf(b, sizeof b, "%.0f", v);
  else std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

std::string fmt_change(Fmt f, double a, double b) {
  if (!std::isfinite(a) || !std::isfinite(b)) return "-";
  char s[48];
  if (f == Fmt::percent) std::snprintf(s, sizeof s, "%+.1f pp", 100 * (b - a));
  else if (a != 0) std::snprintf(s, sizeof s, "%+.1f %%", 100 * (b - a) / std::fabs(a));
  else return "-";
  return s;
}

// Terminal width of UTF-8 text: code points, not bytes ("₹" is three bytes, one column).
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string pad(const std::string& s, std::size_t w, bool right) {
  const std::string fill(w > width(s) ? w - width(s) : 0, ' ');
  return right ? fill + s : s + fill;
}

}  // namespace

std::vector<SummaryGroup> summary_groups(SeriesLevel level, const Params& tables, const World& w) {
  const std::size_t clusters = w.clusters.size();
  std::vector<SummaryGroup> g;
  if (level == SeriesLevel::national) return g;
  if (level == SeriesLevel::cluster) {
    for (std::size_t c = 0; c < clusters; ++c) {
      const std::string& name = w.clusters[c].name;
      g.push_back({clusters > 1 ? "[" + std::to_string(c) + "] " + name : name, c, c + 1});
    }
    return g;
  }
  const std::vector<std::size_t> table = cluster_tables(tables);
  for (std::size_t c = 0; c < clusters && c < table.size(); ++c) {
    if (g.empty() || table[c] != table[g.back().begin]) {
      const std::size_t k = table[c];
      g.push_back({"[" + std::to_string(k) + "] " + tables.clusters[k].name, c, c});
    }
    g.back().end = c + 1;
  }
  for (SummaryGroup& x : g) {
    const std::size_t m = x.end - x.begin;
    x.title += ", " + std::to_string(m) + (m == 1 ? " cluster" : " clusters");
  }
  return g;
}

RunSummary::RunSummary(const World& w, std::vector<SummaryGroup> groups)
    : groups_(std::move(groups)), clusters_(w.indicators.size()), start_step_(w.step), end_step_(w.step) {
  start_ = w.indicators;
  end_ = start_;
}

void RunSummary::record(const World& w) {
  end_ = w.indicators;
  end_.resize(clusters_);
  end_step_ = w.step;
  Flow f;
  for (const Indicators& x : end_) {
    f.entries.push_back(x.entries);
    f.exits.push_back(x.exits);
  }
  last_year_.push_back(std::move(f));
  if (last_year_.size() > 12) last_year_.pop_front();
}

std::string RunSummary::table() const {
  const std::size_t n = clusters_;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Entries and exits per cluster summed over the last (up to) 12 steps.
  std::vector<double> en(n, 0), ex(n, 0);
  for (const Flow& f : last_year_)
    for (std::size_t c = 0; c < n; ++c) {
      en[c] += f.entries[c];
      ex[c] += f.exits[c];
    }
  const double annualise = last_year_.empty() ? nan : 12.0 / double(last_year_.size());

  const std::string h0 = "step " + std::to_string(start_step_), h1 = "step " + std::to_string(end_step_);
  std::size_t wl = 0, wu = 0;
  for (const Row& r : kRows) {
    wl = std::max(wl, width(r.label));
    wu = std::max(wu, width(r.unit));
  }
  const std::size_t wv = std::max<std::size_t>(12, h1.size()), wc = 10;

  std::string out;
  auto block = [&](const std::string& title, const Indicators& a, const Indicators& b, double en_b, double ex_b) {
    out += pad(title, 2 + wl + 2 + wu, false) + "  " + pad(h0, wv, true) + "  " + pad(h1, wv, true) + "  " +
           pad("change", wc, true) + "\n";
    for (const Row& r : kRows) {
      const bool flow = is_flow(r);  // no flows before the first step
      const double va = flow ? nan : value(r, a, nan, nan), vb = value(r, b, en_b, ex_b);
      out += "  " + pad(r.label, wl, false) + "  " + pad(r.unit, wu, false) + "  " +
             pad(fmt_value(r.fmt, va), wv, true) + "  " + pad(fmt_value(r.fmt, vb), wv, true) + "  " +
             pad(flow ? "" : fmt_change(r.fmt, va, vb), wc, true) + "\n";
    }
  };
  // A group's totals (total_indicators; a single cluster as it is) and its entries and exits.
  auto group_block = [&](const std::string& title, std::size_t begin, std::size_t end) {
    const std::span<const Indicators> a(start_.data() + begin, end - begin), b(end_.data() + begin, end - begin);
    const Indicators ta = total_indicators(a), tb = total_indicators(b);
    double en_g = 0, ex_g = 0;
    for (std::size_t c = begin; c < end; ++c) {
      en_g += en[c];
      ex_g += ex[c];
    }
    block(title, ta, tb, share(en_g, tb.firms) * annualise, share(ex_g, tb.firms) * annualise);
  };
  for (std::size_t k = 0; k < groups_.size(); ++k) {
    if (k) out += "\n";
    group_block(groups_[k].title, groups_[k].begin, groups_[k].end);
  }
  if (n > 1 || groups_.empty()) {
    if (!groups_.empty()) out += "\n";
    group_block(n == 1 ? std::string("All clusters") : "All " + std::to_string(n) + " clusters", 0, n);
  }
  return out;
}

}  // namespace cs

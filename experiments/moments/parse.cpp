#include "moments/parse.hpp"

#include <algorithm>
#include <utility>

#include "moments/aggregate.hpp"

namespace cs::moments {

void IssueList::add(const toml::source_region& r, std::string key, std::string msg) {
  list.push_back(ConfigIssue{file, static_cast<int>(r.begin.line), static_cast<int>(r.begin.column), std::move(key),
                             std::move(msg)});
}

void check_keys(IssueList& is, const toml::table& t, const std::string& prefix,
                const std::vector<std::string>& allowed) {
  for (auto&& [k, node] : t) {
    const std::string key(k.str());
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    is.add(k.source(), prefix + key,
           "unknown key '" + key + "'" + (prefix.empty() ? "" : " in " + prefix.substr(0, prefix.size() - 1)) +
               did_you_mean(suggest(key, allowed)));
  }
}

std::optional<double> number(const toml::node& n) {
  if (auto i = n.as_integer()) return static_cast<double>(i->get());
  if (auto f = n.as_floating_point()) return f->get();
  return std::nullopt;
}

namespace {

const std::vector<std::string> kPanels{"p90_p10",        "quantile_ratio", "share",           "exporter_share",
                                       "exporter_premium", "tail_exponent", "growth_sd",       "growth_kurtosis",
                                       "growth_sd_slope", "entry_rate",    "exit_rate",       "survival",
                                       "job_reallocation"};
const std::vector<std::string> kColumns{"employees", "productivity", "turnover", "output"};

/// Reads a table of one moment, recording problems against `prefix`.
class Reader {
 public:
  Reader(IssueList& is, const toml::table& t, std::string prefix, const MomentContext& ctx)
      : is_(is), t_(t), prefix_(std::move(prefix)), ctx_(ctx) {}

  bool ok() const { return ok_; }
  void fail(const toml::node* n, const std::string& key, std::string msg) {
    is_.add(n ? n->source() : t_.source(), prefix_ + key, std::move(msg));
    ok_ = false;
  }
  const toml::node* get(const std::string& key) const { return t_.get(key); }

  /// A month in [lo, steps].
  std::optional<int> month(const toml::node& n, const std::string& key, int lo = 0) {
    const auto* i = n.as_integer();
    if (!i || i->get() < lo || i->get() > ctx_.steps) {
      fail(&n, key, "expected a month in [" + std::to_string(lo) + ", " + std::to_string(ctx_.steps) +
                        "] (the run has " + std::to_string(ctx_.steps) + " months)");
      return std::nullopt;
    }
    return static_cast<int>(i->get());
  }

  /// [t0, t1] with t0 <= t1 (strict when `strict`).
  bool pair(const std::string& key, int& t0, int& t1, bool strict) {
    const toml::node* n = get(key);
    const auto* a = n ? n->as_array() : nullptr;
    if (!a || a->size() != 2) {
      fail(n, key, "expected two months [t0, t1]");
      return false;
    }
    const auto x = month(*a->get(0), key), y = month(*a->get(1), key);
    if (!x || !y) return false;
    if (strict ? !(*x < *y) : !(*x <= *y)) {
      fail(n, key, std::string("expected t0 ") + (strict ? "<" : "<=") + " t1");
      return false;
    }
    t0 = *x;
    t1 = *y;
    return true;
  }

  double real(const std::string& key, double dflt, double lo, double hi) {
    const toml::node* n = get(key);
    if (!n) return dflt;
    const auto v = number(*n);
    if (!v || !(*v >= lo && *v <= hi)) {
      fail(n, key, "expected a number in [" + fmt_double(lo) + ", " + fmt_double(hi) + "]");
      return dflt;
    }
    return *v;
  }

  int integer(const std::string& key, int dflt, int lo, int hi) {
    const toml::node* n = get(key);
    if (!n) return dflt;
    const auto* i = n->as_integer();
    if (!i || i->get() < lo || i->get() > hi) {
      fail(n, key, "expected an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
      return dflt;
    }
    return static_cast<int>(i->get());
  }

  /// An indicator name, with a suggestion when unknown.
  int indicator(const toml::node& n, const std::string& key) {
    const auto* s = n.as_string();
    const int idx = s ? indicator_index(s->get()) : -1;
    if (idx < 0) {
      fail(&n, key, s ? "unknown indicator '" + s->get() + "'" + did_you_mean(suggest(s->get(), indicator_names()))
                      : std::string("expected an indicator name (a string)"));
    }
    return idx;
  }

  /// An indicator that can be totalled when the moment reads all clusters of several.
  void totalled(const toml::node* n, const std::string& key, int field, int cluster) {
    if (field < 0 || cluster >= 0 || ctx_.clusters <= 1) return;
    const std::string name = indicator_fields()[static_cast<std::size_t>(field)].name;
    if (aggregation_of(name).how != Aggregation::sum && aggregation_of(name).how != Aggregation::weighted_mean)
      fail(n, key, "indicator '" + name + "' has no total over the " + std::to_string(ctx_.clusters) +
                       " clusters (a distribution statistic); give cluster = k or use a panel statistic");
  }

  IssueList& issues() { return is_; }
  const MomentContext& ctx() const { return ctx_; }

 private:
  IssueList& is_;
  const toml::table& t_;
  std::string prefix_;
  const MomentContext& ctx_;
  bool ok_ = true;
};

/// at / window / growth of an indicator or ratio moment.
void read_months(Reader& r, Moment& m, bool growth_allowed) {
  const char* keys[] = {"at", "window", "growth"};
  int given = 0;
  for (const char* k : keys) given += r.get(k) != nullptr;
  if (given != 1 || (!growth_allowed && r.get("growth"))) {
    r.fail(nullptr, "at", growth_allowed ? "give exactly one of at = t, window = [t0, t1], growth = [t0, t1]"
                                         : "give exactly one of at = t, window = [t0, t1]");
    return;
  }
  if (const toml::node* n = r.get("at")) {
    m.reading = Reading::at;
    if (const auto t = r.month(*n, "at")) m.t0 = m.t1 = *t;
  } else if (r.get("window")) {
    m.reading = Reading::window;
    r.pair("window", m.t0, m.t1, false);
  } else {
    m.reading = Reading::growth;
    r.pair("growth", m.t0, m.t1, true);
  }
}

void read_panel(Reader& r, Moment& m, const std::string& name) {
  const toml::node* pn = r.get("panel");
  m.panel = name == "p90_p10" ? Panel::quantile_ratio : static_cast<Panel>(std::find(kPanels.begin(), kPanels.end(), name) - kPanels.begin() - 1);
  const bool growth = is_growth(m.panel);
  const bool flows = m.panel == Panel::entry_rate || m.panel == Panel::exit_rate || m.panel == Panel::survival;
  // Keys each statistic takes beyond name, panel, cluster.
  std::vector<std::string> own;
  if (flows) own = {"window"};
  else own = {"at", "waves"};
  if (m.panel == Panel::quantile_ratio) own.push_back("column");
  if (name == "quantile_ratio") own.insert(own.end(), {"q_hi", "q_lo"});
  if (m.panel == Panel::share) own.insert(own.end(), {"employees_below", "employees_at_least", "exporter"});
  if (m.panel == Panel::exporter_premium) own.push_back("column");
  if (m.panel == Panel::tail_exponent) own.insert(own.end(), {"threshold", "top"});
  if (growth) own.insert(own.end(), {"column", "lag"});
  if (m.panel == Panel::growth_sd_slope) own.push_back("bins");
  for (const char* k : {"at", "waves", "window", "column", "q_hi", "q_lo", "employees_below", "employees_at_least",
                        "exporter", "threshold", "top", "lag", "bins"})
    if (r.get(k) && std::find(own.begin(), own.end(), k) == own.end())
      r.fail(r.get(k), k, std::string("'") + k + "' does not apply to panel = \"" + name + "\"");

  if (name == "quantile_ratio") {
    m.q_hi = r.real("q_hi", 0.9, 0, 1);
    m.q_lo = r.real("q_lo", 0.1, 0, 1);
    if (!r.get("q_hi") || !r.get("q_lo")) r.fail(pn, "q_hi", "quantile_ratio needs q_hi and q_lo (e.g. 0.75 and 0.25)");
    else if (!(m.q_lo < m.q_hi)) r.fail(r.get("q_lo"), "q_lo", "expected q_lo < q_hi");
  }
  if (std::find(own.begin(), own.end(), "column") != own.end()) {
    const toml::node* cn = r.get("column");
    const auto* s = cn ? cn->as_string() : nullptr;
    const auto it = s ? std::find(kColumns.begin(), kColumns.end(), s->get()) : kColumns.end();
    if (it == kColumns.end())
      r.fail(cn ? cn : pn, "column", "expected column = \"employees\", \"productivity\", \"turnover\" or \"output\"" +
                                       (s ? did_you_mean(suggest(s->get(), kColumns)) : std::string()));
    else
      m.column = static_cast<Column>(it - kColumns.begin());
  }
  m.lag = r.integer("lag", 12, 1, r.ctx().steps > 0 ? r.ctx().steps : 1);
  m.bins = r.integer("bins", 5, 2, 1000);
  m.top = r.integer("top", 0, 1, 100000000);
  m.threshold = r.real("threshold", 0, 0, 1e12);
  if (m.panel == Panel::tail_exponent && (r.get("top") != nullptr) == (r.get("threshold") != nullptr))
    r.fail(pn, "threshold", "tail_exponent needs exactly one of threshold = employees or top = k");
  m.employees_below = r.real("employees_below", m.employees_below, 0, 1e12);
  m.employees_at_least = r.real("employees_at_least", m.employees_at_least, 0, 1e12);
  if (const toml::node* e = r.get("exporter")) {
    if (const auto* b = e->as_boolean()) m.exporter = b->get() ? 1 : 0;
    else r.fail(e, "exporter", "expected true or false");
  }
  if (m.panel == Panel::share && !r.get("employees_below") && !r.get("employees_at_least") && !r.get("exporter"))
    r.fail(pn, "panel", "share needs a condition: employees_below, employees_at_least and/or exporter");

  if (flows) {
    r.pair("window", m.t0, m.t1, true);
    return;
  }
  const int first = growth ? m.lag : 0;
  if ((r.get("at") != nullptr) == (r.get("waves") != nullptr)) {
    r.fail(pn, "at", "give exactly one of at = t or waves = [t1, t2, ...]");
  } else if (const toml::node* n = r.get("at")) {
    if (const auto t = r.month(*n, "at", first)) m.waves = {*t};
  } else {
    const toml::node* wn = r.get("waves");
    const auto* a = wn->as_array();
    if (!a || a->empty()) r.fail(wn, "waves", "expected a non-empty array of months");
    else
      for (const toml::node& v : *a)
        if (const auto t = r.month(v, "waves", first)) m.waves.push_back(*t);
  }
}

}  // namespace

std::optional<Moment> parse_moment(IssueList& is, const toml::table& t, const std::string& prefix,
                                   const MomentContext& ctx, const std::vector<std::string>& extra_keys) {
  std::vector<std::string> allowed{"name", "cluster", "indicator", "ratio", "panel", "at", "window", "growth",
                                   "waves", "column", "q_hi", "q_lo", "employees_below", "employees_at_least",
                                   "exporter", "threshold", "top", "lag", "bins"};
  allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
  check_keys(is, t, prefix, allowed);
  Reader r(is, t, prefix, ctx);
  Moment m;
  const toml::node* nn = t.get("name");
  if (!nn || !nn->as_string() || nn->as_string()->get().empty()) r.fail(nn, "name", "expected name = \"label\"");
  else m.name = nn->as_string()->get();
  m.cluster = r.integer("cluster", -1, 0, static_cast<int>(std::min<long long>(ctx.clusters - 1, 65535)));

  const toml::node* in = t.get("indicator");
  const toml::node* rn = t.get("ratio");
  const toml::node* pn = t.get("panel");
  if ((in != nullptr) + (rn != nullptr) + (pn != nullptr) != 1) {
    r.fail(nullptr, "indicator", "give exactly one kind of statistic: indicator = \"name\", ratio = [\"a\", \"b\"] "
                                 "or panel = \"statistic\"");
    return std::nullopt;
  }
  if (in || rn) {
    for (const char* k : {"waves", "column", "q_hi", "q_lo", "employees_below", "employees_at_least", "exporter",
                          "threshold", "top", "lag", "bins"})
      if (t.get(k)) r.fail(t.get(k), k, std::string("'") + k + "' applies to panel statistics only");
  }
  if (in) {
    m.kind = Kind::indicator;
    m.field = r.indicator(*in, "indicator");
    r.totalled(in, "indicator", m.field, m.cluster);
    read_months(r, m, true);
  } else if (rn) {
    m.kind = Kind::ratio;
    const auto* a = rn->as_array();
    if (!a || a->size() != 2) {
      r.fail(rn, "ratio", "expected ratio = [\"numerator\", \"denominator\"] (indicator names)");
    } else {
      m.field = r.indicator(*a->get(0), "ratio");
      m.denominator = r.indicator(*a->get(1), "ratio");
      r.totalled(rn, "ratio", m.field, m.cluster);
      r.totalled(rn, "ratio", m.denominator, m.cluster);
    }
    read_months(r, m, false);
  } else {
    m.kind = Kind::panel;
    const auto* s = pn->as_string();
    if (!s || std::find(kPanels.begin(), kPanels.end(), s->get()) == kPanels.end()) {
      r.fail(pn, "panel", "unknown panel statistic" + (s ? " '" + s->get() + "'" + did_you_mean(suggest(s->get(), kPanels))
                                                         : std::string()) + " (valid: p90_p10, quantile_ratio, share, "
                          "exporter_share, exporter_premium, tail_exponent, growth_sd, growth_kurtosis, "
                          "growth_sd_slope, entry_rate, exit_rate, survival)");
      return std::nullopt;
    }
    read_panel(r, m, s->get());
  }
  if (!r.ok()) return std::nullopt;
  return m;
}

}  // namespace cs::moments

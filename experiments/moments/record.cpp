#include "moments/record.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cs::moments {

namespace {

void insert_sorted(std::vector<int>& v, int x) {
  const auto it = std::lower_bound(v.begin(), v.end(), x);
  if (it == v.end() || *it != x) v.insert(it, x);
}

}  // namespace

void FirmWave::add(std::uint32_t id, std::uint16_t c, double emp, double out, double turn, double prod, bool exp,
                   double age, double exp_sold) {
  uid.push_back(id);
  cluster.push_back(c);
  employees.push_back(emp);
  output.push_back(out);
  turnover.push_back(turn);
  productivity.push_back(prod);
  exporter.push_back(exp ? 1 : 0);
  age_months.push_back(age);
  export_sold.push_back(exp_sold);
}

void RecordPlan::add_steps(int from, int to) {
  for (int s = from; s <= to; ++s) insert_sorted(indicator_steps, s);
}

void RecordPlan::add_wave(int step) { insert_sorted(firm_waves, step); }

int RecordPlan::last_step() const {
  int last = 0;
  if (!indicator_steps.empty()) last = indicator_steps.back();
  if (!firm_waves.empty()) last = std::max(last, firm_waves.back());
  return last;
}

const std::vector<Indicators>& RunRecord::at(int step) const {
  const auto it = std::lower_bound(steps.begin(), steps.end(), step);
  if (it == steps.end() || *it != step)
    throw std::out_of_range("indicators of month " + std::to_string(step) + " were not recorded");
  return rows[static_cast<std::size_t>(it - steps.begin())];
}

const FirmWave& RunRecord::wave(int step) const {
  for (const FirmWave& w : waves)
    if (w.step == step) return w;
  throw std::out_of_range("the firm table of month " + std::to_string(step) + " was not recorded");
}

FirmWave snapshot(const World& w) {
  FirmWave out;
  out.step = w.step;
  const Firms& f = w.firms;
  for (Slot i = 0; i < static_cast<Slot>(f.size()); ++i) {
    if (!f.alive[i]) continue;
    out.add(f.uid[i], f.cluster[i], f.employees[i], f.msg.output[i], f.revenue[i], eff_prod(f, i), is_exporter(f, i),
            static_cast<double>(w.step - f.birth[i]), f.export_sold[i]);
  }
  return out;
}

void Recorder::observe(const World& w) {
  if (std::binary_search(plan_.indicator_steps.begin(), plan_.indicator_steps.end(), w.step)) {
    rec_.steps.push_back(w.step);
    rec_.rows.push_back(w.indicators);
  }
  if (std::binary_search(plan_.firm_waves.begin(), plan_.firm_waves.end(), w.step)) rec_.waves.push_back(snapshot(w));
}

RunRecord record_run(const Params& p, const RecordPlan& plan) {
  Recorder rec(plan);
  Simulation sim(p);
  sim.add(rec);
  sim.run();
  return std::move(rec.record());
}

}  // namespace cs::moments

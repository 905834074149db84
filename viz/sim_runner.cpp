#include "sim_runner.hpp"

#include <tbb/info.h>
#include <tbb/parallel_invoke.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>

#include "evaluate/panel.hpp"
#include "params/load.hpp"
#include "policies/programme.hpp"
#include "runner/output.hpp"
#include "simulate/simulation.hpp"

namespace viz {

namespace {
using Clock = std::chrono::steady_clock;
template <class... F> struct Overloaded : F... { using F::operator()...; };
template <class... F> Overloaded(F...) -> Overloaded<F...>;

std::string percent(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.0f %%", v * 100);
  return b;
}
}  // namespace

// One run of the visualiser: its Simulation and what the UI draws of it, recorded by observers.
struct SimRunner::Run {
  cs::Simulation sim;
  std::string run_id;  ///< of the run's scenario (with its edits so far): the export's run_id column
  cs::RunRecord rec;
  std::unique_ptr<cs::eval::Panel> panel;  ///< A/B mode: the evaluation's firm-year panel
  cs::FunctionObserver record{[this](const cs::World& w) { rec.record(w); }};
  /// The panel sees every month up to the end of its grid (the scenario's run.steps).
  cs::FunctionObserver watch{[this](const cs::World& w) {
    if (panel && w.step <= panel->grid().steps) panel->observe(w);
  }};
  explicit Run(const cs::Params& p) : sim(p, cs::SimulationSetup{.parallel = true}), run_id(cs::run_id(p)) {
    cover_list();
    sim.add(record);
    sim.add(watch);
  }
  const cs::World& world() const { return sim.world(); }
  cs::World& edit() { return sim.edit(); }
  cs::policies::Programme* programme() const { return sim.programme().get(); }
  /// Starts the evaluation's panel on the years of `policy` (the policy run's scenario), as
  /// `clustersim compare` does; before sim.begin(), which observes step 0.
  void watch_years(const cs::Params& policy) {
    const cs::policies::Lifecycle life(policy.programme);
    const cs::eval::YearGrid grid(life.implementation_start(), policy.run.steps, policy.programme.start);
    panel = std::make_unique<cs::eval::Panel>(
        grid, std::vector<int>{std::clamp(life.exit_step(), 0, policy.run.steps), policy.run.steps});
  }
  /// Attaches a programme when the params list an enabled intervention (the first one switched on).
  void attach() {
    sim.attach_programme();
    cover_list();
  }

 private:
  /// The programme's budget lines cover the whole list (switched-off entries too), so the UI can
  /// switch them on later.
  void cover_list() {
    if (programme()) programme()->set_interventions(world().params.interventions, edit().ledger);
  }
};

SimRunner::SimRunner(cs::Params params, std::string scenario_name, bool ab, bool play)
    : base_params_(params), policy_params_(std::move(params)), playing_(play), ab_(ab),
      scenario_(std::move(scenario_name)) {
  rebuild();
  publish();
  thread_ = std::thread([this] { loop(); });
}

SimRunner::~SimRunner() {
  {
    std::lock_guard lk(queue_mu_);
    quit_ = true;
  }
  queue_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SimRunner::send(Command c) {
  {
    std::lock_guard lk(queue_mu_);
    queue_.push_back(std::move(c));
  }
  queue_cv_.notify_all();
}

std::shared_ptr<const View> SimRunner::view() const {
  std::lock_guard lk(view_mu_);
  return view_;
}

bool SimRunner::idle() const {
  std::lock_guard lk(queue_mu_);
  return queue_.empty() && !busy_;
}

void SimRunner::rebuild() {
  try {
    policy_ = std::make_unique<Run>(policy_params_);
    // The baseline is the scenario without its programme (what a comparison compares with).
    baseline_ = ab_ ? std::make_unique<Run>(cs::policies::baseline_of(base_params_)) : nullptr;
    policy_->edit().levers.capital_subsidy = 0;
    effects_.reset();
    // The panels keep a year of sums per firm and year (about 1 kB per firm over 15 years, in
    // each run): not for the largest scenarios.
    std::size_t firms = 0;
    for (const auto& c : policy_params_.clusters) firms += static_cast<std::size_t>(std::max(0, c.firms));
    if (baseline_ && firms <= kEffectsMaxFirms) {
      policy_->watch_years(policy_params_);
      baseline_->watch_years(policy_params_);
    } else if (baseline_) {
      auto e = std::make_shared<EffectsView>();
      e->problem = "not computed above " + std::to_string(kEffectsMaxFirms) + " firms";
      effects_ = std::move(e);
    }
    policy_->sim.begin();
    if (baseline_) baseline_->sim.begin();
  } catch (const std::exception& e) {
    // make_world rejects nothing that validated, but a UI must survive it if it does.
    message_ = std::string("could not build the world: ") + e.what();
    policy_params_ = base_params_ = cs::Params{};
    policy_ = std::make_unique<Run>(policy_params_);
    baseline_ = ab_ ? std::make_unique<Run>(base_params_) : nullptr;
    policy_->sim.begin();
    if (baseline_) baseline_->sim.begin();
  }
}

void SimRunner::apply(Command& c) {
  std::visit(
      Overloaded{
          [&](cmd::Play& p) { playing_ = p.on; },
          [&](cmd::Step& s) { pending_steps_ += s.n; playing_ = false; },
          [&](cmd::Reset&) { rebuild(); pending_steps_ = 0; message_ = "reset to step 0"; },
          [&](cmd::Speed& s) { speed_ = s.steps_per_s; },
          [&](cmd::Seed& s) {
            base_params_.run.seed = policy_params_.run.seed = s.seed;
            rebuild();
            pending_steps_ = 0;
            message_ = "seed " + std::to_string(s.seed) + ", reset to step 0";
          },
          [&](cmd::SetParam& s) {
            try {
              cs::apply_override(policy_->edit().params, s.path, s.value);
              cs::apply_override(policy_params_, s.path, s.value);
              policy_->rec.events.push_back({policy_->world().step, s.path + " = " + s.value});
              message_ = s.path + " = " + s.value + (ab_ ? " (policy run)" : "");
            } catch (const std::exception& e) {
              message_ = e.what();
            }
          },
          [&](cmd::SetLevers& l) {
            cs::World& w = policy_->edit();
            auto& ev = policy_->rec.events;
            if (l.guarantee_cover != w.params.finance.guarantee_cover)
              ev.push_back({w.step, "credit guarantee " + percent(l.guarantee_cover)});
            if (l.capital_subsidy != w.levers.capital_subsidy)
              ev.push_back({w.step, "capital subsidy " + percent(l.capital_subsidy)});
            // phase_policy re-reads the guarantee from the parameters every step.
            w.params.finance.guarantee_cover = policy_params_.finance.guarantee_cover = l.guarantee_cover;
            w.levers.guarantee_cover = l.guarantee_cover;
            w.levers.capital_subsidy = l.capital_subsidy;
            message_ = "levers set" + std::string(ab_ ? " on the policy run" : "");
          },
          [&](cmd::Shock& s) {
            for (Run* r : {policy_.get(), baseline_.get()}) {
              if (!r) continue;
              cs::ShockParams sp{s.kind, r->world().step + 1, s.duration, s.size};
              r->edit().params.shocks.push_back(sp);  // drawn as a band on the charts
            }
            message_ = s.kind + " shock of " + percent(s.size) + " for " + std::to_string(s.duration) + " months";
          },
          [&](cmd::Load& l) {
            base_params_ = policy_params_ = std::move(l.params);
            scenario_ = l.name;
            ++interventions_gen_;
            rebuild();
            pending_steps_ = 0;
            playing_ = false;
            message_ = "loaded " + l.name;
          },
          [&](cmd::SetAB& a) {
            if (a.on == ab_) return;
            ab_ = a.on;
            // The baseline is the scenario as loaded; the policy run keeps its edits.
            rebuild();
            pending_steps_ = 0;
            message_ = ab_ ? "A/B mode: baseline and policy runs from step 0" : "single run";
          },
          [&](cmd::AutoPause& a) { auto_pause_ = a.on; },
          [&](cmd::Watch& w) { policy_->rec.watch(w.uid, policy_->world()); },
          [&](cmd::SetInterventions& s) {
            cs::Params trial = policy_params_;
            trial.interventions = s.list;
            const auto issues = cs::validate(trial, "programme panel");
            ++interventions_gen_;  // accepted or not, the panel re-reads the list that runs
            if (!issues.empty()) {
              message_ = "not applied: " + issues.front().key + ": " + issues.front().message;
              return;
            }
            cs::World& w = policy_->edit();
            policy_params_.interventions = w.params.interventions = s.list;
            if (policy_->programme()) policy_->programme()->set_interventions(s.list, w.ledger);
            else policy_->attach();  // the first intervention switched on starts a programme
            if (!s.note.empty()) policy_->rec.events.push_back({w.step, s.note});
            message_ = (s.note.empty() ? std::string("interventions updated") : s.note) + (ab_ ? " (policy run)" : "");
          },
      },
      c);
  // The policy run's id follows its parameter edits (the baseline keeps the scenario's).
  policy_->run_id = cs::run_id(policy_params_);
}

void SimRunner::step_all() {
  // The observers (history, panels) see each run's step on the task that stepped it.
  if (baseline_) tbb::parallel_invoke([&] { policy_->sim.step(); }, [&] { baseline_->sim.step(); });
  else policy_->sim.step();
  const int s = policy_->world().step;
  if (baseline_ && policy_->panel && baseline_->panel) {
    const cs::eval::YearGrid& g = policy_->panel->grid();
    if (s >= 1 && s <= g.steps && s == g.to(g.year_of(s))) update_effects();
  }
  steps_done_.fetch_add(1, std::memory_order_relaxed);
  if (auto_pause_ && playing_ && s == policy_->world().params.run.steps) {
    playing_ = false;
    message_ = "reached the scenario's " + std::to_string(s) + " months; Play continues";
  }
}

void SimRunner::update_effects() {
  auto e = std::make_shared<EffectsView>();
  cs::eval::Panel& pol = *policy_->panel;
  const cs::eval::YearGrid& g = pol.grid();
  const cs::policies::Lifecycle life(policy_params_.programme);
  e->impl = g.impl;
  e->exit_year = g.year_of(std::max(1, life.exit_step()));
  try {
    // Whom the programme has reached so far: compare takes it at the end of the run.
    pol.collect_reach(policy_->world());
    const cs::eval::Groups groups = cs::eval::groups_of(policy_params_);
    const cs::eval::RepEffects r = cs::eval::reduce_pair(pol, *baseline_->panel, groups);
    e->cohort = r.cohort, e->participants = r.participants;
    const int now = policy_->world().step;
    for (int y = 0; y < r.years; ++y) {
      const int year = g.first + y;
      if (g.to(year) > now || g.from(year) <= g.cohort_step) continue;  // not complete, or before the cohort
      e->years.push_back(year);
      for (std::size_t grp : {cs::eval::kParticipants, cs::eval::kNonParticipants})
        for (std::size_t o = 0; o < cs::eval::kOutcomes; ++o) e->cells.push_back(r.at(y, grp, o));
    }
  } catch (const std::exception& ex) {
    e->years.clear(), e->cells.clear();
    e->problem = std::string("not comparable: ") + ex.what();
  }
  effects_ = std::move(e);
}

void SimRunner::publish() {
  auto v = std::make_shared<View>();
  v->policy = std::make_shared<const cs::Frame>(cs::make_frame(policy_->world(), &policy_->rec));
  if (baseline_) v->baseline = std::make_shared<const cs::Frame>(cs::make_frame(baseline_->world(), &baseline_->rec));
  v->policy_extra = std::make_shared<const Extras>(make_extras(policy_->world(), policy_->programme()));
  if (baseline_)
    v->baseline_extra = std::make_shared<const Extras>(make_extras(baseline_->world(), baseline_->programme()));
  v->policy_run_id = policy_->run_id;
  if (baseline_) v->baseline_run_id = baseline_->run_id;
  if (baseline_) v->effects = effects_;
  v->interventions = policy_params_.interventions;
  v->interventions_gen = interventions_gen_;
  v->playing = playing_;
  v->ab = ab_;
  v->speed = speed_;
  v->scenario = scenario_;
  v->message = message_;
  v->serial = ++serial_;
  std::lock_guard lk(view_mu_);
  view_ = std::move(v);
}

void SimRunner::loop() {
  // One core is left to the UI and the (possibly software) renderer; results do not depend on
  // the number of threads.
  tbb::task_arena arena(std::max(1, tbb::info::default_concurrency() - 1));
  arena.execute([&] { run_loop(); });
}

void SimRunner::run_loop() {
  auto last_step = Clock::now();
  auto last_publish = Clock::now();
  for (;;) {
    std::deque<Command> cmds;
    {
      std::unique_lock lk(queue_mu_);
      const bool want_step = pending_steps_ > 0 || playing_;
      if (!want_step) {
        queue_cv_.wait(lk, [&] { return quit_ || !queue_.empty(); });
      } else if (playing_ && pending_steps_ == 0 && speed_ > 0) {
        const auto due = last_step + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / speed_));
        queue_cv_.wait_until(lk, due, [&] { return quit_ || !queue_.empty(); });
      }
      if (quit_) return;
      cmds.swap(queue_);
      busy_ = true;
    }
    for (Command& c : cmds) apply(c);
    bool stepped = false;
    const auto now = Clock::now();
    const bool due = speed_ <= 0 || now - last_step >= std::chrono::duration<double>(1.0 / speed_);
    if (pending_steps_ > 0 || (playing_ && due)) {
      if (pending_steps_ > 0) --pending_steps_;
      // Keep the average pace at speed_ (a late step does not delay the following ones),
      // without bursts after a pause.
      const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(speed_ > 0 ? 1.0 / speed_ : 0.0));
      last_step = now - last_step > 4 * period ? now : last_step + period;
      step_all();
      stepped = true;
    }
    // Publish at most ~120 times a second while running, always after commands or when idle.
    const bool more = pending_steps_ > 0 || playing_;
    if (!cmds.empty() || !more || Clock::now() - last_publish > std::chrono::milliseconds(8) || !stepped) {
      publish();
      last_publish = Clock::now();
    }
    std::lock_guard lk(queue_mu_);
    busy_ = pending_steps_ > 0;
  }
}

}  // namespace viz

#include "record/recorder.hpp"

#include "params/load.hpp"

namespace cs {

RunRecorder::RunRecorder(const RecordSetup& setup, const Params& p, Manifest m)
    : dir_(setup.dir), level_(setup.level), tables_(p), m_(std::move(m)),
      series_(setup.dir / kTimeseriesFile, run_id(p), setup.level, p, setup.compression) {
  m_.run_id = run_id(p);
  m_.seed = p.run.seed;
  m_.steps = p.run.steps;
  m_.firm_panel_every = setup.firm_panel;
  m_.timeseries_level = series_level_name(setup.level);
  m_.config_toml = to_toml(p);
  if (setup.firm_panel > 0) panel_.emplace(setup.dir, m_.run_id, setup.firm_panel, setup.compression);
}

void RunRecorder::observe(const World& w) {
  series_.write(w);
  if (panel_) panel_->write(w);
  if (summary_) summary_->record(w);
  else summary_.emplace(w, summary_groups(level_, tables_, w));
}

void RunRecorder::close() {
  series_.close();
  if (panel_) panel_->close();
}

const Manifest& RunRecorder::commit(const World& w, const policies::Programme* programme,
                                    std::chrono::steady_clock::time_point t0) {
  series_.commit();
  m_.files.push_back(series_.path().filename().string());
  if (panel_) {
    panel_->commit();
    m_.files.push_back(panel_->path().filename().string());
  }
  if (has_rated_allocation(tables_)) {
    write_selection(dir_, m_.run_id, tables_, w, programme);
    m_.files.push_back(kSelectionFile);
  }
  m_.files.push_back(kManifestFile);
  for (const std::string& problem : check_books(w)) m_.warnings.push_back("books: " + problem);
  m_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_manifest(dir_, m_);
  return m_;
}

}  // namespace cs

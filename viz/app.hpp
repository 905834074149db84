#pragma once
// UI state of the visualiser, in small structs, and the panel functions (one per panel). The UI
// reads the runner's latest View and sends commands; it never touches a World.
#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "params/params.hpp"
#include "report.hpp"
#include "sim_runner.hpp"

namespace viz {

/// What the map colours firms by.
enum class ColourBy { productivity, size_class, cash, status, channel, exporter, member, cfc_user, participant, certified };

struct MapState {
  ColourBy colour = ColourBy::productivity;
  bool links = true;
  bool exits = true;
  bool institutions = true;  ///< CFC, BDS, association and CDA markers
  float zoom = 1.f;          ///< 1 = the whole cluster fits
  float pan_x = 0, pan_y = 0;  ///< centre offset, km
  int cluster = 0;
};

/// The charts the chart area can show, in the order they are laid out.
enum class ChartKind { indicators, difference, effects, sizes, productivity, count };

struct ChartState {
  std::vector<int> series;   ///< indices into cs::indicator_fields()
  bool index = true;         ///< plot as an index, step 0 = 100
  int cluster = 0;
  bool show[static_cast<int>(ChartKind::count)] = {true, true, true, true, true};
  int outcome = 0;           ///< the effects chart's outcome (eval::Outcome)
  bool effect_pct = true;    ///< effects in % of the baseline mean, else per firm in the outcome's unit
};

/// Where the panels go: sizes as shares of the window (dragged with the splitters), what is
/// collapsed, and the text size.
struct LayoutState {
  float sidebar = 0.24f;     ///< controls column, share of the width
  float maps = 0.55f;        ///< A/B: maps (with their legend), share of the height left by the programme strip;
                             ///< single run: the map's share of the width right of the controls
  bool sidebar_open = true;
  bool programme_open = true;   ///< the strip's rows (collapsed: its header line only)
  int text_pct = 100;        ///< text size, % of the default (which scales with the window)
  bool presentation = false; ///< projector preset: larger text, thicker lines, parameters and programme folded
};


struct ControlState {
  cs::Params edit;           ///< the scenario as edited (policy run); sliders write here first
  float guarantee = 0, subsidy = 0;
  int shock_months = 12;
  float demand_size = -0.4f, input_size = 0.5f, energy_size = 1.0f;
  float speed = 0;           ///< steps per second, 0 = as fast as possible
  int seed = 1;
};

/// The programme panel's edit copy of the policy run's [[intervention]] list.
struct ProgrammeState {
  std::vector<cs::InterventionParams> edit;
  std::uint64_t gen = 0;     ///< View::interventions_gen the copy was taken from
  int add_kind = 1;          ///< index into cs::intervention_kinds() (credit_guarantee)
  bool show = true;
};

struct ScenarioState {
  std::vector<std::string> files;       ///< scenario files found under configs/
  std::string open_path, save_path = "runs/gui_scenario.toml";
  std::string csv_path = "runs/gui_run.csv", png_path = "runs/gui_window.png";
  std::string error_title;              ///< non-empty: an error window is shown
  std::vector<std::string> errors;
  bool want_png = false;                ///< write the window at the end of this frame
};

/// A preset of a narrative: parameter overrides, levers, a class event and a month to jump to,
/// applied with one click.
struct Preset {
  std::string name, note;
  std::vector<std::pair<std::string, std::string>> set;  ///< dotted path, value
  double guarantee = -1, subsidy = -1;                     ///< < 0: unchanged
  std::string shock_kind;                                  ///< empty: none
  int shock_months = 12;
  double shock_size = 0;
  int month = -1;                                          ///< >= 0: run (or reset and run) to it
};

struct Narrative {
  std::string title, text;
  std::vector<Preset> presets;
};

/// CPU time spent in each panel (summed over frames; --bench prints the mean per frame) and the
/// map's geometry work.
struct UiTimes {
  double controls = 0, maps = 0, charts = 0, programme = 0, other = 0;  ///< seconds
  double raster = 0;            ///< seconds the map workers spent on the rasters shown (not UI time)
  double upload = 0;            ///< seconds uploading them as textures (UI thread, inside `maps`)
  std::uint64_t rasters = 0;    ///< firm rasters shown (new simulation frame or view change)
  std::uint64_t links = 0;      ///< trust links drawn
};

struct MapRaster;  // panels/map_raster.hpp: a map's raster worker and texture

struct App {
  SimRunner* runner = nullptr;
  UiTimes times;
  std::shared_ptr<const View> view;
  MapState map_a, map_b;
  std::shared_ptr<MapRaster> rasters[2];  ///< of map_a and map_b, made by the map panel
  bool sync_maps = false;    ///< the map panel waits for its raster (scripted screenshots)
  ChartState charts;
  ControlState controls;
  ScenarioState scenario;
  ProgrammeState programme;
  Narrative narrative;
  bool trainer = false;
  LayoutState layout;
  LayoutReport report;
  std::uint32_t inspect_uid = cs::kNoUid;
  std::string scenario_path;
  std::vector<ImFont*> fonts;  ///< the same face at kFontSizes, for the text size setting
};

/// Pixel sizes the fonts are loaded at; the layout picks the nearest to the size it wants.
inline constexpr float kFontSizes[] = {12, 13, 14, 15, 16, 17, 18, 20, 22, 24, 26, 28, 32, 36};

/// The loaded font nearest to `factor` times the current font's size (legends in trainer and
/// presentation mode use a step smaller than the text around them).
ImFont* font_scaled(const App& app, float factor);

/// The font size the layout wants for a window of this size: 17 px at 1600 x 900, scaled with
/// the window, times the text size setting, the presentation preset and trainer mode.
float wanted_font_size(const App& app, ImVec2 window);

/// fit_text (report.hpp) reporting into app.report.
inline float fit_text(App& app, ImDrawList* dl, ImVec2 a, float max_w, ImU32 col, const std::string& text,
                      const char* name) {
  return fit_text(&app.report, dl, a, max_w, col, text, name);
}

/// Loads a scenario file: on success queues it and resets the edit copy; on failure fills the
/// error window. Never throws.
void open_scenario(App& app, const std::string& path);
/// Sends the edit copy's levers and runs the preset.
void apply_preset(App& app, const Preset& p);
/// Reads viz/narratives/<stem>.toml beside a scenario stem; empty Narrative when absent.
Narrative load_narrative(const std::string& scenario_path);
/// Writes the run history as timeseries.csv does (series_header, the same numbers), month by
/// month: the run's rows, then in A/B mode the baseline's, each with its run id (View). Returns
/// an error or "".
std::string export_csv(const View& view, const std::string& path);

/// A map: toolbar, then the data area (the firms) filling the window but for `legend_h` px at
/// the foot, where the legend goes (or beside: see map_legend).
void map_panel(const char* id, App& app, const cs::Frame& frame, MapState& st, const char* title, float legend_h);
/// The map legend (colour scale or classes with their firm counts, size key, exits, institutions)
/// as a flow of entries in the box at the cursor, `width` wide; in A/B mode both frames' counts.
/// Returns the height it needs (draws nothing when `measure`).
float map_legend(App& app, float width, bool measure);
/// Stops the maps' raster workers and deletes their textures (with the GL context current).
void release_maps(App& app);
/// The chart area: the charts chosen (ChartState::show) in a grid that fits the window; a chart
/// too small to read is left out and named in a note.
void charts_panel(App& app);
void controls_panel(App& app);  ///< run_panel, then levers_panel
/// Run control: scenario, month, play, step, reset; then run_settings unless `compact`.
void run_panel(App& app, bool compact);
/// Speed, seed and the A/B switch.
void run_settings(App& app);
/// The policy levers and class events.
void levers_panel(App& app);
void parameters_panel(App& app);
void scenario_menu(App& app);
void error_window(App& app);
void inspector_window(App& app);
void narrative_panel(App& app);
/// The programme: lifecycle timeline with the current month, and one row per intervention
/// (switch, window, budget, main parameter, spending); edits go to the runner.
void programme_panel(App& app);
/// Height the programme panel wants for the current view, px.
float programme_panel_height(const App& app);
/// Switches on the interventions of `kind` in the policy run (appends one with the defaults
/// when the list has none) and sends the list; for scripted runs and presets.
void switch_on(App& app, const std::string& kind);

/// Lays out every panel for the current window size and draws them.
void draw_ui(App& app);

}  // namespace viz

// clustersim-gui: the live visualiser. Model, UI and main are separate: SimRunner owns the
// simulation thread; the panels draw the frames it publishes; this file sets up the window, the
// scripted runs (--frames/--screenshot) and the benchmark (--bench).
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app.hpp"
#include "core/memory.hpp"
#include "params/load.hpp"
#include "png.hpp"

namespace {

struct Options {
  std::string scenario = "configs/default.toml";
  int frames = 0;              ///< > 0: scripted run of this many frames, then exit
  std::string screenshot;      ///< PNG written after the scripted frames
  bool ab = false, trainer = false, bench = false;
  int steps_per_frame = 1;     ///< scripted runs: steps queued per frame
  int firms = 0;               ///< > 0: overrides cluster[0].firms
  std::vector<std::string> set;
  int width = 1600, height = 900;
  int policy_at = -1;          ///< scripted runs: month at which the levers below are set
  double guarantee = 0, subsidy = 0;
  std::string colour;          ///< map colour variable
  double speed = 0;            ///< months per second, 0 = as fast as possible
  std::string csv;             ///< scripted runs: export the run history here at the end
  std::vector<std::string> switch_on;  ///< scripted runs: intervention kinds switched on at --policy-at
  std::string preset;          ///< scripted runs: the narrative preset applied after the frames
  int text_pct = 100;          ///< text size, % of the default
  bool presentation = false;   ///< the projector preset
  std::string layout_report;   ///< scripted runs: write the layout's rectangles here (JSON)
};

bool parse_colour(const std::string& s, viz::ColourBy& by) {
  const std::pair<const char*, viz::ColourBy> names[] = {
      {"productivity", viz::ColourBy::productivity}, {"size", viz::ColourBy::size_class},
      {"cash", viz::ColourBy::cash}, {"status", viz::ColourBy::status},
      {"channel", viz::ColourBy::channel}, {"exporter", viz::ColourBy::exporter},
      {"member", viz::ColourBy::member}, {"cfc", viz::ColourBy::cfc_user},
      {"participant", viz::ColourBy::participant}, {"certified", viz::ColourBy::certified}};
  for (const auto& [n, b] : names)
    if (s == n) return by = b, true;
  return false;
}

void style_for_classroom() {
  ImGui::StyleColorsLight();
  ImGuiStyle& s = ImGui::GetStyle();
  s.WindowRounding = 0;
  s.FrameRounding = 4;
  s.GrabRounding = 4;
  s.WindowPadding = {10, 8};
  s.FramePadding = {7, 4};
  s.ItemSpacing = {8, 6};
  s.WindowBorderSize = 1;
  s.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.96f, 1);
  s.Colors[ImGuiCol_MenuBarBg] = ImVec4(0.90f, 0.92f, 0.95f, 1);
  s.Colors[ImGuiCol_Header] = ImVec4(0.80f, 0.86f, 0.95f, 1);
}

void load_fonts(viz::App& app) {
  ImGuiIO& io = ImGui::GetIO();
  static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x205E, 0x20B9, 0x20B9, 0x2190, 0x21FF, 0x2200, 0x22FF, 0};
  for (const char* path : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                           "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"}) {
    if (!std::filesystem::exists(path)) continue;
    app.fonts.clear();
    for (float px : viz::kFontSizes)
      if (ImFont* f = io.Fonts->AddFontFromFileTTF(path, px, nullptr, ranges)) app.fonts.push_back(f);
    if (app.fonts.size() == std::size(viz::kFontSizes)) return;
  }
  app.fonts.clear();
  for (float px : viz::kFontSizes) {
    ImFontConfig c;
    c.SizePixels = px;
    app.fonts.push_back(io.Fonts->AddFontDefault(&c));
  }
}

// The index of the loaded font nearest to the size the layout wants for this window.
std::size_t font_for(const viz::App& app, ImVec2 window) {
  const float want = viz::wanted_font_size(app, window);
  std::size_t best = 0;
  for (std::size_t k = 1; k < app.fonts.size(); ++k)
    if (std::abs(viz::kFontSizes[k] - want) < std::abs(viz::kFontSizes[best] - want)) best = k;
  return best;
}

// The layout's rectangles as JSON (--layout-report), for the GUI test.
bool write_layout_report(const viz::App& app, const std::string& path, int w, int h, std::string& err) {
  std::string j = "{\"width\": " + std::to_string(w) + ", \"height\": " + std::to_string(h) + ", \"items\": [\n";
  auto esc = [](const std::string& s) {
    std::string o;
    for (char c : s) {
      if (c == '"' || c == '\\') o += '\\';
      if (static_cast<unsigned char>(c) >= 0x20) o += c;
    }
    return o;
  };
  char b[160];
  for (std::size_t k = 0; k < app.report.items.size(); ++k) {
    const auto& it = app.report.items[k];
    std::snprintf(b, sizeof b, "\"min\": [%.1f, %.1f], \"max\": [%.1f, %.1f], \"clipped\": %s", it.min.x, it.min.y,
                  it.max.x, it.max.y, it.clipped ? "true" : "false");
    j += "  {\"kind\": \"" + it.kind + "\", \"name\": \"" + esc(it.name) + "\", " + b + "}" +
         (k + 1 < app.report.items.size() ? ",\n" : "\n");
  }
  j += "]}\n";
  std::ofstream out(path);
  out << j;
  out.close();
  if (!out) err = "cannot write the layout report " + path;
  return static_cast<bool>(out);
}

std::vector<std::string> library_scenarios() {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator("configs", ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec))
    // The national scenarios (tens of clusters, replicas) are too large to draw live.
    if (it->path().extension() == ".toml" && it->path().stem().string().rfind("national", 0) != 0)
      files.push_back(it->path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

int main(int argc, char** argv) {
  cs::retain_freed_memory();
  Options opt;
  CLI::App cli{"ClusterSim visualiser: a live, interactive cluster for policy designers and trainers"};
  cli.add_option("scenario", opt.scenario, "scenario TOML file (default configs/default.toml)");
  cli.add_option("--frames", opt.frames, "run this many frames, write --screenshot, exit")->check(CLI::Range(0, 1000000));
  cli.add_option("--screenshot", opt.screenshot, "PNG of the window after --frames");
  cli.add_flag("--ab", opt.ab, "A/B mode: baseline and policy runs side by side");
  cli.add_flag("--trainer", opt.trainer, "trainer mode: large text, narrative and presets");
  cli.add_option("--steps-per-frame", opt.steps_per_frame, "scripted runs: months per frame")->check(CLI::Range(0, 10000));
  cli.add_flag("--bench", opt.bench, "run at full speed for --frames (default 300), print frame_ms and steps_per_s");
  cli.add_option("--firms", opt.firms, "override cluster[0].firms")->check(CLI::Range(0, 50000000));
  cli.add_option("--set", opt.set, "PATH=VALUE parameter override (repeatable)");
  cli.add_option("--width", opt.width, "window width, px")->check(CLI::Range(640, 8192));
  cli.add_option("--height", opt.height, "window height, px")->check(CLI::Range(480, 8192));
  cli.add_option("--policy-at", opt.policy_at, "scripted runs: set --guarantee/--subsidy at this month")
      ->check(CLI::Range(0, 100000));
  cli.add_option("--guarantee", opt.guarantee, "credit guarantee cover for --policy-at")->check(CLI::Range(0.0, 0.99));
  cli.add_option("--subsidy", opt.subsidy, "capital subsidy share for --policy-at")->check(CLI::Range(0.0, 1.0));
  cli.add_option("--speed", opt.speed, "months per second when playing (0 = as fast as possible)")
      ->check(CLI::Range(0.0, 100000.0));
  cli.add_option("--csv", opt.csv, "scripted runs: write the run's indicators as CSV at the end");
  cli.add_option("--colour", opt.colour, "map colour: productivity, size, cash, status, channel, exporter, certified, member, cfc, participant");
  cli.add_option("--switch-on", opt.switch_on,
                 "scripted runs: switch this intervention kind on at --policy-at in the policy run (added "
                 "with its defaults when the scenario has none; repeatable)");
  cli.add_option("--text-size", opt.text_pct, "text size, % of the default (which follows the window size)")
      ->check(CLI::Range(50, 300));
  cli.add_flag("--presentation", opt.presentation, "projector preset: larger text, thicker lines, parameters folded");
  cli.add_option("--layout-report", opt.layout_report,
                 "scripted runs: write the rectangles of maps, plots, legends and texts as JSON (GUI test)");
  cli.add_option("--preset", opt.preset,
                 "scripted runs: apply the narrative's preset of this name after the frames (a month preset "
                 "jumps there), then capture");
  CLI11_PARSE(cli, argc, argv);
  viz::ColourBy colour = viz::ColourBy::productivity;
  if (!opt.colour.empty() && !parse_colour(opt.colour, colour)) {
    std::fprintf(stderr, "unknown --colour %s\n", opt.colour.c_str());
    return 2;
  }
  if (opt.bench && opt.frames <= 20) opt.frames = 300;
  if (!opt.screenshot.empty() && opt.frames <= 0) {
    std::fprintf(stderr, "--screenshot needs --frames N (the frames to run before the picture)\n");
    return 2;
  }
  const bool scripted = opt.frames > 0;
  int setup_rc = 0;  // scripted runs exit with it when the scenario or an override was refused

  viz::App app;
  app.trainer = opt.trainer;
  app.layout.text_pct = opt.text_pct;
  app.layout.presentation = opt.presentation;
  if (opt.presentation) app.layout.programme_open = false;
  app.report.on = !opt.layout_report.empty();
  app.map_a.colour = app.map_b.colour = colour;
  app.scenario_path = opt.scenario;
  app.scenario.files = library_scenarios();
  cs::Params params;
  std::string name;
  try {
    params = cs::load_params(opt.scenario);
    name = params.clusters.front().name + "  (" + std::filesystem::path(opt.scenario).filename().string() + ")";
  } catch (const std::exception& e) {
    std::fprintf(stderr, "scenario error: %s\n", e.what());
    setup_rc = 2;
    app.scenario.error_title = "Cannot open " + opt.scenario;
    if (auto* ce = dynamic_cast<const cs::ConfigError*>(&e))
      for (const auto& issue : ce->issues()) app.scenario.errors.push_back(issue.to_string());
    else app.scenario.errors = {e.what()};
    params = cs::Params{};
    name = "Default parameters (" + std::filesystem::path(opt.scenario).filename().string() + " has errors)";
  }
  try {
    if (opt.firms > 0) cs::apply_override(params, "cluster[0].firms", std::to_string(opt.firms));
    for (const std::string& s : opt.set) {
      const auto eq = s.find('=');
      cs::apply_override(params, s.substr(0, eq), eq == std::string::npos ? "" : s.substr(eq + 1));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "override error: %s\n", e.what());
    setup_rc = 2;
    app.scenario.error_title = "Bad --set";
    app.scenario.errors = {e.what()};
  }
  app.controls.edit = params;
  app.controls.guarantee = static_cast<float>(params.finance.guarantee_cover);
  app.controls.seed = static_cast<int>(params.run.seed);
  app.controls.speed = static_cast<float>(opt.speed);
  app.narrative = viz::load_narrative(opt.scenario);
  if (scripted && !app.narrative.title.empty())
    std::printf("narrative: %s (%zu presets)\n", app.narrative.title.c_str(), app.narrative.presets.size());
  const auto fields = cs::indicator_fields();
  for (const char* f : {"employment", "output", "firms", "credit"})
    for (int k = 0; k < static_cast<int>(fields.size()); ++k)
      if (std::string(fields[k].name) == f) app.charts.series.push_back(k);

  if (!glfwInit()) {
    std::fprintf(stderr, "clustersim-gui: cannot initialise GLFW (no display?)\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_RESIZABLE, scripted ? GLFW_FALSE : GLFW_TRUE);
  GLFWwindow* win = glfwCreateWindow(opt.width, opt.height, "ClusterSim", nullptr, nullptr);
  if (!win) {  // an older driver: any context the backend accepts
    glfwDefaultWindowHints();
    win = glfwCreateWindow(opt.width, opt.height, "ClusterSim", nullptr, nullptr);
  }
  if (!win) {
    std::fprintf(stderr, "clustersim-gui: cannot create an OpenGL window\n");
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(win);
  glfwSwapInterval(scripted ? 0 : 1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  style_for_classroom();
  const ImGuiStyle base_style = ImGui::GetStyle();
  load_fonts(app);
  ImGui_ImplGlfw_InitForOpenGL(win, true);
  ImGui_ImplOpenGL3_Init(nullptr);

  int rc = 0;
  {
    viz::SimRunner runner(params, name, opt.ab, opt.bench);
    app.runner = &runner;
    runner.send(viz::cmd::Speed{opt.speed});
    if (opt.bench) runner.send(viz::cmd::AutoPause{false});
    using Clock = std::chrono::steady_clock;
    int frame = 0, extra = 0;
    const int end_month = app.controls.edit.run.steps;
    bool end_said = false;
    bool waiting = false, preset_done = opt.preset.empty();
    Clock::time_point bench_t0{}, wait_t0{};
    std::uint64_t bench_s0 = 0;
    double ui_s = 0;  // time building the UI (CPU), the rest of a frame is rendering
    double ui_max = 0;  // the slowest UI frame after the warm-up
    double vtx = 0, idx = 0, cmds = 0;  // draw data submitted, summed over the timed frames
    while (!glfwWindowShouldClose(win)) {
      glfwPollEvents();
      if (scripted && !opt.bench && frame < opt.frames && opt.steps_per_frame > 0) {
        // The levers land exactly at month policy_at: commands are applied in order. The run
        // stops at the scenario's end (run.steps): later frames only redraw.
        const int month = frame * opt.steps_per_frame;
        const int per = std::max(0, std::min(opt.steps_per_frame, end_month - month));
        if (per < opt.steps_per_frame && !end_said) {
          end_said = true;
          std::printf("scripted run stops at the scenario's end, month %d\n", end_month);
        }
        if (per == 0) {
          // nothing to step
        } else if (opt.policy_at >= month && opt.policy_at < month + per) {
          runner.send(viz::cmd::Step{opt.policy_at - month});
          if (opt.guarantee > 0 || opt.subsidy > 0) runner.send(viz::cmd::SetLevers{opt.guarantee, opt.subsidy});
          if (!opt.switch_on.empty()) {
            app.view = runner.view();
            app.programme.edit = app.view->interventions;
            for (const std::string& k : opt.switch_on) viz::switch_on(app, k);
          }
          runner.send(viz::cmd::Step{month + per - opt.policy_at});
          app.controls.guarantee = static_cast<float>(opt.guarantee);
          app.controls.subsidy = static_cast<float>(opt.subsidy);
        } else {
          runner.send(viz::cmd::Step{per});
        }
      }
      app.view = runner.view();
      // Scripted runs settling after their frames: each map waits for its raster of the frame
      // shown, so the screenshot has the final month's map.
      app.sync_maps = scripted && !opt.bench && frame >= opt.frames;
      const auto t_ui = Clock::now();
      // Text and spacing follow the window size and the text size setting.
      const std::size_t fk = font_for(app, ImGui::GetIO().DisplaySize.x > 0 ? ImGui::GetIO().DisplaySize
                                                                           : ImVec2(float(opt.width), float(opt.height)));
      ImFont* font = app.fonts[fk];
      ImGui::GetStyle() = base_style;
      ImGui::GetStyle().ScaleAllSizes(viz::kFontSizes[fk] / 17.f);
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // Scripted pictures show no hover tooltips, wherever the X pointer happens to be.
      if (scripted && !opt.bench) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      ImGui::PushFont(font);
      viz::draw_ui(app);
      ImGui::PopFont();
      ImGui::Render();
      const double ui_frame = std::chrono::duration<double>(Clock::now() - t_ui).count();
      ui_s += ui_frame;
      ui_max = std::max(ui_max, ui_frame);
      if (const ImDrawData* dd = ImGui::GetDrawData()) {
        vtx += dd->TotalVtxCount, idx += dd->TotalIdxCount;
        for (int k = 0; k < dd->CmdListsCount; ++k) cmds += dd->CmdLists[k]->CmdBuffer.Size;
      }
      int w, h;
      glfwGetFramebufferSize(win, &w, &h);
      glViewport(0, 0, w, h);
      glClearColor(0.97f, 0.97f, 0.96f, 1);
      glClear(GL_COLOR_BUFFER_BIT);
      ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

      // Scripted runs: after the frames, wait for the simulation, draw twice more, then capture.
      bool capture = app.scenario.want_png;
      if (scripted && frame >= opt.frames) {
        if (opt.bench) {
          const double secs = std::chrono::duration<double>(Clock::now() - bench_t0).count();
          const double frames = opt.frames - 20;
          std::printf("renderer: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
          std::printf("firms: %d\nab: %d\nframes: %.0f\nframe_ms: %.2f\nui_ms: %.2f\nfps: %.1f\nsteps_per_s: %.1f\n",
                      app.controls.edit.clusters.front().firms, opt.ab ? 1 : 0, frames, 1000 * secs / frames,
                      1000 * ui_s / frames, frames / secs, double(runner.steps_done() - bench_s0) / secs);
          const viz::UiTimes& t = app.times;
          std::printf("ui_ms_max: %.2f\n", 1000 * ui_max);
          std::printf("ui_ms_controls: %.2f\nui_ms_maps: %.2f\nui_ms_charts: %.2f\nui_ms_programme: %.2f\n"
                      "ui_ms_other: %.2f\nui_ms_render_call: %.2f\nmap_rasters_per_s: %.1f\nmap_raster_ms: %.2f\nmap_upload_ms: %.2f\n"
                      "links_per_frame: %.0f\nvertices_per_frame: %.0f\nindices_per_frame: %.0f\n"
                      "draw_cmds_per_frame: %.0f\n",
                      1000 * t.controls / frames, 1000 * t.maps / frames, 1000 * t.charts / frames,
                      1000 * t.programme / frames, 1000 * t.other / frames,
                      1000 * (ui_s - t.controls - t.maps - t.charts - t.programme - t.other) / frames,
                      double(t.rasters) / secs, t.rasters ? 1000 * t.raster / double(t.rasters) : 0.0,
                      t.rasters ? 1000 * t.upload / double(t.rasters) : 0.0,
                      double(t.links) / frames, vtx / frames, idx / frames, cmds / frames);
          break;
        }
        if (!waiting) waiting = true, wait_t0 = Clock::now();
        if (!preset_done && runner.idle()) {
          // The preset acts on the settled run, as a click would; then wait for it in turn.
          preset_done = true;
          app.view = runner.view();
          const auto& ps = app.narrative.presets;
          const auto it = std::find_if(ps.begin(), ps.end(), [&](const viz::Preset& p) { return p.name == opt.preset; });
          if (it == ps.end()) {
            std::fprintf(stderr, "no preset named \"%s\" in the narrative\n", opt.preset.c_str());
            rc = 1;
          } else {
            viz::apply_preset(app, *it);
            std::printf("preset: %s\n", it->name.c_str());
          }
        } else if (runner.idle() || Clock::now() - wait_t0 > std::chrono::seconds(300)) {
          ++extra;
        }
        if (extra == 3 && !opt.csv.empty()) {
          if (const std::string err = viz::export_csv(*app.view, opt.csv); !err.empty()) {
            std::fprintf(stderr, "%s\n", err.c_str());
            rc = 1;
          } else {
            std::printf("csv: %s\n", opt.csv.c_str());
          }
        }
        if (extra >= 3) capture = !opt.screenshot.empty();
        if (extra >= 3 && !capture) break;
      }
      if (capture) {
        const std::string path = app.scenario.want_png ? app.scenario.png_path : opt.screenshot;
        std::string err;
        std::error_code ec;
        if (std::filesystem::path(path).has_parent_path())
          std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
        if (ec) {
          std::fprintf(stderr, "cannot write %s: %s\n", path.c_str(), ec.message().c_str());
          rc = 1;
        } else if (!viz::write_png(path, w, h, viz::read_framebuffer(w, h), &err)) {
          std::fprintf(stderr, "%s\n", err.c_str());
          rc = 1;
        } else {
          std::printf("screenshot: %s (%dx%d, month %d)\n", path.c_str(), w, h, app.view->policy->step);
          if (const auto& e = app.view->effects; e && e->problem.empty())
            std::printf("effects by year: %zu years, %.0f participants of %.0f firms\n", e->years.size(), e->participants,
                        e->cohort);
          else if (e)
            std::printf("effects by year: %s\n", e->problem.c_str());
          if (const auto& ex = app.view->policy_extra; ex && ex->programme.present)
            for (const viz::LineView& l : ex->programme.lines)
              std::printf("programme line: %s %s%s spent %.1f of %.1f\n", l.name.c_str(), l.enabled ? "on" : "off",
                          l.active ? " running" : "", l.spent, l.budget);
        }
        app.scenario.want_png = false;
        if (scripted && frame >= opt.frames) {
          if (!opt.layout_report.empty()) {
            std::string err;
            if (!write_layout_report(app, opt.layout_report, w, h, err)) std::fprintf(stderr, "%s\n", err.c_str()), rc = 1;
            else std::printf("layout report: %s (%zu items)\n", opt.layout_report.c_str(), app.report.items.size());
          }
          break;
        }
      }
      glfwSwapBuffers(win);
      if (frame == 20) {
        bench_t0 = Clock::now(), bench_s0 = runner.steps_done(), ui_s = ui_max = 0;
        vtx = idx = cmds = 0;
        app.times = viz::UiTimes{};
      }
      if (!(scripted && frame >= opt.frames)) ++frame;
      if (scripted && frame >= opt.frames && !opt.bench) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    viz::release_maps(app);
    app.view.reset();
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(win);
  glfwTerminate();
  if (scripted && !opt.bench && setup_rc != 0) {
    std::fprintf(stderr, "clustersim-gui: the scenario %s could not be used (see above); exit %d\n", opt.scenario.c_str(),
                 setup_rc);
    return rc ? rc : setup_rc;
  }
  return rc;
}

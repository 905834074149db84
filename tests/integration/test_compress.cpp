// `clustersim run --compress`: timeseries.csv.gz and firms.csv.gz hold the text of a plain run,
// gzip-compressed, and the manifest lists them.
#include <doctest/doctest.h>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <string>

#include "support/cli.hpp"

namespace fs = std::filesystem;

namespace {

std::string gunzip(const fs::path& p) {
  gzFile f = gzopen(p.string().c_str(), "rb");
  REQUIRE(f != nullptr);
  std::string text;
  std::array<char, 1 << 16> b;
  for (int n; (n = gzread(f, b.data(), static_cast<unsigned>(b.size()))) > 0;) text.append(b.data(), static_cast<std::size_t>(n));
  gzclose(f);
  return text;
}

}  // namespace

TEST_CASE("run --compress writes the text of a plain run, gzip-compressed") {
  using cs::test::cli;
  using cs::test::slurp;
  cs::test::TempDir tmp("compress", "run");
  const std::string cfg = CLUSTERSIM_SOURCE_DIR "/configs/default.toml";
  const fs::path plain = tmp.path / "plain", gz = tmp.path / "gz";
  REQUIRE(cli({"run", cfg, "--steps", "4", "--firm-panel", "2", "--out", plain.string(), "--quiet"}) == 0);
  REQUIRE(cli({"run", cfg, "--steps", "4", "--firm-panel", "2", "--compress", "--out", gz.string(), "--quiet"}) == 0);
  CHECK_FALSE(fs::exists(gz / "timeseries.csv"));
  CHECK_FALSE(fs::exists(gz / "firms.csv"));
  CHECK(gunzip(gz / "timeseries.csv.gz") == slurp(plain / "timeseries.csv"));
  CHECK(gunzip(gz / "firms.csv.gz") == slurp(plain / "firms.csv"));
  CHECK(fs::file_size(gz / "firms.csv.gz") * 2 < fs::file_size(plain / "firms.csv"));
  const std::string manifest = slurp(gz / "manifest.json");
  CHECK(manifest.find("\"timeseries.csv.gz\"") != std::string::npos);
  CHECK(manifest.find("\"firms.csv.gz\"") != std::string::npos);
  // A compressed run over a plain one with --force replaces its files.
  REQUIRE(cli({"run", cfg, "--steps", "2", "--compress", "--force", "--out", plain.string(), "--quiet"}) == 0);
  CHECK_FALSE(fs::exists(plain / "timeseries.csv"));
  CHECK_FALSE(fs::exists(plain / "firms.csv"));
  CHECK(fs::exists(plain / "timeseries.csv.gz"));
}

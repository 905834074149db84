// Writing Params as TOML: every key with its resolved value and its meaning as a comment;
// interventions list only their own kind's keys. The loader reads the result back unchanged.
#include <limits>
#include <sstream>
#include <string>

#include "params/load.hpp"
#include "params/schema.hpp"

namespace cs {

namespace {

// ---------------------------------------------------------------------------------------------
// Writing TOML

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04X", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string toml_double(double v) {
  std::string s = fmt_double(v);  // inf, -inf, nan are valid TOML floats
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

template <class T, class Keep = bool (*)(std::string_view)>
void write_table(std::ostringstream& os, T& tbl, Keep keep = [](std::string_view) { return true; }) {
  visit_table(tbl, [&](std::string_view name, auto& field, Range, const char* doc) {
    using F = std::decay_t<decltype(field)>;
    if (!keep(name)) return;
    os << name << " = ";
    if constexpr (std::is_same_v<F, double>) os << toml_double(field);
    else if constexpr (std::is_same_v<F, int>) os << field;
    else if constexpr (std::is_same_v<F, std::uint64_t>) {
      if (field > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        os << '"' << field << '"';  // beyond TOML integers: the loader accepts digit strings
      else
        os << field;
    } else {
      os << toml_string(field);
    }
    os << "  # " << doc << '\n';
  });
}


}  // namespace

std::string to_toml(const Params& params) {
  Params p = params;
  std::ostringstream os;
  os << "# ClusterSim parameters (resolved values). Money in ₹ lakh (real), time in months.\n";
  if (p.clusters.empty()) os << "cluster = []\n";
  visit_tables(p, [&](std::string_view name, auto& tbl) {
    os << "\n[" << name << "]\n";
    write_table(os, tbl);
  });
  for (auto& c : p.clusters) {
    os << "\n[[cluster]]\n";
    write_table(os, c);
  }
  for (auto& iv : p.interventions) {
    os << "\n[[intervention]]\n";
    write_table(os, iv, [&](std::string_view key) { return intervention_key_problem(iv.kind, key).empty(); });
  }
  for (auto& s : p.shocks) {
    os << "\n[[shock]]\n";
    write_table(os, s);
  }
  return os.str();
}

}  // namespace cs

// A scenario on top of its bases, and its [set] overrides (load.hpp's load_params): the base chain
// is resolved and merged as TOML tables, then [set] is applied to the Params built from them.
#include "params/overlay.hpp"

#include <filesystem>
#include <system_error>

namespace cs::overlay {

namespace fs = std::filesystem;

toml::table parse_toml(std::string_view text, const std::string& source) {
  check_toml_input(text, source);
#if TOML_EXCEPTIONS
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    throw ConfigError({ConfigIssue{source, static_cast<int>(e.source().begin.line),
                                   static_cast<int>(e.source().begin.column), "",
                                   "TOML syntax error: " + std::string(e.description())}});
  }
#else
  toml::parse_result res = toml::parse(text, source);
  if (!res) {
    const auto& e = res.error();
    throw ConfigError({ConfigIssue{source, static_cast<int>(e.source().begin.line),
                                   static_cast<int>(e.source().begin.column), "",
                                   "TOML syntax error: " + std::string(e.description())}});
  }
  return std::move(res).table();
#endif
}

ConfigIssue issue_at(const toml::source_region& r, const std::string& file, std::string key, std::string msg) {
  return ConfigIssue{r.path && !r.path->empty() ? *r.path : file, static_cast<int>(r.begin.line),
                     static_cast<int>(r.begin.column), std::move(key), std::move(msg)};
}

namespace {

/// Moves the keys of `over` into `base`: tables merge key by key, anything else (values, arrays,
/// arrays of tables such as [[cluster]]) replaces what the base had. Moving keeps each node's
/// source, so problems are reported in the file that wrote the key. The recursion is bounded by
/// InputLimits (parts of a key, nesting).
void merge_into(toml::table& base, toml::table& over) {
  for (auto&& [k, node] : over) {
    toml::table* bt = base.get_as<toml::table>(k.str());
    if (bt && node.is_table()) merge_into(*bt, *node.as_table());
    else base.insert_or_assign(k, std::move(node));
  }
}

/// `chain` lists the files being loaded, to report a cycle.
/// A file without `base` builds on `default_base` when it is not empty (only the first file).
toml::table resolve_chain(std::string_view text, const std::string& source, std::vector<std::string>& chain,
                          const std::string& default_base = {}) {
  toml::table root = parse_toml(text, source);
  const toml::node* bn = root.get("base");
  if (!bn && default_base.empty()) return root;
  const toml::source_region here = bn ? bn->source() : root.source();
  std::string path = default_base;
  if (bn) {
    const auto* bs = bn->as_string();
    if (!bs || bs->get().empty())
      throw ConfigError({issue_at(bn->source(), source, "base", "expected base = \"path/to/scenario.toml\" (relative to this file)")});
    const fs::path rel(bs->get());
    path = (rel.is_absolute() ? rel : fs::path(source).parent_path() / rel).lexically_normal().string();
  }
  std::error_code ec;
  const std::string canon = fs::weakly_canonical(path, ec).string();
  for (const std::string& c : chain)
    if (c == canon) {
      std::string cycle;
      for (const std::string& f : chain) cycle += f + " -> ";
      throw ConfigError({issue_at(here, source, "base", "base scenarios form a cycle: " + cycle + canon)});
    }
  if (chain.size() >= 64)
    throw ConfigError({issue_at(here, source, "base", "more than 64 base scenarios, one on another")});
  std::string base_text;
  try {
    base_text = read_config_text(path, "base scenario");
  } catch (const ConfigError& e) {
    throw ConfigError({issue_at(here, source, "base",
                                "cannot load base scenario " + quote_text(path, 200) + ": " + e.issues().front().message)});
  }
  chain.push_back(canon);
  toml::table merged = resolve_chain(base_text, path, chain);
  chain.pop_back();
  root.erase("base");
  merged.erase("base");
  merge_into(merged, root);
  return merged;
}

void collect_sets(const toml::table& t, const std::string& prefix, const std::string& file, std::vector<SetEntry>& out,
                  std::vector<ConfigIssue>& issues) {
  for (auto&& [k, node] : t) {
    const std::string path = prefix + std::string(k.str());
    if (const auto* sub = node.as_table()) {
      collect_sets(*sub, path + ".", file, out, issues);
    } else if (const auto* i = node.as_integer()) {
      out.push_back({path, std::to_string(i->get()), &node});
    } else if (const auto* f = node.as_floating_point()) {
      out.push_back({path, fmt_double(f->get()), &node});
    } else if (const auto* str = node.as_string()) {
      out.push_back({path, str->get(), &node});
    } else {
      issues.push_back(issue_at(node.source(), file, "set." + path,
                                "expected a number or a string for " + quote_text(path) + ", found " + describe(node)));
    }
  }
}

}  // namespace

toml::table resolve(std::string_view text, const std::string& source, const std::string& default_base) {
  std::vector<std::string> chain;
  std::error_code ec;
  chain.push_back(fs::weakly_canonical(source, ec).string());
  return resolve_chain(text, source, chain, default_base);
}

std::vector<SetEntry> take_sets(toml::table& root, toml::table& holder, const std::string& source,
                                std::vector<ConfigIssue>& issues) {
  std::vector<SetEntry> sets;
  if (toml::node* sn = root.get("set")) {
    if (auto* st = sn->as_table()) {
      holder = std::move(*st);
      collect_sets(holder, "", source, sets, issues);
    } else {
      issues.push_back(issue_at(sn->source(), source, "set", "expected a table [set] of \"dotted.path\" = value overrides"));
    }
    root.erase("set");
  }
  return sets;
}

void apply_set_entries(Params& p, const std::vector<SetEntry>& sets, const std::string& source,
                       std::vector<ConfigIssue>& issues, std::map<std::string, ConfigIssue>& positions) {
  for (const SetEntry& e : sets) {
    try {
      apply_override(p, e.path, e.value);
      positions[e.path] = issue_at(e.node->source(), source, "set." + e.path, {});
    } catch (const ConfigError& err) {
      for (const ConfigIssue& i : err.issues()) issues.push_back(issue_at(e.node->source(), source, "set." + e.path, i.message));
    }
  }
}

}  // namespace cs::overlay

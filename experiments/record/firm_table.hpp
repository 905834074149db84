#pragma once
// The firm table: one row per alive firm with the columns of the firm panel, as the model holds
// them (types and units included). firms.csv and the Python package read this one table.
#include <cstdint>
#include <string>
#include <vector>

#include "world.hpp"

namespace cs {

/// The columns of the firm table, in slot order, alive firms only.
struct FirmTable {
  std::vector<std::uint32_t> firm_id;        ///< the firm's uid (unique over the run)
  std::vector<std::uint16_t> cluster;        ///< cluster index
  std::vector<float> employees;              ///< workers this month (the model's float)
  std::vector<float> output;                 ///< units produced this month
  std::vector<float> turnover;               ///< ₹ lakh this month, gross of commission
  std::vector<float> productivity;           ///< effective labour productivity, units / worker-month
  std::vector<std::string> size_class;       ///< micro, small, medium or large (MSMED Act rules)
  std::vector<std::int32_t> age_months;      ///< months since entry
  std::vector<std::uint8_t> exporter;        ///< 1 if it sold abroad this month
  std::vector<double> cash;                  ///< ₹ lakh
  std::vector<double> debt;                  ///< formal debt, ₹ lakh
  std::vector<double> informal_debt;         ///< ₹ lakh
  std::vector<std::uint8_t> certified;       ///< 1 if it holds a valid quality certificate
  std::vector<std::uint8_t> member;          ///< 1 if a member of the cluster association
  std::vector<std::uint8_t> cfc_user;        ///< 1 if it used the CFC this month
  std::vector<std::string> programme_kinds;  ///< intervention kinds that reached it, joined by '+'
  std::vector<double> programme_support;     ///< ₹ lakh received from the programme so far

  std::size_t size() const { return firm_id.size(); }
};

/// Each column's name, unit and meaning, in the panel's order (after run_id; step is added by
/// the writer), for the manifest and the Python package.
struct FirmColumn {
  const char* name;
  const char* unit;
  const char* doc;
};
const std::vector<FirmColumn>& firm_columns();

/// The table of `w`'s alive firms at w.step.
FirmTable firm_table(const World& w);

}  // namespace cs

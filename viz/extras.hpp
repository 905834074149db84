#pragma once
// What the visualiser shows beyond cs::Frame, built on the simulation thread from a World and
// its programme: the programme's lifecycle and budget lines, the institutions as map markers
// (CFCs, BDS providers, associations, the CDA), and per-firm institution flags aligned with the
// frame's firm rows (alive firms in slot order). Immutable once published, like the frame.
#include <cstdint>
#include <string>
#include <vector>

#include "world.hpp"

namespace cs::policies { class Programme; }

namespace viz {

/// One budget line of the programme as the programme panel shows it.
struct LineView {
  std::string name, kind;
  int index = -1;              ///< index in Params::interventions; -1 for "management"
  bool enabled = true;
  bool active = false;         ///< inside its window this month (and switched on)
  int from = 0, to = 0;        ///< window, steps [from, to)
  double budget = 0, spent = 0, spent_month = 0;  ///< ₹ lakh
};

struct ProgrammeView {
  bool present = false;
  int begin[10] = {};          ///< first step of each phase; begin[9] = exit
  int phase = -1;              ///< policies::Phase of the last month applied
  bool cda_active = false;
  std::vector<LineView> lines; ///< "management" first
};

enum class MarkerKind : std::uint8_t { cfc, bds, association, cda };

struct Marker {
  MarkerKind kind;
  std::uint16_t cluster;
  std::uint8_t sub;            ///< CFC: facility kind; BDS: service kind
  std::uint8_t stage;          ///< CFC: 0 building, 1 open, 2 closed
  float x, y;                  ///< km
  int users;                   ///< CFC: users this month; BDS: clients this month
};

/// Bits of Extras::firm_flags.
inline constexpr std::uint8_t kFlagMember = 1, kFlagCfcUser = 2, kFlagParticipant = 4, kFlagCertified = 8;

struct Extras {
  ProgrammeView programme;
  std::vector<Marker> markers;
  std::vector<std::uint8_t> firm_flags;  ///< one per frame firm row
  std::size_t members = 0, cfc_users = 0, participants = 0, certified = 0;
};

/// Reads `w` (and its programme, may be null) on the simulation thread.
Extras make_extras(const cs::World& w, const cs::policies::Programme* prog);

}  // namespace viz

// Process-wide logging: spdlog to stderr, in the journal's format under systemd.
#pragma once

#include <string>

namespace nw::daemon {

// Installs the default logger at `level` ("" = info). Under journald
// (JOURNAL_STREAM set) lines carry "<N>" syslog priorities and no timestamp,
// since the journal records both; otherwise a human format with time and level.
// Throws std::invalid_argument for an unknown level name.
void setup_logging(const std::string& level);

}  // namespace nw::daemon

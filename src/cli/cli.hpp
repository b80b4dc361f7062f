// The command line: `newswatch COMMAND [OPTIONS]` as interface.md lists it.
#pragma once

#include <string>
#include <vector>

namespace nw::cli {

// Runs one command; returns the process exit status (2 for bad usage).
int run_command_line(const std::vector<std::string>& args);

}  // namespace nw::cli

// The command table (command.hpp) for people and shells.
#pragma once

#include <ostream>
#include <string>

#include "cli/command.hpp"

namespace nw::cli {

// "usage: newswatch COMMAND [OPTIONS]" and every command's synopsis.
void print_usage(std::ostream& out);
// One command's synopsis and description (`newswatch help COMMAND`).
void print_command_help(std::ostream& out, const Command& command);

// newswatch(1) in roff (man(7)), installed by `cmake --install`.
std::string man_page();
// The bash completion script of `newswatch completion bash`.
std::string bash_completion();

}  // namespace nw::cli

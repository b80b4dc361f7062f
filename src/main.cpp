// newswatch: watches the news for figures. See `newswatch help`.
#include <string>
#include <vector>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return nw::cli::run_command_line(std::vector<std::string>(argv, argv + argc));
}

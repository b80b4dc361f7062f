#include "daemon/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <stdexcept>

namespace nw::daemon {
namespace {

// syslog(3) priority of a spdlog level, as sd-daemon(3) prefixes expect.
int syslog_priority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return 7;  // LOG_DEBUG
    case spdlog::level::info:
      return 6;  // LOG_INFO
    case spdlog::level::warn:
      return 4;  // LOG_WARNING
    case spdlog::level::err:
      return 3;  // LOG_ERR
    case spdlog::level::critical:
      return 2;  // LOG_CRIT
    default:
      return 6;
  }
}

// The "%*" flag: "<N>" for the message's level, which journald turns into PRIORITY=.
class PriorityFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const char text[] = {'<', static_cast<char>('0' + syslog_priority(msg.level)), '>'};
    dest.append(text, text + sizeof text);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<PriorityFlag>();
  }
};

}  // namespace

void setup_logging(const std::string& level) {
  auto parsed = spdlog::level::info;
  if (!level.empty()) {
    parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") {
      throw std::invalid_argument("unknown log level '" + level +
                                  "' (trace, debug, info, warn, error, critical, off)");
    }
  }
  auto logger = spdlog::get("newswatch");
  if (!logger) logger = spdlog::stderr_color_mt("newswatch");
  if (std::getenv("JOURNAL_STREAM")) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<PriorityFlag>('*').set_pattern("%*%v");
    logger->set_formatter(std::move(formatter));
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S%z %^%l%$ %v");
  }
  spdlog::set_default_logger(logger);
  spdlog::set_level(parsed);
}

}  // namespace nw::daemon

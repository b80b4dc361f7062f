#include "alerts/webhook.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

namespace nw::alerts {

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return {};
  std::string out(3 * text.size() / 4, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return {};
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  std::size_t len = static_cast<std::size_t>(n);
  if (!text.empty() && text.back() == '=') --len;
  if (text.size() > 1 && text[text.size() - 2] == '=') --len;
  out.resize(len);
  return out;
}

std::string secret_key(std::string_view secret) {
  if (secret.rfind("whsec_", 0) == 0) {
    std::string key = base64_decode(secret.substr(6));
    if (!key.empty()) return key;
  }
  return std::string(secret);
}

std::string sign(std::string_view secret, std::string_view id, long long timestamp,
                 std::string_view body) {
  const std::string key = secret_key(secret);
  std::string message;
  message.reserve(id.size() + body.size() + 24);
  message.append(id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  return "v1," + base64_encode(std::string_view(reinterpret_cast<const char*>(mac), len));
}

std::vector<std::string> webhook_headers(std::string_view secret, std::string_view id,
                                         long long timestamp, std::string_view body) {
  std::vector<std::string> h{"Content-Type: application/json", "webhook-id: " + std::string(id),
                             "webhook-timestamp: " + std::to_string(timestamp)};
  if (!secret.empty()) h.push_back("webhook-signature: " + sign(secret, id, timestamp, body));
  return h;
}

std::string format_body(std::string_view format, const std::string& alert_body) {
  if (format != "slack") return alert_body;
  const auto a = nlohmann::json::parse(alert_body);
  const auto& c = a["claim"];
  const auto& prior = a["prior"].empty() ? nlohmann::json::object() : a["prior"][0];
  auto figure = [](const nlohmann::json& x) {
    if (!x.contains("value")) return std::string("?");
    std::string s = x["value"].dump();
    if (s.size() > 2 && s.ends_with(".0")) s.resize(s.size() - 2);
    if (x.value("qualifier", "exact") != "exact") s += " (" + x.value("qualifier", "") + ")";
    return s;
  };
  auto source = [](const nlohmann::json& x) {
    if (x.contains("origin") && x["origin"].is_string()) return x["origin"].get<std::string>();
    const auto& art = x.value("article", nlohmann::json::object());
    return x.contains("source") && x["source"].is_string() ? x["source"].get<std::string>()
                                                           : art.value("feed", std::string());
  };
  // One line that says what happened: which event, which group, which figures.
  const std::string event = a.value("event", std::string("divergence"));
  static const std::map<std::string, std::string> k_verbs = {{"contradiction", "contradicts"},
                                                             {"divergence", "is far from"},
                                                             {"revision", "revises"},
                                                             {"confirmed", "confirms"}};
  const auto verb = k_verbs.count(event) ? k_verbs.at(event) : std::string("differs from");
  std::string label = event;
  if (!label.empty()) label[0] = static_cast<char>(std::toupper(label[0]));
  std::string headline = label + ": " + a.value("subject", "") + " " + a.value("metric", "") + " " +
                         figure(c) + " from " + source(c) + " " + verb + " " + figure(prior) +
                         " from " + source(prior);
  if (a.contains("reconciled") && a["reconciled"].is_object()) {
    const auto& r = a["reconciled"];
    auto num = [](const nlohmann::json& v) {
      std::string s = v.dump();
      return s.ends_with(".0") ? s.substr(0, s.size() - 2) : s;
    };
    headline += "; best " + num(r["best"]) + " (" + num(r["low"]) + "–" + num(r["high"]) + ", " +
                std::to_string(r.value("origins", 0)) + " origins" +
                (r.value("disputed", false) ? ", disputed)" : ")");
  }
  if (a.contains("ledger") && a["ledger"].is_string())
    headline += " <" + a["ledger"].get<std::string>() + "|ledger>";
  const std::string detail = "New: " + figure(c) + " — " + source(c) + "\n> " +
                             c.value("quote", "") + "\nEarlier: " + figure(prior) + " — " +
                             source(prior) + "\n> " + prior.value("quote", "");
  nlohmann::json body = {
      {"text", headline},
      {"blocks",
       {{{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", "*" + headline + "*"}}}},
        {{"type", "section"}, {"text", {{"type", "mrkdwn"}, {"text", detail}}}}}}};
  return body.dump();
}

}  // namespace nw::alerts

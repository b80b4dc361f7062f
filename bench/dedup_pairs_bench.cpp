// Measures the near-duplicate signals on pairs built from real article texts,
// to choose dedup's thresholds (not a timing benchmark).
//   build/bench/dedup_pairs_bench ../shared/corpus/articles/ground-truth.jsonl
// Prints, per kind of pair, containment and Jaccard (min / median / max) and
// the share of pairs that share an LSH band key (become candidates).
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "dedup/fingerprint.hpp"

namespace {

using nw::dedup::band_keys;
using nw::dedup::overlap;
using nw::dedup::shingles;

std::vector<std::string> paragraphs(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return out;
}

std::string join(const std::vector<std::string>& ps) {
  std::string out;
  for (const auto& p : ps) out += (out.empty() ? "" : "\n\n") + p;
  return out;
}

struct Stats {
  std::vector<double> containment, jaccard, novel;
  int candidates = 0;
  int duplicates = 0;
  void add(const std::string& a, const std::string& b) {
    const auto o = overlap(a, b);
    containment.push_back(o.containment);
    jaccard.push_back(o.jaccard);
    novel.push_back(static_cast<double>(o.novel_words));
    duplicates += nw::dedup::is_near_duplicate(o);
    const auto ka = band_keys(shingles(a)), kb = band_keys(shingles(b));
    bool shared = false;
    for (std::size_t i = 0; i < ka.size(); ++i) shared = shared || ka[i] == kb[i];
    candidates += shared;
  }
  void print(const char* name) {
    auto q = [](std::vector<double> v, double p) {
      std::sort(v.begin(), v.end());
      return v.empty() ? 0.0 : v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
    };
    const double n = containment.empty() ? 1.0 : double(containment.size());
    std::printf(
        "%-26s n=%5zu containment min %.2f p05 %.2f med %.2f max %.2f | novel words p95 %.0f med "
        "%.0f | candidates %.3f | judged duplicate %.3f\n",
        name, containment.size(), q(containment, 0), q(containment, 0.05), q(containment, 0.5),
        q(containment, 1), q(novel, 0.95), q(novel, 0.5), double(candidates) / n,
        double(duplicates) / n);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s ground-truth.jsonl\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::vector<std::vector<std::string>> docs;
  for (std::string line; std::getline(in, line);) {
    auto ps = paragraphs(nlohmann::json::parse(line).value("text", ""));
    if (ps.size() >= 4) docs.push_back(std::move(ps));
  }
  std::mt19937 rng(42);
  Stats copies, republished, different;
  const std::string byline = "By Wire Staff, with reporting from our regional desk";
  const std::string boilerplate =
      "Sign up for our daily newsletter to get the top stories in your inbox.\n\n"
      "Copyright 2025 Wire Agency. All rights reserved.";
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto& d = docs[i];
    const std::string original = join(d);
    // A syndicated copy: a paragraph dropped, another byline, boilerplate added.
    auto copy = d;
    copy.erase(copy.begin() + 1 + static_cast<long>(rng() % (copy.size() - 1)));
    copy.insert(copy.begin(), byline);
    copy.push_back(boilerplate);
    copies.add(join(copy), original);
    // A republication: the story with two new paragraphs of new material.
    auto updated = d;
    const auto& other = docs[(i + 1) % docs.size()];
    updated.insert(updated.begin() + 1, other[0]);
    updated.push_back(other[1]);
    republished.add(join(updated), original);
    for (std::size_t j = i + 1; j < docs.size(); ++j) different.add(join(docs[j]), original);
  }
  copies.print("syndicated copies");
  republished.print("republished +2 paragraphs");
  different.print("different articles");
  return 0;
}

// Just enough PNG decoding (8-bit RGB/RGBA, non-interlaced, as Chromium writes
// screenshots) for tests to look at the pixels a browser drew.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace nw::test {

struct Image {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> rgb;  // width * height * 3

  // How many pixels are within `tolerance` of the colour on every channel.
  std::size_t count(uint32_t colour, int tolerance = 12) const {
    const int r = static_cast<int>(colour >> 16 & 0xFF), g = static_cast<int>(colour >> 8 & 0xFF),
              b = static_cast<int>(colour & 0xFF);
    std::size_t n = 0;
    for (std::size_t i = 0; i + 2 < rgb.size(); i += 3) {
      n += std::abs(rgb[i] - r) <= tolerance && std::abs(rgb[i + 1] - g) <= tolerance &&
           std::abs(rgb[i + 2] - b) <= tolerance;
    }
    return n;
  }
};

inline uint32_t be32(const std::string& s, std::size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[at])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[at + 2])) << 8 |
         static_cast<uint8_t>(s[at + 3]);
}

// The decoded image, or nullopt when `png` is not a PNG this decoder reads.
inline std::optional<Image> decode_png(const std::string& png) {
  if (png.size() < 8 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return std::nullopt;
  Image img;
  int channels = 0;
  std::string idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const uint32_t len = be32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + len > png.size()) return std::nullopt;
    if (type == "IHDR") {
      img.width = be32(png, at + 8);
      img.height = be32(png, at + 12);
      const int depth = static_cast<uint8_t>(png[at + 16]),
                colour = static_cast<uint8_t>(png[at + 17]);
      const int interlace = static_cast<uint8_t>(png[at + 20]);
      if (depth != 8 || interlace != 0 || (colour != 2 && colour != 6)) return std::nullopt;
      channels = colour == 2 ? 3 : 4;
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, len);
    }
    at += 12 + len;
  }
  if (channels == 0 || img.width == 0 || img.width > 10000 || img.height > 20000)
    return std::nullopt;
  const std::size_t stride = img.width * static_cast<std::size_t>(channels);
  std::vector<uint8_t> raw((stride + 1) * img.height);
  uLongf raw_len = static_cast<uLongf>(raw.size());
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()),
                 static_cast<uLong>(idat.size())) != Z_OK ||
      raw_len != raw.size()) {
    return std::nullopt;
  }
  std::vector<uint8_t> prev(stride, 0), cur(stride);
  img.rgb.reserve(img.width * img.height * 3);
  for (uint32_t y = 0; y < img.height; ++y) {
    const uint8_t* row = raw.data() + y * (stride + 1);
    const int filter = row[0];
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? cur[i - channels] : 0;
      const int b = prev[i];
      const int c = i >= static_cast<std::size_t>(channels) ? prev[i - channels] : 0;
      int predictor = 0;
      switch (filter) {
        case 1:
          predictor = a;
          break;
        case 2:
          predictor = b;
          break;
        case 3:
          predictor = (a + b) / 2;
          break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          break;
      }
      cur[i] = static_cast<uint8_t>(row[1 + i] + predictor);
    }
    for (std::size_t x = 0; x < img.width; ++x) {
      for (int k = 0; k < 3; ++k)
        img.rgb.push_back(cur[x * static_cast<std::size_t>(channels) + k]);
    }
    std::swap(prev, cur);
  }
  return img;
}

}  // namespace nw::test

#pragma once
// A minimal PNG writer (8-bit RGB, no compression: "stored" deflate blocks), enough for
// screenshots without any image library.
#include <cstdint>
#include <string>
#include <vector>

namespace viz {

/// Writes `rgb` (width * height * 3 bytes, top row first) as a PNG file. Returns false and sets
/// `error` when the file cannot be written.
bool write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgb,
               std::string* error = nullptr);

/// Reads the current OpenGL framebuffer (width x height, bottom-up) into top-down RGB rows.
std::vector<std::uint8_t> read_framebuffer(int width, int height);

}  // namespace viz

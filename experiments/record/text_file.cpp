#include "record/text_file.hpp"

#include <zlib.h>

#include <array>
#include <stdexcept>
#include <system_error>

namespace cs {

namespace fs = std::filesystem;

struct TextFile::Deflater {
  z_stream z{};
  Deflater() {
    // windowBits 15 + 16: a gzip header and trailer (no name, no time: the bytes are stable).
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      throw std::runtime_error("zlib: cannot start a gzip stream");
  }
  ~Deflater() { deflateEnd(&z); }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;
  /// Compresses all of `in` into `out`; Z_FINISH also ends the stream.
  void write(const std::string& in, int mode, std::ofstream& out) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    std::array<char, 1 << 16> chunk;
    do {
      z.next_out = reinterpret_cast<Bytef*>(chunk.data());
      z.avail_out = static_cast<uInt>(chunk.size());
      deflate(&z, mode);
      out.write(chunk.data(), static_cast<std::streamsize>(chunk.size() - z.avail_out));
    } while (z.avail_out == 0);
  }
};

TextFile::TextFile(fs::path path, Compression compression) : path_(std::move(path)) {
  if (compression == Compression::gzip) {
    path_ += ".gz";
    gzip_ = std::make_unique<Deflater>();
  }
  out_.open(partial_path(), std::ios::binary | std::ios::trunc);
  if (!out_) throw std::runtime_error("cannot create " + partial_path().string());
}

TextFile::~TextFile() {
  try {
    close();
  } catch (...) {  // a destructor must not throw; close() explicitly to see the error
  }
}

fs::path TextFile::partial_path() const {
  fs::path p = path_;
  p += kPartialSuffix;
  return p;
}

void TextFile::flush() {
  if (!out_.is_open()) return;
  if (gzip_) gzip_->write(buf_, Z_NO_FLUSH, out_);
  else out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
  buf_.clear();
  if (!out_) throw std::runtime_error("cannot write " + partial_path().string());
}

void TextFile::end_row() {
  buf_ += '\n';
  if (buf_.size() >= (1u << 20)) flush();
}

void TextFile::close() {
  if (!out_.is_open()) return;
  flush();
  if (gzip_) gzip_->write(buf_, Z_FINISH, out_);  // buf_ is empty: ends the stream
  out_.close();
  if (!out_) throw std::runtime_error("cannot write " + partial_path().string());
}

void TextFile::commit() {
  close();
  std::error_code ec;
  fs::rename(partial_path(), path_, ec);
  if (ec) throw std::runtime_error("cannot rename " + partial_path().string() + " to " + path_.string() + ": " + ec.message());
}

}  // namespace cs

#pragma once
// A text file written through a partial name and renamed when complete, optionally
// gzip-compressed: how every output file is written, so an interrupted one is never taken for a
// finished one.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

namespace cs {

/// A file being written has this suffix until it is complete (TextFile::commit renames it), so
/// no reader takes an interrupted output for a finished one.
inline constexpr const char* kPartialSuffix = ".partial";

/// How a text file is stored: as it is, or gzip-compressed (zlib) under its name plus ".gz".
enum class Compression { none, gzip };

/// Buffered text file written as `path` + kPartialSuffix and renamed to `path` by commit(); it
/// throws std::runtime_error naming the path on any write failure. Destroyed without commit()
/// (an error, an interruption), the data written so far stays under the partial name. With
/// Compression::gzip the same text is stored compressed and ".gz" ends `path`.
class TextFile {
 public:
  explicit TextFile(std::filesystem::path path, Compression compression = Compression::none);
  ~TextFile();  ///< closes without throwing; call close() to learn about errors
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;
  /// The row buffer; flushed to disk by end_row() once it is large.
  std::string& buf() { return buf_; }
  void end_row();
  /// Flushes and closes the partial file; throws on failure. Idempotent.
  void close();
  /// close(), then renames the partial file to path(): the file is complete.
  void commit();
  /// The final name.
  const std::filesystem::path& path() const { return path_; }
  /// The name while it is being written.
  std::filesystem::path partial_path() const;

 private:
  struct Deflater;  ///< zlib's gzip stream (Compression::gzip)
  void flush();
  std::filesystem::path path_;
  std::ofstream out_;
  std::string buf_;
  std::unique_ptr<Deflater> gzip_;
};

}  // namespace cs

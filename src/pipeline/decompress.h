// Private to the pipeline: gzip (zlib) and bzip2 (libbz2) story files, decompressed as they
// are read, never whole in memory or on disk.
#pragma once

#include <cstddef>
#include <memory>
#include <streambuf>
#include <string>
#include <string_view>

namespace entente::detail {

enum class Compression {
  None,   // plain bytes
  Gzip,   // RFC 1952 (zlib)
  Bzip2,  // bzip2 (libbz2)
};

// The compression whose magic bytes `head` (the first 4 bytes of a file) starts with: gzip
// 1F 8B 08 (deflate), bzip2 "BZh" and a block size digit.
Compression sniff_compression(std::string_view head);

// The compression a file name says (".gz", ".bz2"), else None.
Compression compression_of_name(std::string_view name);

// "gzip" or "bzip2" (or "plain").
std::string_view compression_name(Compression c);

// A read-only stream buffer of the decompressed bytes of `source`. A second thread decodes
// ahead, at most 4 chunks of 256 KB, so that decompression and the reader's parsing overlap
// (memory stays bounded whatever the data unpacks to). Concatenated members (pigz, pbzip2) are
// read one after the other. The stream ends at the end of the data or at the first fault;
// error() then says what was wrong ("truncated", "corrupt") or is empty. `source` must outlive
// the buffer and must not be used while it lives. The buffer itself is for one thread.
class Decompressor : public std::streambuf {
 public:
  // REQUIRES: kind is Gzip or Bzip2.
  Decompressor(Compression kind, std::streambuf& source);
  ~Decompressor() override;
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Why the data ended early, e.g. "gzip data is truncated"; empty after a clean end (and
  // before the end of the stream has been reached).
  std::string error() const;

 private:
  int_type underflow() override;

  struct Impl;
  struct Ahead;
  std::unique_ptr<Impl> impl_;
  std::unique_ptr<Ahead> ahead_;
};

}  // namespace entente::detail

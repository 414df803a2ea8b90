// gzip and bzip2 decompression as a stream buffer (zlib's inflate, libbz2's BZ2_bzDecompress).
#include "pipeline/decompress.h"

#include <bzlib.h>
#include <zlib.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace entente::detail {

namespace {

constexpr size_t kChunk = size_t{1} << 16;

// What a libbz2 error code means (bzlib.h).
const char* bzip2_fault(int rc) {
  switch (rc) {
    case BZ_DATA_ERROR:
      return "a block fails its integrity check";
    case BZ_DATA_ERROR_MAGIC:
      return "a stream does not start with the bzip2 bytes";
    case BZ_MEM_ERROR:
      return "out of memory";
    default:
      return "libbz2 error";
  }
}

}  // namespace

struct Decompressor::Impl {
  Compression kind;
  std::streambuf& source;
  std::vector<char> in = std::vector<char>(kChunk);
  z_stream z{};
  bz_stream bz{};
  bool open = false;        // a decoder state is allocated
  bool member_end = false;  // the last member ended; more input would start another
  bool done = false;        // no more output
  std::string error;

  Impl(Compression k, std::streambuf& s) : kind(k), source(s) {}
  ~Impl() { close(); }

  void close() {
    if (!open) return;
    if (kind == Compression::Gzip) inflateEnd(&z);
    if (kind == Compression::Bzip2) BZ2_bzDecompressEnd(&bz);
    open = false;
  }

  // Starts a member's decoder; the input not yet decoded stays where it is.
  bool start() {
    if (kind == Compression::Gzip) {
      const z_stream pending = z;
      z = z_stream{};
      z.next_in = pending.next_in;
      z.avail_in = pending.avail_in;
      open = inflateInit2(&z, 15 + 16) == Z_OK;  // 15: largest window; +16: gzip header only
    } else if (kind == Compression::Bzip2) {
      const bz_stream pending = bz;
      bz = bz_stream{};
      bz.next_in = pending.next_in;
      bz.avail_in = pending.avail_in;
      open = BZ2_bzDecompressInit(&bz, 0, 0) == BZ_OK;
    }
    if (!open) error = std::string(compression_name(kind)) + ": out of memory";
    return open;
  }

  // Reads more compressed bytes; false at the end of the source.
  bool read_input(unsigned& avail) {
    const auto got = source.sgetn(in.data(), static_cast<std::streamsize>(in.size()));
    if (got <= 0) return false;
    avail = static_cast<unsigned>(got);
    return true;
  }

  unsigned& avail_in() { return kind == Compression::Gzip ? z.avail_in : bz.avail_in; }
  void set_next_in() {
    if (kind == Compression::Gzip) {
      z.next_in = reinterpret_cast<Bytef*>(in.data());
    } else {
      bz.next_in = in.data();
    }
  }

  // Decompresses into `dst`; returns the bytes written, 0 at the end or on a fault.
  size_t produce(char* dst, unsigned room) {
    if (done) return 0;
    unsigned produced = 0;
    while (produced == 0) {
      if (avail_in() == 0) {
        if (!read_input(avail_in())) {
          if (!member_end) {
            error = std::string(compression_name(kind)) +
                    " data is truncated (the file ends inside the compressed stream)";
          }
          done = true;
          return 0;
        }
        set_next_in();
      }
      if (member_end || !open) {  // another member follows the one that ended
        close();
        if (!start()) {
          done = true;
          return 0;
        }
        member_end = false;
      }
      bool ended = false;
      if (kind == Compression::Gzip) {
        z.next_out = reinterpret_cast<Bytef*>(dst);
        z.avail_out = room;
        const int rc = inflate(&z, Z_NO_FLUSH);
        produced = room - z.avail_out;
        ended = rc == Z_STREAM_END;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
          error = std::string("gzip data is corrupt (") + (z.msg ? z.msg : "zlib error") + ")";
          done = true;
          return produced;
        }
      } else {
        bz.next_out = dst;
        bz.avail_out = room;
        const int rc = BZ2_bzDecompress(&bz);
        produced = room - bz.avail_out;
        ended = rc == BZ_STREAM_END;
        if (rc != BZ_OK && rc != BZ_STREAM_END) {
          error = std::string("bzip2 data is corrupt (") + bzip2_fault(rc) + ")";
          done = true;
          return produced;
        }
      }
      if (ended) member_end = true;
    }
    return produced;
  }
};

Compression sniff_compression(std::string_view head) {
  if (head.size() >= 3 && head.substr(0, 3) == "\x1F\x8B\x08") return Compression::Gzip;
  if (head.size() >= 4 && head.substr(0, 3) == "BZh" && head[3] >= '1' && head[3] <= '9') {
    return Compression::Bzip2;
  }
  return Compression::None;
}

Compression compression_of_name(std::string_view name) {
  if (name.ends_with(".gz")) return Compression::Gzip;
  if (name.ends_with(".bz2")) return Compression::Bzip2;
  return Compression::None;
}

std::string_view compression_name(Compression c) {
  switch (c) {
    case Compression::Gzip:
      return "gzip";
    case Compression::Bzip2:
      return "bzip2";
    case Compression::None:
      break;
  }
  return "plain";
}

// The chunks decoded ahead by the worker thread, handed over under `mu`.
struct Decompressor::Ahead {
  static constexpr size_t kChunkBytes = size_t{1} << 18;
  static constexpr size_t kDepth = 4;

  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::vector<char>> ready;  // decoded chunks, in order
  bool finished = false;                // the worker has handed over its last chunk
  bool stop = false;                    // the reader is gone: the worker ends
  std::string error;                    // the decoder's fault, set when finished
  std::vector<char> current;            // the chunk the get area points into (reader side)
  std::thread worker;

  void run(Impl& decoder) {
    for (;;) {
      std::vector<char> chunk(kChunkBytes);
      size_t filled = 0;
      while (filled < chunk.size()) {
        const size_t n =
            decoder.produce(chunk.data() + filled, static_cast<unsigned>(chunk.size() - filled));
        if (n == 0) break;
        filled += n;
      }
      chunk.resize(filled);
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return stop || ready.size() < kDepth; });
      if (stop) return;
      if (!chunk.empty()) ready.push_back(std::move(chunk));
      if (decoder.done) {
        finished = true;
        error = decoder.error;
      }
      cv.notify_all();
      if (finished) return;
    }
  }
};

Decompressor::Decompressor(Compression kind, std::streambuf& source)
    : impl_(std::make_unique<Impl>(kind, source)), ahead_(std::make_unique<Ahead>()) {
  ahead_->worker = std::thread([this] { ahead_->run(*impl_); });
}

Decompressor::~Decompressor() {
  {
    std::lock_guard lock(ahead_->mu);
    ahead_->stop = true;
  }
  ahead_->cv.notify_all();
  ahead_->worker.join();
}

std::string Decompressor::error() const {
  std::lock_guard lock(ahead_->mu);
  return ahead_->error;
}

Decompressor::int_type Decompressor::underflow() {
  if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
  Ahead& a = *ahead_;
  std::unique_lock lock(a.mu);
  a.cv.wait(lock, [&] { return !a.ready.empty() || a.finished; });
  if (a.ready.empty()) return traits_type::eof();
  a.current = std::move(a.ready.front());
  a.ready.pop_front();
  a.cv.notify_all();
  char* base = a.current.data();
  setg(base, base, base + a.current.size());
  return traits_type::to_int_type(*gptr());
}

}  // namespace entente::detail

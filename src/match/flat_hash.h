// Private: a small open-addressing hash map from 64-bit keys to 32-bit values, built once and
// then only read. The matcher looks up every token of every story in it, so it avoids
// std::unordered_map's node allocations and string construction.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace entente::match {

// FNV-1a over bytes; the matcher hashes folded token keys with it.
inline uint64_t hash_bytes(std::string_view s, uint64_t h = 1469598103934665603ull) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Mixes two values into one key (trie edges: node and token id).
inline uint64_t pair_key(uint32_t a, uint32_t b) {
  return (static_cast<uint64_t>(a) << 32) | static_cast<uint64_t>(b);
}

class FlatMap {
 public:
  static constexpr uint32_t kMissing = 0xFFFFFFFFu;

  // Inserts or replaces. Keys 0 and ~0 are remapped internally, so any key works.
  void put(uint64_t key, uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    insert(key, value);
  }

  uint32_t get(uint64_t key) const {
    if (slots_.empty()) return kMissing;
    const uint64_t k = fix(key);
    size_t i = mix(k) & mask_;
    while (true) {
      const Slot& s = slots_[i];
      if (s.key == k) return s.value;
      if (s.key == 0) return kMissing;
      i = (i + 1) & mask_;
    }
  }

  size_t size() const { return size_; }

 private:
  struct Slot {
    uint64_t key = 0;
    uint32_t value = 0;
  };
  static uint64_t fix(uint64_t k) { return k == 0 ? 0x9E3779B97F4A7C15ull : k; }
  static size_t mix(uint64_t k) {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdull;
    k ^= k >> 33;
    return static_cast<size_t>(k);
  }
  void insert(uint64_t key, uint32_t value) {
    const uint64_t k = fix(key);
    size_t i = mix(k) & mask_;
    while (slots_[i].key != 0 && slots_[i].key != k) i = (i + 1) & mask_;
    if (slots_[i].key == 0) ++size_;
    slots_[i].key = k;
    slots_[i].value = value;
  }
  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    const size_t n = old.empty() ? 64 : old.size() * 2;
    slots_.assign(n, Slot{});
    mask_ = n - 1;
    size_ = 0;
    for (const Slot& s : old) {
      if (s.key != 0) insert(s.key, s.value);  // already fixed: fix() is idempotent
    }
  }

  std::vector<Slot> slots_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace entente::match

// The fuzz entry points, shared by the libFuzzer targets (tests/fuzz/fuzz_*.cc) and by the
// regression replay test (tests/pipeline_test.cc), which runs every file kept under
// tests/data/regress/ through all of them: "a result or an error, no crash".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace entente::fuzz {

// Reads the bytes as a story collection (JSON Lines or text) and runs every stage on each story.
void stories(std::string_view bytes);
// Segments the bytes as one story and tags its time expressions against a fixed DCT.
void segment_and_time(std::string_view bytes);
// Parses the bytes as a lexicon file of each data kind and compiles it.
void lexicon(std::string_view bytes);
// Parses the bytes as the only data file of a data folder (no built-in data): the parser,
// schema validation and each kind's checks, far faster than lexicon() (a few files a second).
void lexicon_alone(std::string_view bytes);
// Writes the bytes as a store file and opens and reads it.
void store(std::string_view bytes);
// Loads the bytes as a parser model (framed with magic, format version and checksum unless they
// already start with the magic, so that mutations reach the table readers behind the checksum);
// a model that loads must split and parse a fixed sentence into one tree.
void parser_model(std::string_view bytes);

// Reads the bytes as a CSV and as a TSV collection, decompressed first when they start with
// gzip or bzip2 magic bytes; every row must give a story or an error.
void csv(std::string_view bytes);
// Reads the bytes as a wire-service XML file (NITF, NewsML-G2).
void xml(std::string_view bytes);
// Reads the bytes as a saved web page.
void html(std::string_view bytes);

}  // namespace entente::fuzz

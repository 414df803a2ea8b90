// The parser model compiled into the binary: data/models/en_ewt.model is included byte for
// byte by the assembler (.incbin), so no generated source of many megabytes is needed.
#include <string_view>

#ifdef ENTENTE_PARSER_MODEL_PATH
__asm__(
    ".section .rodata\n"
    ".balign 16\n"
    ".globl entente_parser_model_begin\n"
    ".hidden entente_parser_model_begin\n"
    "entente_parser_model_begin:\n"
    ".incbin \"" ENTENTE_PARSER_MODEL_PATH
    "\"\n"
    ".globl entente_parser_model_end\n"
    ".hidden entente_parser_model_end\n"
    "entente_parser_model_end:\n"
    ".byte 0\n"
    ".previous\n");
extern "C" const char entente_parser_model_begin[];
extern "C" const char entente_parser_model_end[];
#endif

namespace entente::detail {

std::string_view default_parser_model() {
#ifdef ENTENTE_PARSER_MODEL_PATH
  return std::string_view(
      entente_parser_model_begin,
      static_cast<size_t>(entente_parser_model_end - entente_parser_model_begin));
#else
  return {};
#endif
}

}  // namespace entente::detail

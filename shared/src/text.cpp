#include "kring/text.hpp"

namespace kring {

lang lang_from_string(const std::string& s) { return s == "en" ? lang::en : lang::nl; }

const char* to_string(lang l) { return l == lang::en ? "en" : "nl"; }

} // namespace kring

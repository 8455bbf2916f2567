// The doctest main of the GUI tests, in its own translation unit so it compiles once.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

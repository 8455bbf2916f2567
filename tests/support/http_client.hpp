// A tiny synchronous HTTP/1.1 GET for tests (implemented in ws_client.cpp, so that Beast is
// compiled once for the whole support library).
#pragma once

#include <map>
#include <string>

namespace kring::test {

struct http_response {
    int status = 0;
    std::map<std::string, std::string> headers; // names in lower case
    std::string body;
};

/** GET http://host:port<target>; throws std::runtime_error on a network failure. */
http_response http_get(int port, const std::string& target, std::string host = "127.0.0.1");

} // namespace kring::test

// Command-line flags of kring-server.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace kring::server {

/** Represents everything the flags decide; the defaults make a bare `kring-server` work. */
struct options {
    unsigned short port = 8080;
    std::string bind = "0.0.0.0";
    std::string data = "kring-data/kring.sqlite";
    std::string content;    // default: compiled-in source folder
    std::string web;        // default: compiled-in source folder
    std::string images;     // a facilitator's own photo folder (deck "eigen"), or ""
    std::string public_url; // how participants reach the server, or "" (found out)
    unsigned threads = 0;   // 0: one per core
    std::size_t max_message = 16384;
    std::size_t max_text = 500;
    std::size_t max_participants = 20000;
    std::size_t phone_updates = 500; // views with new results or counters a second, per session
    unsigned min_answers = 3;        // a step's result is shown from this many answers on
    double rate = 20;
    unsigned retention_days = 365;          // sessions idle longer are deleted; 0 keeps them
    std::string admin_token;                // "": a random one, printed at start-up
    bool trust_loopback = true;             // false: this machine needs the admin token too
    bool trust_loopback_given = false;      // --trust-loopback was on the command line
    unsigned idle_timeout = 0;              // seconds; 0: the network layer's default (300)
    std::string tls_cert;                   // PEM certificate (chain); with tls_key: HTTPS and WSS
    std::string tls_key;                    // PEM private key
    std::vector<std::string> allowed_hosts; // further names browsers reach the server by
    std::size_t max_per_address = 500;      // open connections per address; 0: no cap
    bool max_per_address_given = false;     // --max-per-address was on the command line
    /** An operator's command instead of serving: "org" and its words (org_command.hpp). */
    std::vector<std::string> command;
};

/** What parse_options found: options to run with, or text to print and an exit code. */
struct parse_result {
    std::optional<options> opts;
    std::string text; // help or the error
    int exit_code = 0;
};

parse_result parse_options(const std::vector<std::string>& args);

/** The help text, with the defaults filled in. */
std::string usage();

} // namespace kring::server

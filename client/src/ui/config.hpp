// The client's small persistent memory: $XDG_CONFIG_HOME/kring/client.json
// (or ~/.config/kring/client.json).
//
// Implemented: the facilitator's sessions (join code -> secret, server, title) with the
//              last one used, and participants' resume tokens per join code.
//              Written atomically (temp file + rename) with mode 0600: it holds secrets.
// Missing:     pruning of old sessions.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace kring::client {

/** A session this client facilitates. */
struct facilitated_session {
    std::string secret;
    std::string server; // HOST:PORT
    std::string title;
};

/** Represents client.json; load() never fails (a broken file is reported and ignored). */
class client_config {
public:
    /** Reads the file at path() if it exists. */
    void load();
    /** Writes the file; returns false (and logs) when it cannot. */
    bool save() const;

    /** $XDG_CONFIG_HOME/kring/client.json, or ~/.config/kring/client.json. */
    static std::string path();

    std::optional<facilitated_session> session(const std::string& code) const;
    void remember_session(const std::string& code, facilitated_session s);
    void forget_session(const std::string& code);
    /** The code of the last session facilitated on this server, if any. */
    std::optional<std::string> last_session(const std::string& server) const;
    void clear_last(const std::string& server);

    /** The projector's theme: "light" (default) or "dark". */
    std::string theme() const { return theme_; }
    void set_theme(const std::string& t) { theme_ = t; }
    /** Where exports are written; "" = the default folder. */
    std::string export_dir() const { return export_dir_; }
    void set_export_dir(const std::string& d) { export_dir_ = d; }
    /** Loads the file again when it changed since it was read or written; true if it did. */
    bool reload_if_changed();

    std::string token(const std::string& code) const;
    void remember_token(const std::string& code, const std::string& token);

private:
    std::map<std::string, facilitated_session> sessions_; // by join code
    std::map<std::string, std::string> last_;             // server -> code
    std::map<std::string, std::string> tokens_;           // join code -> resume token
    std::string theme_ = "light";
    std::string export_dir_;
    mutable long long stamp_ = 0; // the file's mtime (ns) when last read or written
};

} // namespace kring::client

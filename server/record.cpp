// The requests of the sessions library, the exports and the agenda editor
// (docs/protocol.md, section 6), as members of client.
#include "client.hpp"

#include "kring/protocol.hpp"

namespace kring::server {

namespace {
template <class M> void not_yet(client& c, const M& m) {
    c.send_error(m.seq, errc::unknown_type, "this request is not available on this server");
}
} // namespace

void client::on_request(const protocol::list_sessions& m) {
    not_yet(*this, m);
}
void client::on_request(const protocol::open_session& m) {
    not_yet(*this, m);
}
void client::on_request(const protocol::delete_session& m) {
    not_yet(*this, m);
}
void client::on_request(const protocol::export_request& m) {
    not_yet(*this, m);
}
void client::on_request(const protocol::get_template& m) {
    not_yet(*this, m);
}
void client::on_request(const protocol::save_template& m) {
    not_yet(*this, m);
}

} // namespace kring::server

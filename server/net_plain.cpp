// Plain (unencrypted) connections: the session templates of net_internal.hpp instantiated
// for beast::tcp_stream, in a unit of their own so that they compile in parallel with TLS.
#include "net_internal.hpp"

namespace kring::server::net_detail {

awaitable<void> close_stream(beast::tcp_stream& stream) {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    co_return;
}

awaitable<void> http_session(tcp::socket socket, const net_config& cfg, server_context& ctx,
                             std::shared_ptr<address_place> place) {
    co_await serve_http(beast::tcp_stream(std::move(socket)), cfg, ctx, std::move(place));
}

} // namespace kring::server::net_detail

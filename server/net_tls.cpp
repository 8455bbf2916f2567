// TLS connections (HTTPS and WSS): the TLS context and the session templates of
// net_internal.hpp instantiated for an ssl_stream, in a unit of their own so that they
// compile in parallel with the plain ones.
#include "net_internal.hpp"

namespace kring::server::net_detail {

awaitable<void> close_stream(tls_stream& stream) {
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(5));
    auto [ec] = co_await stream.async_shutdown(use_tuple);
    if (ec)
        fail(ec, "tls shutdown");
}

std::unique_ptr<ssl::context> make_tls_context(const std::string& cert, const std::string& key) {
    auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    beast::error_code ec;
    tls->use_certificate_chain_file(cert, ec);
    if (ec)
        throw std::runtime_error("cannot use --tls-cert " + cert + ": " + ec.message());
    tls->use_private_key_file(key, ssl::context::pem, ec);
    if (ec)
        throw std::runtime_error("cannot use --tls-key " + key + ": " + ec.message());
    if (SSL_CTX_check_private_key(tls->native_handle()) != 1)
        throw std::runtime_error("--tls-key " + key + " does not belong to --tls-cert " + cert);
    return tls;
}

awaitable<void> tls_session(tcp::socket socket, ssl::context& tls, const net_config& cfg,
                            server_context& ctx, std::shared_ptr<address_place> place) {
    tls_stream stream(std::move(socket), tls);
    // A client that opens the connection and never finishes the handshake must not stay.
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
    auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, use_tuple);
    if (ec) {
        fail(ec, "tls handshake");
        co_return;
    }
    co_await serve_http(std::move(stream), cfg, ctx, std::move(place));
}

} // namespace kring::server::net_detail

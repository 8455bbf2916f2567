// kring-load: the load generator of Kring's benchmark (bench/README.md tells how to read its
// output).
//
// It speaks docs/protocol.md over real sockets, like any client, and links nothing of the
// server. One process is the coordinator: it creates the rooms through one facilitator
// connection each (create_session, control open), and those facilitator connections are
// the observers: a facilitator's view always carries the live aggregate, so the coordinator
// timestamps the moment the sum of the counts first reaches 1, 2, 3, ... answers. The
// participants live in K worker processes (the same binary, `--worker`), each a single
// thread with one io_context and thousands of asynchronous connections; K grows when one
// process's open-file limit would be reached. Workers join, wait for "go", answer S
// statements (all at once, or paced at R answers a second in total), count acks, and
// report their send times, ack latencies, bytes received and their own CPU as JSON lines.
//
// Latency (answer -> projector aggregate), per room: the k-th earliest send against the
// moment the observed sum first reached k. Clocks agree across processes (CLOCK_MONOTONIC).
//
// Modes:
//   kring-load --port P [--participants N --rooms R --statements S --pattern burst|paced
//              --rate R --rounds K --procs K --server-pid PID --timeout SEC --label L
//              --out FILE]                       coordinator: one JSON object on stdout
//   kring-load --echo --port P ...               same against kring-echo (no rooms; echo = ack)
//   kring-load --probe --port P --code C [--t0-realtime-ns NS]
//                                                time until a (restarted) server acks an answer
//   kring-load --worker                          internal: config on stdin, JSON lines on stdout
//
// Exit status: 0 all joined, acked and observed; 3 the run completed with failures (the
// JSON says which); 1 the run could not be done (bad flags, server unreachable, ...).
//
// Beast/Asio live in this one TU (their templates are slow to compile). Callbacks, not coroutines:
// a connection is a few hundred bytes plus Beast's buffers, and no per-connection frame is
// allocated.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <nlohmann/json.hpp>

#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using json = nlohmann::json;
using i64 = std::int64_t;
using u64 = std::uint64_t;

#ifndef IP_BIND_ADDRESS_NO_PORT
#define IP_BIND_ADDRESS_NO_PORT 24
#endif

//------------------------------------------------------------------------------
// [SECTION] Small helpers: clocks, CPU, /proc, percentiles, message scanning

i64 now_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

i64 realtime_ns() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

double tv_s(const timeval& t) {
    return double(t.tv_sec) + double(t.tv_usec) / 1e6;
}

double cpu_self_s() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    return tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
}

void raise_nofile() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

u64 nofile_hard() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_max == RLIM_INFINITY)
        return 1 << 20;
    return rl.rlim_max;
}

/** What /proc says about the server: resident memory and CPU seconds used so far. */
struct proc_sample {
    bool ok = false;
    long rss_kib = 0, hwm_kib = 0;
    double cpu_s = 0;
    /** Time its threads were runnable but waited for a CPU (schedstat): contention. */
    double runq_wait_s = 0;
    json to_json() const {
        if (!ok)
            return nullptr;
        return json{{"rss_kib", rss_kib},
                    {"hwm_kib", hwm_kib},
                    {"cpu_s", cpu_s},
                    {"runq_wait_s", runq_wait_s}};
    }
};

proc_sample sample_proc(int pid) {
    proc_sample s;
    if (pid <= 0)
        return s;
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0)
            s.rss_kib = std::atol(line.c_str() + 6);
        else if (line.rfind("VmHWM:", 0) == 0)
            s.hwm_kib = std::atol(line.c_str() + 6);
    }
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string all((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    // Fields after the ")" of the command name: state is field 3, utime 14, stime 15.
    const auto close = all.rfind(')');
    if (close == std::string::npos)
        return s;
    std::istringstream rest(all.substr(close + 2));
    std::vector<std::string> f;
    std::string w;
    while (rest >> w && f.size() < 13)
        f.push_back(w);
    if (f.size() < 13)
        return s;
    const double tck = double(sysconf(_SC_CLK_TCK));
    s.cpu_s = (std::atof(f[11].c_str()) + std::atof(f[12].c_str())) / tck;
    // /proc/PID/task/TID/schedstat: "on-CPU ns, runqueue-wait ns, timeslices".
    std::error_code ec;
    for (const auto& t :
         std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream ss(t.path() / "schedstat");
        double on = 0, wait = 0;
        if (ss >> on >> wait)
            s.runq_wait_s += wait / 1e9;
    }
    s.ok = s.rss_kib > 0;
    return s;
}

/** CPU seconds the whole machine spent busy so far (all processes, all cores). */
double machine_busy_s() {
    std::ifstream stat("/proc/stat");
    std::string cpu;
    double user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal;
    return (user + nice + system + irq + softirq + steal) / double(sysconf(_SC_CLK_TCK));
}

std::string loadavg() {
    std::ifstream f("/proc/loadavg");
    std::string a, b, c;
    f >> a >> b >> c;
    return a + " " + b + " " + c;
}

/** Nearest-rank percentiles of microsecond samples, in milliseconds. */
json percentiles_ms(std::vector<i64>& us) {
    if (us.empty())
        return json{{"n", 0}};
    std::sort(us.begin(), us.end());
    auto at = [&](double q) {
        std::size_t k = static_cast<std::size_t>(std::ceil(q * double(us.size())));
        k = std::clamp<std::size_t>(k, 1, us.size());
        return double(us[k - 1]) / 1000.0;
    };
    double sum = 0;
    for (i64 v : us)
        sum += double(v);
    return json{{"n", us.size()},
                {"p50", at(0.50)},
                {"p95", at(0.95)},
                {"p99", at(0.99)},
                {"max", at(1.0)},
                {"min", double(us.front()) / 1000.0},
                {"mean", sum / double(us.size()) / 1000.0}};
}

/**
 * The index of the bracket that closes the array or object opening at m[open] (string
 * aware), or npos when m ends first. Scans without parsing: the generator must stay cheap
 * next to the server.
 */
std::size_t closing_bracket(std::string_view m, std::size_t open) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (std::size_t i = open; i < m.size(); ++i) {
        const char c = m[i];
        if (in_string) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

/**
 * Calls fn with each protocol message of one WebSocket message: the message itself, or each
 * element of a batch (a JSON array of objects, as the server writes it: no white space).
 */
template <class Fn> void each_message(std::string_view m, Fn&& fn) {
    if (m.empty() || m.front() != '[') {
        fn(m);
        return;
    }
    std::size_t i = 1;
    while (i < m.size() && m[i] == '{') {
        const std::size_t end = closing_bracket(m, i);
        if (end == std::string_view::npos)
            return;
        fn(m.substr(i, end - i + 1));
        i = end + 1;
        if (i < m.size() && m[i] == ',')
            ++i;
    }
}

/** The value of the first "type":"..." in a server message (views have no nested type). */
std::string_view type_of(std::string_view m) {
    constexpr std::string_view key = "\"type\":\"";
    const auto p = m.find(key);
    if (p == std::string_view::npos)
        return {};
    const auto b = p + key.size();
    const auto e = m.find('"', b);
    return e == std::string_view::npos ? std::string_view{} : m.substr(b, e - b);
}

std::optional<u64> uint_field(std::string_view m, std::string_view key_with_colon) {
    const auto p = m.find(key_with_colon);
    if (p == std::string_view::npos)
        return std::nullopt;
    u64 v = 0;
    const char* b = m.data() + p + key_with_colon.size();
    const auto [end, ec] = std::from_chars(b, m.data() + m.size(), v);
    if (ec != std::errc())
        return std::nullopt;
    return v;
}

std::string string_field(std::string_view m, std::string_view key_with_colon_quote) {
    const auto p = m.find(key_with_colon_quote);
    if (p == std::string_view::npos)
        return {};
    const auto b = p + key_with_colon_quote.size();
    const auto e = m.find('"', b);
    return e == std::string_view::npos ? std::string() : std::string(m.substr(b, e - b));
}

/**
 * Sum of every green/orange/red/pass count in a facilitator view: the number of stored
 * answers (one step in the benchmark's template). Those keys occur only in results, and a
 * participant's text cannot contain them unescaped, so a scan is exact and cheap.
 */
/**
 * The text of the top-level `"results":[...]` of a view (the array, brackets included), or
 * "" when it has none. Only there are the counts: the summary repeats them per theme.
 */
std::string_view results_of(std::string_view v) {
    constexpr std::string_view key = "\"results\":[";
    const auto p = v.find(key);
    if (p == std::string_view::npos)
        return {};
    const std::size_t open = p + key.size() - 1;
    const std::size_t close = closing_bracket(v, open);
    return close == std::string_view::npos ? std::string_view{} : v.substr(open, close - open + 1);
}

/** Answers counted in a view: green + orange + red + pass over its results. */
u64 sum_counts(std::string_view view) {
    const std::string_view v = results_of(view);
    u64 sum = 0;
    for (std::string_view key : {"\"green\":", "\"orange\":", "\"red\":", "\"pass\":"}) {
        std::size_t p = 0;
        while ((p = v.find(key, p)) != std::string_view::npos) {
            p += key.size();
            u64 n = 0;
            std::from_chars(v.data() + p, v.data() + v.size(), n);
            sum += n;
        }
    }
    return sum;
}

/** Wire size of a frame the server sent (unmasked header + payload). */
u64 frame_bytes(std::size_t payload) {
    return payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
}

void write_line(int fd, const std::string& text) {
    std::string s = text + "\n";
    const char* p = s.data();
    std::size_t left = s.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

constexpr const char* kValues[] = {"green", "orange", "red", "pass"};

std::string answer_message(u64 seq, const std::string& step, const std::string& item,
                           const char* value) {
    std::string m;
    m.reserve(96);
    m += R"({"type":"answer","seq":)";
    m += std::to_string(seq);
    m += R"(,"step":")";
    m += step;
    m += R"(","item":")";
    m += item;
    m += R"(","value":")";
    m += value;
    m += R"("})";
    return m;
}

/** Deterministic and spread over the four values; each round changes every answer. */
const char* value_for(u64 participant, u64 item, u64 round) {
    return kValues[(participant * 7 + item * 3 + participant / 5 + round) % 4];
}

constexpr u64 kAnswerSeqBase = 1000;

//------------------------------------------------------------------------------
// [SECTION] conn: one asynchronous WebSocket client connection

enum class cstate : std::uint8_t { idle, connecting, handshaking, joining, joined, failed };

struct conn;

/** What a connection reports to its owner (worker, coordinator or probe). */
struct handler {
    virtual ~handler() = default;
    virtual void on_open(conn&) = 0;
    virtual void on_message(conn&, std::string_view) = 0;
    /** Connect, handshake, read or write failed (the socket is closed by now). */
    virtual void on_fail(conn&, cstate was, std::string_view stage, const beast::error_code&) = 0;
    /** A message tagged with `tag` >= 0 is about to be written. */
    virtual void on_sending(conn&, int) {}
};

std::string g_host_header = "127.0.0.1";

struct conn {
    conn(asio::io_context& ioc, handler& h) : ws(ioc), h(&h) {}

    websocket::stream<tcp::socket> ws;
    beast::flat_buffer rbuf;
    handler* h;
    std::vector<std::pair<std::string, int>> outq;
    std::size_t outq_head = 0;
    std::string writing_msg;
    bool writing = false;
    cstate state = cstate::idle;
    std::uint32_t room = 0; // global room index
    std::uint32_t id = 0;   // global participant number (for answer values)
    // answers (participants and echo)
    std::vector<i64> sent_at; // by tag
    std::uint16_t total = 0, queued = 0, acked = 0, errored = 0;
    bool finished = false;
    u64 rx_bytes = 0;
    i64 t_connect = 0, t_joined = 0;

    void start(const tcp::endpoint& dst, const asio::ip::address* src) {
        state = cstate::connecting;
        t_connect = now_ns();
        auto& sock = ws.next_layer();
        beast::error_code ec;
        sock.open(tcp::v4(), ec);
        if (!ec && src) {
            // Defer the port choice to connect(), so each source address has the whole
            // ephemeral range for every destination.
            int one = 1;
            ::setsockopt(sock.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
                         sizeof one);
            sock.bind(tcp::endpoint(*src, 0), ec);
        }
        if (!ec)
            sock.set_option(tcp::no_delay(true), ec);
        if (ec) {
            // Defer the report: the caller may be iterating.
            asio::post(ws.get_executor(), [this, ec] { fail("socket", ec); });
            return;
        }
        sock.async_connect(dst, [this](beast::error_code e) {
            if (e)
                return fail("connect", e);
            state = cstate::handshaking;
            ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
            ws.secure_prng(false);
            ws.async_handshake(g_host_header, "/ws", [this](beast::error_code e2) {
                if (e2)
                    return fail("handshake", e2);
                state = cstate::joining;
                h->on_open(*this);
                read();
            });
        });
    }

    void read() {
        ws.async_read(rbuf, [this](beast::error_code ec, std::size_t n) {
            if (ec)
                return fail("read", ec);
            rx_bytes += frame_bytes(n);
            const auto d = rbuf.cdata();
            each_message(std::string_view(static_cast<const char*>(d.data()), d.size()),
                         [this](std::string_view m) { h->on_message(*this, m); });
            rbuf.consume(rbuf.size());
            if (n > 2048)
                rbuf.shrink_to_fit(); // the welcome is large once; views are small
            if (state != cstate::failed)
                read();
        });
    }

    void send(std::string msg, int tag = -1) {
        if (state == cstate::failed)
            return;
        outq.emplace_back(std::move(msg), tag);
        if (!writing)
            write_next();
    }

    void write_next() {
        if (outq_head == outq.size()) {
            outq.clear();
            outq.shrink_to_fit();
            outq_head = 0;
            writing = false;
            return;
        }
        writing = true;
        auto& e = outq[outq_head++];
        writing_msg = std::move(e.first);
        if (e.second >= 0)
            h->on_sending(*this, e.second);
        ws.text(true);
        ws.async_write(asio::buffer(writing_msg), [this](beast::error_code ec, std::size_t) {
            if (ec) {
                writing = false;
                return fail("write", ec);
            }
            write_next();
        });
    }

    void fail(std::string_view stage, const beast::error_code& ec) {
        if (state == cstate::failed)
            return;
        const cstate was = state;
        state = cstate::failed;
        beast::error_code ignored;
        ws.next_layer().close(ignored);
        h->on_fail(*this, was, stage, ec);
    }
};

std::string fail_reason(std::string_view stage, const beast::error_code& ec) {
    return std::string(stage) + ": " + ec.message();
}

//------------------------------------------------------------------------------
// [SECTION] Options

struct options {
    std::string mode = "run"; // run | worker | probe
    std::string host = "127.0.0.1";
    unsigned port = 0;
    unsigned participants = 100, rooms = 1, statements = 11, rounds = 1;
    std::string pattern = "burst";
    double rate = 0;
    unsigned procs = 0;
    unsigned src_addrs = 4, src_base = 2;
    bool echo = false;
    double timeout_s = 120;
    int server_pid = 0;
    unsigned join_window = 256;
    unsigned settle_ms = 300;
    std::string label, out;
    std::string template_id = "stoplicht-basishouding", step = "basishouding";
    std::string code;       // probe
    i64 t0_realtime_ns = 0; // probe
    bool quiet = false;
    /** Results live while answering: "" no, "phones" (projector and phones), "projector". */
    std::string live;
};

[[noreturn]] void usage(int code) {
    (code == 0 ? std::cout : std::cerr) << R"(Usage:
  kring-load --port P [options]        load a kring-server; prints one JSON object
  kring-load --echo --port P [options] the same against kring-echo (each echo = an ack)
  kring-load --probe --port P --code C [--t0-realtime-ns NS]
                                       time until a (re)started server acks an answer
Options:
  --host ADDR           server address (default 127.0.0.1; loopback only in bench/run.sh)
  --participants N      simulated participants in total (default 100)
  --rooms R             rooms; participants are spread evenly (default 1)
  --statements S        answers per participant per round, 1..11 (default 11)
  --rounds K            answer every statement K times, changing the value (default 1)
  --pattern burst|paced all at once at "go", or paced at --rate answers/s in total
  --rate R              answers per second in total for --pattern paced
  --live phones|projector  the step's results live while answering (set_live): on the
                        projector and the phones, or on the projector only
  --procs K             participant processes (default: as few as the open-file limit allows)
  --src-addrs M         source addresses 127.0.0.x per process, round-robin (default 4)
  --src-base B          first x of 127.0.0.x (default 2)
  --join-window W       connects+joins in flight per process (default 256)
  --server-pid PID      sample the server's RSS and CPU from /proc at phase boundaries
  --settle-ms MS        quiet time after joining and after the last answer (default 300)
  --timeout SEC         hard limit for the whole run (default 120)
  --label TEXT          scenario name copied into the JSON
  --out FILE            also write the JSON to FILE
  --template ID --step ID   what to create/answer (default stoplicht-basishouding /
                            basishouding: its nine statements)
  --quiet               no progress lines on stderr
)";
    std::exit(code);
}

options parse(int argc, char** argv) {
    options o;
    auto need = [&](int& i) -> std::string {
        if (i + 1 >= argc) {
            std::cerr << "kring-load: " << argv[i] << " needs a value\n";
            usage(2);
        }
        return argv[++i];
    };
    auto num = [&](int& i) -> double {
        const std::string v = need(i);
        char* end = nullptr;
        const double d = std::strtod(v.c_str(), &end);
        if (end == v.c_str() || *end != '\0' || d < 0) {
            std::cerr << "kring-load: bad value '" << v << "' for " << argv[i - 1] << "\n";
            usage(2);
        }
        return d;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--help" || a == "-h")
            usage(0);
        else if (a == "--worker")
            o.mode = "worker";
        else if (a == "--probe")
            o.mode = "probe";
        else if (a == "--echo")
            o.echo = true;
        else if (a == "--quiet")
            o.quiet = true;
        else if (a == "--host")
            o.host = need(i);
        else if (a == "--port")
            o.port = unsigned(num(i));
        else if (a == "--participants")
            o.participants = unsigned(num(i));
        else if (a == "--rooms")
            o.rooms = unsigned(num(i));
        else if (a == "--statements")
            o.statements = unsigned(num(i));
        else if (a == "--rounds")
            o.rounds = unsigned(num(i));
        else if (a == "--pattern")
            o.pattern = need(i);
        else if (a == "--rate")
            o.rate = num(i);
        else if (a == "--procs")
            o.procs = unsigned(num(i));
        else if (a == "--src-addrs")
            o.src_addrs = unsigned(num(i));
        else if (a == "--src-base")
            o.src_base = unsigned(num(i));
        else if (a == "--join-window")
            o.join_window = unsigned(num(i));
        else if (a == "--server-pid")
            o.server_pid = int(num(i));
        else if (a == "--settle-ms")
            o.settle_ms = unsigned(num(i));
        else if (a == "--timeout")
            o.timeout_s = num(i);
        else if (a == "--label")
            o.label = need(i);
        else if (a == "--out")
            o.out = need(i);
        else if (a == "--template")
            o.template_id = need(i);
        else if (a == "--step")
            o.step = need(i);
        else if (a == "--code")
            o.code = need(i);
        else if (a == "--live") {
            o.live = need(i);
            if (o.live != "phones" && o.live != "projector")
                usage(2);
        } else if (a == "--t0-realtime-ns")
            o.t0_realtime_ns = i64(num(i));
        else {
            std::cerr << "kring-load: unknown option '" << a << "'\n";
            usage(2);
        }
    }
    if (o.mode != "worker") {
        if (o.port == 0 || o.port > 65535) {
            std::cerr << "kring-load: --port is required\n";
            usage(2);
        }
        if (o.pattern != "burst" && o.pattern != "paced") {
            std::cerr << "kring-load: --pattern is burst or paced\n";
            usage(2);
        }
        if (o.pattern == "paced" && o.rate <= 0) {
            std::cerr << "kring-load: --pattern paced needs --rate\n";
            usage(2);
        }
        if (o.statements < 1 || o.statements > 11 || o.rounds < 1 || o.rooms < 1 ||
            o.participants < 1 || o.join_window < 1 || o.src_addrs < 1) {
            std::cerr << "kring-load: out-of-range --statements/--rounds/--rooms/--participants\n";
            usage(2);
        }
        if (o.src_base < 1 || o.src_base > 254) {
            std::cerr << "kring-load: --src-base must be 1..254\n";
            usage(2);
        }
    }
    return o;
}

//------------------------------------------------------------------------------
// [SECTION] worker: the participants of one process

/**
 * Represents one participant process. Life: config line on stdin -> connect and join every
 * participant (at most join_window in flight) -> "joined" line -> wait for "go" -> answer ->
 * "done" line (send times, ack latencies) -> wait for "exit" -> "bye" line -> _exit.
 */
class worker final : public handler {
public:
    explicit worker(asio::io_context& ioc) : ioc_(ioc), in_(ioc, ::dup(0)), timer_(ioc) {}

    void start() { read_command(); }

private:
    struct room_assign {
        std::uint32_t room;
        std::string code;
        unsigned n;
    };

    // --- stdin commands
    void read_command() {
        asio::async_read_until(in_, asio::dynamic_buffer(inbuf_), '\n',
                               [this](beast::error_code ec, std::size_t n) {
                                   if (ec) {
                                       // The coordinator went away: nothing left to do.
                                       std::_Exit(ec == asio::error::eof ? 0 : 1);
                                   }
                                   std::string line = inbuf_.substr(0, n - 1);
                                   inbuf_.erase(0, n);
                                   command(line);
                                   read_command();
                               });
    }

    void command(const std::string& line) {
        if (line == "go")
            return go();
        if (line == "exit")
            return bye();
        configure(json::parse(line));
    }

    void configure(const json& c) {
        host_ = c.at("host").get<std::string>();
        port_ = c.at("port").get<unsigned>();
        echo_ = c.at("echo").get<bool>();
        step_ = c.at("step").get<std::string>();
        items_ = c.at("items").get<std::vector<std::string>>();
        statements_ = c.at("statements").get<unsigned>();
        rounds_ = c.at("rounds").get<unsigned>();
        paced_ = c.at("pattern").get<std::string>() == "paced";
        rate_ = c.at("rate").get<double>();
        join_window_ = c.at("join_window").get<unsigned>();
        deadline_ns_ = c.at("deadline_ns").get<i64>();
        for (const auto& s : c.at("src"))
            src_.push_back(asio::ip::make_address(s.get<std::string>()));
        g_host_header = host_ + ":" + std::to_string(port_);
        dst_ = tcp::endpoint(asio::ip::make_address(host_), static_cast<unsigned short>(port_));
        if (statements_ > items_.size())
            statements_ = static_cast<unsigned>(items_.size());

        // Interleave the rooms, so that every room fills at the same pace.
        std::vector<room_assign> rooms;
        unsigned most = 0;
        for (const auto& r : c.at("rooms")) {
            rooms.push_back({r.at("room").get<std::uint32_t>(), r.at("code").get<std::string>(),
                             r.at("n").get<unsigned>()});
            most = std::max(most, rooms.back().n);
            if (rooms.back().room >= codes_.size())
                codes_.resize(rooms.back().room + 1);
            codes_[rooms.back().room] = rooms.back().code;
        }
        const std::uint32_t first_id = c.at("first_id").get<std::uint32_t>();
        for (unsigned i = 0; i < most; ++i) {
            for (const auto& r : rooms) {
                if (i >= r.n)
                    continue;
                auto k = std::make_unique<conn>(ioc_, *this);
                k->room = r.room;
                k->id = first_id + static_cast<std::uint32_t>(conns_.size());
                conns_.push_back(std::move(k));
            }
        }
        arm_deadline();
        t_first_connect_ = now_ns();
        if (conns_.empty())
            return report_joined();
        while (next_ < conns_.size() && inflight_ < join_window_)
            start_next();
    }

    void arm_deadline() {
        timer_.expires_at(
            std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadline_ns_)));
        timer_.async_wait([this](beast::error_code ec) {
            if (ec)
                return;
            timed_out_ = true;
            if (phase_ == phase::joining)
                report_joined();
            if (phase_ == phase::answering)
                report_done();
            bye();
        });
    }

    // --- joining
    void start_next() {
        conn& k = *conns_[next_];
        const asio::ip::address* src = src_.empty() ? nullptr : &src_[next_ % src_.size()];
        ++next_;
        ++inflight_;
        k.start(dst_, src);
    }

    void join_settled(conn& k, bool ok) {
        --inflight_;
        if (ok) {
            ++joined_;
            k.t_joined = now_ns();
            t_last_joined_ = std::max(t_last_joined_, k.t_joined);
        } else {
            ++failed_;
        }
        while (next_ < conns_.size() && inflight_ < join_window_)
            start_next();
        if (phase_ == phase::joining && joined_ + failed_ == conns_.size())
            report_joined();
    }

    void report_joined() {
        if (phase_ != phase::joining)
            return;
        phase_ = phase::joined;
        json j{{"ev", "joined"},
               {"joined", joined_},
               {"failed", failed_},
               {"refused", refused_},
               {"t_first_connect", t_first_connect_},
               {"t_last_joined", t_last_joined_},
               {"cpu_s", cpu_self_s()},
               {"rx_bytes", rx_total()},
               {"timed_out", timed_out_}};
        write_line(1, j.dump());
    }

    void on_open(conn& k) override {
        if (echo_) {
            k.state = cstate::joined;
            join_settled(k, true);
            return;
        }
        // As the phone page: while answers come in, only counters and results (view_update).
        std::string m = R"({"type":"join","seq":1,"protocol_version":1,"role":"participant",)"
                        R"("view_updates":true,"code":")";
        m += codes_[k.room];
        m += R"("})";
        k.send(std::move(m));
    }

    void on_fail(conn& k, cstate was, std::string_view stage,
                 const beast::error_code& ec) override {
        if (was == cstate::joined) {
            ++dropped_;
            ++drop_reasons_[fail_reason(stage, ec)];
            if (phase_ == phase::answering && !k.finished) {
                k.finished = true;
                ++finished_;
                check_done();
            }
            return;
        }
        ++refused_[fail_reason(stage, ec)];
        join_settled(k, false);
    }

    void on_message(conn& k, std::string_view m) override {
        if (echo_) {
            // Every echo acknowledges the oldest message still out (a stream keeps order).
            if (k.acked < k.queued) {
                const i64 t = now_ns();
                ack_lat_us_.push_back((t - k.sent_at[k.acked]) / 1000);
                ++k.acked;
                ++acked_;
                t_last_ack_ = std::max(t_last_ack_, t);
                settle_answer(k);
            }
            return;
        }
        const std::string_view type = type_of(m);
        if (k.state == cstate::joining) {
            if (type == "welcome") {
                k.state = cstate::joined;
                join_settled(k, true);
            } else if (type == "error") {
                ++refused_[string_field(m, "\"code\":\"")];
                k.state = cstate::failed;
                beast::error_code ignored;
                k.ws.next_layer().close(ignored);
                join_settled(k, false);
            }
            return;
        }
        if (type == "view" || type == "view_update") {
            ++views_;
            return;
        }
        if (type == "ack" || type == "error") {
            const auto seq = uint_field(m, "\"seq\":");
            if (!seq || *seq < kAnswerSeqBase || *seq - kAnswerSeqBase >= k.queued) {
                if (type == "error")
                    ++other_errors_[string_field(m, "\"code\":\"")];
                return;
            }
            const i64 t = now_ns();
            if (type == "ack") {
                ack_lat_us_.push_back((t - k.sent_at[*seq - kAnswerSeqBase]) / 1000);
                ++k.acked;
                ++acked_;
                t_last_ack_ = std::max(t_last_ack_, t);
            } else {
                ++k.errored;
                ++answer_errors_[string_field(m, "\"code\":\"")];
            }
            settle_answer(k);
        }
    }

    void on_sending(conn& k, int tag) override {
        const i64 t = now_ns();
        k.sent_at[static_cast<std::size_t>(tag)] = t;
        if (t_first_send_ == 0)
            t_first_send_ = t;
        ++sent_;
    }

    // --- answering
    void go() {
        if (phase_ != phase::joined)
            return;
        phase_ = phase::answering;
        t_go_ = now_ns();
        cpu_go_ = cpu_self_s();
        rx_go_ = rx_total();
        views_go_ = views_;
        const unsigned per = statements_ * rounds_;
        for (auto& k : conns_) {
            if (k->state != cstate::joined)
                continue;
            k->total = static_cast<std::uint16_t>(per);
            k->sent_at.assign(per, 0);
            active_.push_back(k.get());
        }
        total_answers_ = u64(active_.size()) * per;
        if (active_.empty() || per == 0)
            return report_done();
        if (!paced_) {
            for (conn* k : active_) {
                for (unsigned t = 0; t < per; ++t)
                    queue_answer(*k, t);
            }
        } else {
            pace();
        }
    }

    void queue_answer(conn& k, unsigned tag) {
        const unsigned item = tag % statements_;
        const unsigned round = tag / statements_;
        ++k.queued;
        k.send(
            answer_message(kAnswerSeqBase + tag, step_, items_[item], value_for(k.id, item, round)),
            static_cast<int>(tag));
    }

    void pace() {
        // Answer j goes to participant j mod n, statement j / n: every participant answers
        // statement 1 before anyone answers statement 2, like people moving through a list.
        const double elapsed = double(now_ns() - t_go_) / 1e9;
        const u64 due = std::min<u64>(total_answers_, u64(elapsed * rate_) + 1);
        while (scheduled_ < due) {
            conn& k = *active_[scheduled_ % active_.size()];
            const auto tag = static_cast<unsigned>(scheduled_ / active_.size());
            ++scheduled_;
            if (k.state == cstate::joined)
                queue_answer(k, tag);
        }
        if (scheduled_ >= total_answers_)
            return;
        pace_timer_ = std::make_unique<asio::steady_timer>(ioc_, std::chrono::milliseconds(1));
        pace_timer_->async_wait([this](beast::error_code ec) {
            if (!ec && phase_ == phase::answering)
                pace();
        });
    }

    void settle_answer(conn& k) {
        if (!k.finished && k.acked + k.errored >= k.total) {
            k.finished = true;
            ++finished_;
            check_done();
        }
    }

    void check_done() {
        if (phase_ == phase::answering && finished_ == active_.size())
            report_done();
    }

    void report_done() {
        if (phase_ != phase::answering)
            return;
        phase_ = phase::done;
        t_done_ = now_ns();
        // Send times per room, in microseconds of CLOCK_MONOTONIC.
        std::map<std::uint32_t, std::vector<i64>> sends;
        std::map<std::uint32_t, u64> acked_by_room;
        for (conn* k : active_) {
            auto& v = sends[k->room];
            for (std::size_t t = 0; t < k->sent_at.size(); ++t) {
                if (k->sent_at[t] != 0)
                    v.push_back(k->sent_at[t] / 1000);
            }
            acked_by_room[k->room] += k->acked;
        }
        json rooms = json::array();
        for (auto& [r, v] : sends)
            rooms.push_back(
                json{{"room", r}, {"acked", acked_by_room[r]}, {"sends", std::move(v)}});
        json j{{"ev", "done"},
               {"sent", sent_},
               {"acked", acked_},
               {"answers_expected", total_answers_},
               {"answer_errors", answer_errors_},
               {"other_errors", other_errors_},
               {"dropped", dropped_},
               {"t_go", t_go_},
               {"t_first_send", t_first_send_},
               {"t_last_ack", t_last_ack_},
               {"t_done", t_done_},
               {"cpu_go_s", cpu_go_},
               {"cpu_done_s", cpu_self_s()},
               {"rx_go", rx_go_},
               {"views_go", views_go_},
               {"ack_lat_us", std::move(ack_lat_us_)},
               {"rooms", std::move(rooms)},
               {"timed_out", timed_out_}};
        write_line(1, j.dump());
    }

    void bye() {
        json j{{"ev", "bye"},
               {"cpu_s", cpu_self_s()},
               {"rx_bytes", rx_total()},
               {"views", views_},
               {"dropped", dropped_},
               {"drop_reasons", drop_reasons_},
               {"timed_out", timed_out_}};
        write_line(1, j.dump());
        // The kernel closes the sockets; no need to tear down ten thousand objects.
        std::_Exit(0);
    }

    u64 rx_total() const {
        u64 s = 0;
        for (const auto& k : conns_)
            s += k->rx_bytes;
        return s;
    }

    enum class phase { config, joining, joined, answering, done };

    asio::io_context& ioc_;
    asio::posix::stream_descriptor in_;
    std::string inbuf_;
    asio::steady_timer timer_;
    std::unique_ptr<asio::steady_timer> pace_timer_;
    phase phase_ = phase::joining;

    std::string host_, step_;
    unsigned port_ = 0;
    bool echo_ = false, paced_ = false, timed_out_ = false;
    std::vector<std::string> items_, codes_;
    unsigned statements_ = 0, rounds_ = 1, join_window_ = 256;
    double rate_ = 0;
    i64 deadline_ns_ = 0;
    std::vector<asio::ip::address> src_;
    tcp::endpoint dst_;

    std::vector<std::unique_ptr<conn>> conns_;
    std::size_t next_ = 0, inflight_ = 0, joined_ = 0, failed_ = 0;
    std::map<std::string, u64> refused_, answer_errors_, other_errors_, drop_reasons_;
    u64 dropped_ = 0, views_ = 0, views_go_ = 0;
    i64 t_first_connect_ = 0, t_last_joined_ = 0;

    std::vector<conn*> active_;
    std::size_t finished_ = 0;
    u64 total_answers_ = 0, scheduled_ = 0, sent_ = 0, acked_ = 0;
    std::vector<i64> ack_lat_us_;
    i64 t_go_ = 0, t_first_send_ = 0, t_last_ack_ = 0, t_done_ = 0;
    double cpu_go_ = 0;
    u64 rx_go_ = 0;
};

int run_worker() {
    raise_nofile();
    signal(SIGPIPE, SIG_IGN);
    asio::io_context ioc(1);
    worker w(ioc);
    w.start();
    ioc.run();
    return 0;
}

//------------------------------------------------------------------------------
// [SECTION] coordinator: rooms, observers, worker processes, the result

struct child_proc {
    pid_t pid = -1;
    int to_child = -1; // its stdin
    std::unique_ptr<asio::posix::stream_descriptor> from_child;
    std::string buf;
    json joined, done, bye;
    unsigned participants = 0;
    bool exited = false;
};

struct room_obs {
    std::unique_ptr<conn> fac;
    std::string code, secret;
    std::vector<std::string> items;
    bool ready = false;
    u64 last_rev = 0, last_sum = 0;
    std::vector<i64> obs_ns; // obs_ns[k]: when the sum first reached k + 1
    u64 expected = 0;        // answers acked in this room (from the workers)
};

class coordinator final : public handler {
public:
    coordinator(asio::io_context& ioc, options o) : ioc_(ioc), o_(std::move(o)), deadline_(ioc) {}

    int run() {
        t_start_ = now_ns();
        deadline_ns_ = t_start_ + i64(o_.timeout_s * 1e9);
        g_host_header = o_.host + ":" + std::to_string(o_.port);
        dst_ = tcp::endpoint(asio::ip::make_address(o_.host), static_cast<unsigned short>(o_.port));
        load_start_ = loadavg();

        // Workers first, before any socket exists, so that they inherit none.
        const u64 per_proc = std::max<u64>(1000, nofile_hard() > 600 ? nofile_hard() - 500 : 1000);
        procs_ = o_.procs ? o_.procs : unsigned((o_.participants + per_proc - 1) / per_proc);
        procs_ = std::clamp(procs_, 1u, o_.participants);
        if (o_.src_base + procs_ * o_.src_addrs - 1 > 254) {
            std::cerr << "kring-load: --src-base + procs * --src-addrs exceeds 127.0.0.254\n";
            return 1;
        }
        if (!spawn_workers())
            return 1;

        deadline_.expires_at(
            std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadline_ns_)));
        deadline_.async_wait([this](beast::error_code ec) {
            if (!ec)
                abort_run("timed out after " + std::to_string(o_.timeout_s) + " s in phase " +
                          phase_);
        });

        if (o_.echo) {
            items_.assign(o_.statements, "echo");
            for (unsigned i = 0; i < o_.statements; ++i)
                items_[i] = "item-" + std::to_string(i + 1);
            asio::post(ioc_, [this] { send_configs(); });
        } else {
            phase_ = "create";
            rooms_.resize(o_.rooms);
            for (auto& r : rooms_) {
                r.fac = std::make_unique<conn>(ioc_, *this);
                r.fac->room = static_cast<std::uint32_t>(&r - rooms_.data());
                r.fac->start(dst_, nullptr);
            }
        }
        ioc_.run();
        return exit_code_;
    }

private:
    void log(const std::string& s) {
        if (!o_.quiet)
            std::cerr << "kring-load[" << (o_.label.empty() ? "run" : o_.label) << "] "
                      << double(now_ns() - t_start_) / 1e9 << " s: " << s << std::endl;
    }

    // --- workers
    bool spawn_workers() {
        char self[4096];
        const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) {
            std::cerr << "kring-load: cannot find my own executable\n";
            return false;
        }
        self[n] = '\0';
        for (unsigned i = 0; i < procs_; ++i) {
            int in[2], out[2];
            if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) {
                std::perror("kring-load: pipe");
                return false;
            }
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_adddup2(&fa, in[0], 0);
            posix_spawn_file_actions_adddup2(&fa, out[1], 1);
            char arg0[] = "kring-load";
            char arg1[] = "--worker";
            char* argv[] = {arg0, arg1, nullptr};
            child_proc c;
            const int rc = posix_spawn(&c.pid, self, &fa, nullptr, argv, environ);
            posix_spawn_file_actions_destroy(&fa);
            ::close(in[0]);
            ::close(out[1]);
            if (rc != 0) {
                std::cerr << "kring-load: cannot start a worker: " << std::strerror(rc) << "\n";
                return false;
            }
            c.to_child = in[1];
            c.from_child = std::make_unique<asio::posix::stream_descriptor>(ioc_, out[0]);
            workers_.push_back(std::move(c));
        }
        for (std::size_t i = 0; i < workers_.size(); ++i)
            read_worker(i);
        return true;
    }

    void read_worker(std::size_t i) {
        auto& w = workers_[i];
        asio::async_read_until(*w.from_child, asio::dynamic_buffer(w.buf), '\n',
                               [this, i](beast::error_code ec, std::size_t n) {
                                   auto& w = workers_[i];
                                   if (ec) {
                                       w.exited = true;
                                       if (phase_ != "exit")
                                           abort_run("worker " + std::to_string(i) +
                                                     " ended early (" + ec.message() + ")");
                                       else
                                           maybe_finish();
                                       return;
                                   }
                                   std::string line = w.buf.substr(0, n - 1);
                                   w.buf.erase(0, n);
                                   on_worker_line(i, line);
                                   read_worker(i);
                               });
    }

    void tell(child_proc& w, const std::string& line) {
        if (w.to_child >= 0)
            write_line(w.to_child, line);
    }

    void send_configs() {
        phase_ = "join";
        server_before_ = sample_proc(o_.server_pid);
        busy_before_ = machine_busy_s();
        cpu_before_ = cpu_self_s();
        // Participants per room, then per worker.
        std::vector<std::vector<json>> per_worker(procs_);
        std::vector<unsigned> count(procs_, 0);
        const unsigned R = o_.echo ? 1 : o_.rooms;
        for (unsigned r = 0; r < R; ++r) {
            const unsigned nr = o_.participants / R + (r < o_.participants % R ? 1 : 0);
            for (unsigned w = 0; w < procs_; ++w) {
                const unsigned nw = nr / procs_ + (w < nr % procs_ ? 1 : 0);
                if (nw == 0)
                    continue;
                per_worker[w].push_back(json{
                    {"room", r}, {"code", o_.echo ? std::string() : rooms_[r].code}, {"n", nw}});
                count[w] += nw;
            }
        }
        std::uint32_t first_id = 0;
        for (unsigned w = 0; w < procs_; ++w) {
            json src = json::array();
            for (unsigned a = 0; a < o_.src_addrs; ++a)
                src.push_back("127.0.0." + std::to_string(o_.src_base + w * o_.src_addrs + a));
            if (o_.host.rfind("127.", 0) != 0)
                src = json::array(); // not loopback: let the kernel choose
            workers_[w].participants = count[w];
            json cfg{{"host", o_.host},
                     {"port", o_.port},
                     {"echo", o_.echo},
                     {"step", o_.step},
                     {"items", items_},
                     {"statements", o_.statements},
                     {"rounds", o_.rounds},
                     {"pattern", o_.pattern},
                     {"rate", o_.rate * double(count[w]) / double(o_.participants)},
                     {"join_window", o_.join_window},
                     {"deadline_ns", deadline_ns_ - i64(2e9)},
                     {"src", src},
                     {"first_id", first_id},
                     {"rooms", per_worker[w]}};
            first_id += count[w];
            tell(workers_[w], cfg.dump());
        }
        log("joining " + std::to_string(o_.participants) + " participants in " +
            std::to_string(procs_) + " process(es)");
    }

    void on_worker_line(std::size_t i, const std::string& line) {
        json j;
        try {
            j = json::parse(line);
        } catch (const std::exception& e) {
            abort_run("worker " + std::to_string(i) + " said something unreadable: " + e.what());
            return;
        }
        auto& w = workers_[i];
        const std::string ev = j.value("ev", "");
        if (ev == "joined") {
            w.joined = std::move(j);
            if (std::all_of(workers_.begin(), workers_.end(),
                            [](const child_proc& c) { return !c.joined.is_null(); }))
                all_joined();
        } else if (ev == "done") {
            w.done = std::move(j);
            if (std::all_of(workers_.begin(), workers_.end(),
                            [](const child_proc& c) { return !c.done.is_null(); }))
                all_done();
        } else if (ev == "bye") {
            w.bye = std::move(j);
            maybe_finish();
        }
    }

    void all_joined() {
        t_joined_ = now_ns();
        server_joined_ = sample_proc(o_.server_pid);
        u64 joined = 0;
        for (auto& w : workers_)
            joined += w.joined.value("joined", u64(0));
        log("joined " + std::to_string(joined) + "; settling " + std::to_string(o_.settle_ms) +
            " ms");
        if (joined == 0)
            return abort_run("no participant could join");
        phase_ = "settle";
        after(std::chrono::milliseconds(o_.settle_ms), [this] { start_answers(); });
    }

    void start_answers() {
        phase_ = "answer";
        server_go_ = sample_proc(o_.server_pid);
        busy_go_ = machine_busy_s();
        cpu_go_ = cpu_self_s();
        fac_rx_go_ = fac_rx();
        fac_views_go_ = fac_views_;
        t_go_ = now_ns();
        for (auto& w : workers_)
            tell(w, "go");
        log(std::string("go (") + o_.pattern + ")");
    }

    void all_done() {
        t_all_done_ = now_ns();
        for (auto& w : workers_) {
            for (const auto& r : w.done.at("rooms")) {
                const auto idx = r.at("room").get<std::size_t>();
                if (idx < rooms_.size())
                    rooms_[idx].expected += r.at("acked").get<u64>();
            }
        }
        log("all answers settled; waiting for the observers");
        phase_ = "observe";
        observe_until_ = now_ns() + i64(5e9);
        check_observed();
    }

    bool observed_all() const {
        for (const auto& r : rooms_) {
            const u64 want = std::min<u64>(r.expected, u64(o_.statements) * participants_in(r));
            if (r.last_sum < want)
                return false;
        }
        return true;
    }

    u64 participants_in(const room_obs& r) const {
        const auto idx = static_cast<unsigned>(&r - rooms_.data());
        const unsigned R = o_.rooms;
        return o_.participants / R + (idx < o_.participants % R ? 1 : 0);
    }

    void check_observed() {
        if (phase_ != "observe")
            return;
        if (o_.echo || observed_all() || now_ns() >= observe_until_) {
            t_observed_ = now_ns();
            server_done_ = sample_proc(o_.server_pid);
            busy_done_ = machine_busy_s();
            cpu_done_ = cpu_self_s();
            phase_ = "tail";
            // Let the last coalesced views arrive, so their bytes are counted.
            after(std::chrono::milliseconds(o_.settle_ms), [this] {
                phase_ = "exit";
                fac_rx_end_ = fac_rx();
                fac_views_end_ = fac_views_;
                t_exit_ = now_ns();
                server_end_ = sample_proc(o_.server_pid);
                for (auto& w : workers_)
                    tell(w, "exit");
            });
            return;
        }
        after(std::chrono::milliseconds(2), [this] { check_observed(); });
    }

    void maybe_finish() {
        if (phase_ != "exit")
            return;
        for (auto& w : workers_) {
            if (w.bye.is_null() && !w.exited)
                return;
        }
        for (auto& w : workers_) {
            int status = 0;
            if (w.pid > 0)
                ::waitpid(w.pid, &status, 0);
            w.pid = -1;
        }
        finish(false, {});
    }

    template <class F> void after(std::chrono::milliseconds d, F f) {
        auto t = std::make_shared<asio::steady_timer>(ioc_, d);
        t->async_wait([t, f = std::move(f)](beast::error_code ec) {
            if (!ec)
                f();
        });
    }

    u64 fac_rx() const {
        u64 s = 0;
        for (const auto& r : rooms_)
            s += r.fac ? r.fac->rx_bytes : 0;
        return s;
    }

    // --- facilitators / observers
    void on_open(conn& k) override {
        k.send(R"({"type":"create_session","seq":1,"protocol_version":1,"template":")" +
               o_.template_id + R"("})");
    }

    void on_fail(conn& k, cstate, std::string_view stage, const beast::error_code& ec) override {
        if (phase_ == "exit" || phase_ == "finished")
            return;
        abort_run("facilitator of room " + std::to_string(k.room) +
                  " failed: " + fail_reason(stage, ec));
    }

    void on_message(conn& k, std::string_view m) override {
        room_obs& r = rooms_[k.room];
        const std::string_view type = type_of(m);
        if (type == "view") {
            ++fac_views_;
            const u64 rev = uint_field(m, "\"rev\":").value_or(0);
            if (rev < r.last_rev)
                return;
            r.last_rev = rev;
            const u64 sum = sum_counts(m);
            if (sum > r.last_sum) {
                const i64 t = now_ns();
                r.obs_ns.resize(sum, t);
                r.last_sum = sum;
            }
            return;
        }
        if (type == "session_created") {
            r.code = string_field(m, "\"join_code\":\"");
            r.secret = string_field(m, "\"facilitator_secret\":\"");
            return;
        }
        if (type == "welcome" && r.items.empty()) {
            try {
                const json w = json::parse(m);
                for (const auto& s : w.at("session").at("steps")) {
                    if (s.at("id") != o_.step)
                        continue;
                    for (const auto& it : s.at("items"))
                        r.items.push_back(it.at("id").get<std::string>());
                }
            } catch (const std::exception& e) {
                return abort_run(std::string("unreadable welcome: ") + e.what());
            }
            if (r.items.empty())
                return abort_run("template " + o_.template_id + " has no step " + o_.step);
            k.send(R"({"type":"control","seq":2,"action":"open","step":")" + o_.step + R"("})");
            return;
        }
        // Live results: one more control before the room is ready.
        if (type == "ack" && uint_field(m, "\"seq\":") == u64(2) && !o_.live.empty()) {
            k.send(R"({"type":"control","seq":3,"action":"set_live","step":")" + o_.step +
                   R"(","on":true,"phones":)" + (o_.live == "phones" ? "true" : "false") + "}");
            return;
        }
        if (type == "ack" && uint_field(m, "\"seq\":") == u64(o_.live.empty() ? 2 : 3)) {
            r.ready = true;
            k.state = cstate::joined;
            if (++rooms_ready_ == rooms_.size()) {
                items_ = rooms_.front().items;
                if (o_.statements > items_.size())
                    return abort_run("--statements exceeds the " + std::to_string(items_.size()) +
                                     " statements of step " + o_.step);
                log(std::to_string(rooms_.size()) + " room(s) created and open");
                send_configs();
            }
            return;
        }
        if (type == "error")
            abort_run("server refused the facilitator of room " + std::to_string(k.room) + ": " +
                      std::string(m));
    }

    // --- the end
    void abort_run(const std::string& why) {
        if (phase_ == "finished")
            return;
        std::cerr << "kring-load: " << why << "\n";
        for (auto& w : workers_) {
            if (w.pid > 0) {
                ::kill(w.pid, SIGKILL);
                int status = 0;
                ::waitpid(w.pid, &status, 0);
                w.pid = -1;
            }
        }
        if (server_done_.ok == false)
            server_done_ = sample_proc(o_.server_pid);
        if (server_end_.ok == false)
            server_end_ = server_done_;
        finish(true, why);
    }

    void finish(bool aborted, const std::string& why) {
        phase_ = "finished";
        json res = result(aborted, why);
        const std::string text = res.dump();
        std::cout << text << std::endl;
        if (!o_.out.empty()) {
            std::ofstream f(o_.out);
            f << text << "\n";
        }
        summary(res);
        exit_code_ =
            aborted ? (res.value("joined", 0) > 0 ? 3 : 1) : (res.at("ok").get<bool>() ? 0 : 3);
        deadline_.cancel();
        ioc_.stop();
    }

    json result(bool aborted, const std::string& why) {
        json r;
        r["label"] = o_.label;
        r["mode"] = o_.echo ? "echo" : "kring";
        r["participants"] = o_.participants;
        r["rooms"] = o_.echo ? 0u : o_.rooms;
        r["statements"] = o_.statements;
        r["rounds"] = o_.rounds;
        r["pattern"] = o_.pattern;
        r["rate_target"] = o_.rate;
        r["live"] = o_.live.empty() ? "off" : o_.live;
        r["procs"] = procs_;
        r["src_addrs_per_proc"] = o_.src_addrs;
        r["loadavg_start"] = load_start_;
        r["aborted"] = aborted;
        if (aborted)
            r["abort_reason"] = why;

        // Joining.
        u64 joined = 0, failed = 0;
        i64 t_first_connect = 0, t_last_joined = 0;
        std::map<std::string, u64> refused;
        double gen_cpu_join = 0;
        for (auto& w : workers_) {
            if (w.joined.is_null())
                continue;
            joined += w.joined.value("joined", u64(0));
            failed += w.joined.value("failed", u64(0));
            for (auto& [k, v] : w.joined.at("refused").items())
                refused[k] += v.get<u64>();
            const i64 fc = w.joined.value("t_first_connect", i64(0));
            if (fc && (!t_first_connect || fc < t_first_connect))
                t_first_connect = fc;
            t_last_joined = std::max(t_last_joined, w.joined.value("t_last_joined", i64(0)));
            gen_cpu_join += w.joined.value("cpu_s", 0.0);
        }
        r["joined"] = joined;
        r["refused"] = failed;
        r["refused_reasons"] = refused;
        r["join_s"] =
            t_last_joined > t_first_connect ? double(t_last_joined - t_first_connect) / 1e9 : 0.0;
        r["joins_per_s"] = t_last_joined > t_first_connect
                               ? double(joined) / (double(t_last_joined - t_first_connect) / 1e9)
                               : 0.0;

        // Answers.
        u64 sent = 0, acked = 0, expected = 0, dropped = 0;
        i64 t_first_send = 0, t_last_ack = 0;
        std::map<std::string, u64> answer_errors, other_errors, drop_reasons;
        std::vector<i64> ack_lat;
        double gen_cpu_answer = cpu_done_ - cpu_go_, worst_util = 0;
        u64 rx_answer = 0, views_answer = 0;
        for (auto& w : workers_) {
            if (w.done.is_null())
                continue;
            const json& d = w.done;
            sent += d.value("sent", u64(0));
            acked += d.value("acked", u64(0));
            expected += d.value("answers_expected", u64(0));
            for (auto& [k, v] : d.at("answer_errors").items())
                answer_errors[k] += v.get<u64>();
            for (auto& [k, v] : d.at("other_errors").items())
                other_errors[k] += v.get<u64>();
            const i64 fs = d.value("t_first_send", i64(0));
            if (fs && (!t_first_send || fs < t_first_send))
                t_first_send = fs;
            t_last_ack = std::max(t_last_ack, d.value("t_last_ack", i64(0)));
            for (const auto& v : d.at("ack_lat_us"))
                ack_lat.push_back(v.get<i64>());
            const double cpu = d.value("cpu_done_s", 0.0) - d.value("cpu_go_s", 0.0);
            gen_cpu_answer += cpu;
            const double wall = double(d.value("t_done", i64(0)) - d.value("t_go", i64(0))) / 1e9;
            if (wall > 0.05)
                worst_util = std::max(worst_util, cpu / wall);
            if (!w.bye.is_null()) {
                rx_answer += w.bye.value("rx_bytes", u64(0)) - d.value("rx_go", u64(0));
                views_answer += w.bye.value("views", u64(0)) - d.value("views_go", u64(0));
                dropped += w.bye.value("dropped", u64(0));
                for (auto& [k, v] : w.bye.at("drop_reasons").items())
                    drop_reasons[k] += v.get<u64>();
            }
        }
        // What the phones alone received, then with the observers'.
        r["participant_bytes_answer_phase"] = rx_answer;
        rx_answer += fac_rx_end_ > fac_rx_go_ ? fac_rx_end_ - fac_rx_go_ : 0;
        const double answer_s =
            t_last_ack > t_first_send ? double(t_last_ack - t_first_send) / 1e9 : 0.0;
        r["answers_expected"] = expected;
        r["answers_sent"] = sent;
        r["answers_acked"] = acked;
        r["answer_errors"] = answer_errors;
        r["other_errors"] = other_errors;
        r["dropped"] = dropped;
        r["drop_reasons"] = drop_reasons;
        r["answer_s"] = answer_s;
        r["durable_answers_per_s"] = answer_s > 0 ? double(acked) / answer_s : 0.0;
        r["ack_latency_ms"] = percentiles_ms(ack_lat);
        r["bytes_received_answer_phase"] = rx_answer;
        r["bytes_per_answer"] = acked ? double(rx_answer) / double(acked) : 0.0;
        // Views the participants received from "go" until the end (the tail included).
        r["participant_views_answer_phase"] = views_answer;
        r["observer_views_answer_phase"] = fac_views_end_ - fac_views_go_;
        r["views_window_s"] = t_exit_ > t_go_ ? double(t_exit_ - t_go_) / 1e9 : 0.0;

        // Answer -> projector aggregate latency, per room: k-th send vs k-th observation.
        u64 observed = 0, unobserved = 0;
        if (!o_.echo) {
            std::vector<std::vector<i64>> sends(rooms_.size());
            for (auto& w : workers_) {
                if (w.done.is_null())
                    continue;
                for (const auto& rr : w.done.at("rooms")) {
                    const auto idx = rr.at("room").get<std::size_t>();
                    if (idx >= sends.size())
                        continue;
                    for (const auto& v : rr.at("sends"))
                        sends[idx].push_back(v.get<i64>());
                }
            }
            std::vector<i64> lat;
            for (std::size_t i = 0; i < rooms_.size(); ++i) {
                auto& s = sends[i];
                std::sort(s.begin(), s.end());
                const auto& ob = rooms_[i].obs_ns;
                const u64 want = std::min<u64>(rooms_[i].expected,
                                               u64(o_.statements) * participants_in(rooms_[i]));
                observed += std::min<u64>(ob.size(), want);
                unobserved += want > ob.size() ? want - ob.size() : 0;
                if (o_.rounds != 1)
                    continue; // replaced answers do not add to the sum
                const std::size_t n = std::min(s.size(), ob.size());
                for (std::size_t k = 0; k < n; ++k)
                    lat.push_back(std::max<i64>(0, ob[k] / 1000 - s[k]));
            }
            r["projector_latency_ms"] = percentiles_ms(lat);
            r["observed"] = observed;
            r["unobserved"] = unobserved;
            json codes = json::array();
            for (const auto& rm : rooms_)
                codes.push_back(json{{"code", rm.code}, {"secret", rm.secret}});
            r["sessions"] = codes;
        }

        // Server, from /proc.
        json srv;
        srv["before"] = server_before_.to_json();
        srv["joined"] = server_joined_.to_json();
        srv["go"] = server_go_.to_json();
        srv["done"] = server_done_.to_json();
        srv["end"] = server_end_.to_json();
        if (server_before_.ok && server_end_.ok) {
            srv["hwm_kib"] = server_end_.hwm_kib;
            srv["rss_joined_kib"] = server_joined_.rss_kib;
            const double per =
                joined ? double(server_end_.hwm_kib - server_before_.rss_kib) / double(joined)
                       : 0.0;
            srv["kib_per_participant"] = per;
            srv["kib_per_participant_at_join"] =
                joined && server_joined_.ok
                    ? double(server_joined_.rss_kib - server_before_.rss_kib) / double(joined)
                    : 0.0;
            srv["cpu_total_s"] = server_end_.cpu_s;
            srv["cpu_join_s"] =
                server_joined_.ok ? server_joined_.cpu_s - server_before_.cpu_s : 0.0;
            srv["cpu_answer_s"] =
                server_done_.ok && server_go_.ok ? server_done_.cpu_s - server_go_.cpu_s : 0.0;
            srv["cpu_us_per_answer"] =
                acked ? srv["cpu_answer_s"].get<double>() * 1e6 / double(acked) : 0.0;
            srv["runq_wait_join_s"] =
                server_joined_.ok ? server_joined_.runq_wait_s - server_before_.runq_wait_s : 0.0;
            srv["runq_wait_answer_s"] = server_done_.ok && server_go_.ok
                                            ? server_done_.runq_wait_s - server_go_.runq_wait_s
                                            : 0.0;
        }
        r["server"] = srv;

        // The generator itself, and everything else on the machine.
        const double answer_wall = t_observed_ > t_go_ ? double(t_observed_ - t_go_) / 1e9 : 0.0;
        json gen{{"cpu_join_s", gen_cpu_join + (cpu_go_ - cpu_before_)},
                 {"cpu_answer_s", gen_cpu_answer},
                 {"answer_wall_s", answer_wall},
                 {"max_proc_util_answer", worst_util},
                 {"saturated", worst_util >= 0.9}};
        r["generator"] = gen;
        if (busy_done_ > 0 && busy_go_ > 0) {
            const double busy = busy_done_ - busy_go_;
            const double srv_cpu = srv.value("cpu_answer_s", 0.0);
            r["machine_busy_answer_s"] = busy;
            r["other_cpu_answer_s"] = std::max(0.0, busy - srv_cpu - gen_cpu_answer);
        }

        const bool all_joined = joined == o_.participants && failed == 0;
        const bool all_acked = expected > 0 && acked == expected && answer_errors.empty();
        const bool all_seen = o_.echo || unobserved == 0;
        r["ok"] = !aborted && all_joined && all_acked && all_seen && dropped == 0;
        return r;
    }

    void summary(const json& r) {
        if (o_.quiet)
            return;
        std::cerr << "kring-load[" << o_.label << "] " << r.value("mode", "") << ": joined "
                  << r.value("joined", 0) << "/" << o_.participants << " in "
                  << r.value("join_s", 0.0) << " s; acked " << r.value("answers_acked", 0) << "/"
                  << r.value("answers_expected", 0) << " = "
                  << r.value("durable_answers_per_s", 0.0) << "/s";
        if (r.contains("projector_latency_ms") && r["projector_latency_ms"].contains("p99"))
            std::cerr << "; projector p50/p99 " << r["projector_latency_ms"]["p50"] << "/"
                      << r["projector_latency_ms"]["p99"] << " ms";
        std::cerr << "; gen util " << r["generator"]["max_proc_util_answer"] << "; ok "
                  << r.value("ok", false) << std::endl;
    }

    asio::io_context& ioc_;
    options o_;
    asio::steady_timer deadline_;
    tcp::endpoint dst_;
    unsigned procs_ = 1;
    std::vector<child_proc> workers_;
    std::vector<room_obs> rooms_;
    std::size_t rooms_ready_ = 0;
    std::vector<std::string> items_;
    std::string phase_ = "start", load_start_;
    int exit_code_ = 1;

    i64 t_start_ = 0, deadline_ns_ = 0, t_joined_ = 0, t_go_ = 0, t_all_done_ = 0, t_observed_ = 0,
        observe_until_ = 0, t_exit_ = 0;
    proc_sample server_before_, server_joined_, server_go_, server_done_, server_end_;
    double busy_before_ = 0, busy_go_ = 0, busy_done_ = 0;
    double cpu_before_ = 0, cpu_go_ = 0, cpu_done_ = 0;
    u64 fac_rx_go_ = 0, fac_rx_end_ = 0, fac_views_ = 0, fac_views_go_ = 0, fac_views_end_ = 0;
};

//------------------------------------------------------------------------------
// [SECTION] probe: how long until a (re)started server acknowledges an answer

class probe final : public handler {
public:
    probe(asio::io_context& ioc, options o) : ioc_(ioc), o_(std::move(o)), retry_(ioc) {}

    int run() {
        g_host_header = o_.host + ":" + std::to_string(o_.port);
        dst_ = tcp::endpoint(asio::ip::make_address(o_.host), static_cast<unsigned short>(o_.port));
        t_start_ = now_ns();
        // The script gives the wall-clock time it started the server; translate it.
        const i64 offset = realtime_ns() - t_start_;
        t0_ = o_.t0_realtime_ns ? o_.t0_realtime_ns - offset : t_start_;
        deadline_ = t_start_ + i64(o_.timeout_s * 1e9);
        attempt();
        ioc_.run();
        return rc_;
    }

private:
    void attempt() {
        if (now_ns() > deadline_)
            return end(false, "no ack before the deadline");
        ++attempts_;
        conns_.push_back(std::make_unique<conn>(ioc_, *this));
        conns_.back()->start(dst_, nullptr);
    }

    void on_open(conn& k) override {
        t_open_ = now_ns();
        k.send(R"({"type":"join","seq":1,"protocol_version":1,"role":"participant","code":")" +
               o_.code + R"(","name":"probe"})");
    }

    void on_fail(conn&, cstate was, std::string_view stage, const beast::error_code& ec) override {
        if (was == cstate::connecting) {
            // Not listening yet: try again shortly.
            retry_.expires_after(std::chrono::milliseconds(2));
            retry_.async_wait([this](beast::error_code e) {
                if (!e)
                    attempt();
            });
            return;
        }
        end(false, fail_reason(stage, ec));
    }

    void on_message(conn& k, std::string_view m) override {
        const std::string_view type = type_of(m);
        if (type == "welcome") {
            t_welcome_ = now_ns();
            // The step's first statement, as the welcome names it.
            std::string item;
            const auto w = nlohmann::json::parse(m, nullptr, false);
            if (w.is_object() && w.contains("session"))
                for (const auto& st : w["session"].value("steps", nlohmann::json::array()))
                    if (st.value("id", "") == o_.step &&
                        !st.value("items", nlohmann::json::array()).empty())
                        item = st["items"][0].value("id", "");
            if (item.empty())
                return end(false, "the welcome has no statement in step " + o_.step);
            k.send(answer_message(7, o_.step, item, "green"));
        } else if (type == "ack") {
            t_ack_ = now_ns();
            end(true, {});
        } else if (type == "error") {
            end(false, std::string(m));
        }
    }

    void end(bool ok, const std::string& why) {
        auto s = [&](i64 t) { return t ? double(t - t0_) / 1e9 : 0.0; };
        json r{{"mode", "probe"},
               {"ok", ok},
               {"attempts", attempts_},
               {"listening_s", s(t_open_)},
               {"welcome_s", s(t_welcome_)},
               {"ack_s", s(t_ack_)}};
        if (!ok)
            r["error"] = why;
        std::cout << r.dump() << std::endl;
        if (!o_.out.empty()) {
            std::ofstream f(o_.out);
            f << r.dump() << "\n";
        }
        rc_ = ok ? 0 : 3;
        ioc_.stop();
    }

    asio::io_context& ioc_;
    options o_;
    asio::steady_timer retry_;
    tcp::endpoint dst_;
    std::vector<std::unique_ptr<conn>> conns_;
    i64 t_start_ = 0, t0_ = 0, deadline_ = 0, t_open_ = 0, t_welcome_ = 0, t_ack_ = 0;
    unsigned attempts_ = 0;
    int rc_ = 1;
};

} // namespace

int main(int argc, char** argv) {
    const options o = parse(argc, argv);
    try {
        if (o.mode == "worker")
            return run_worker();
        raise_nofile();
        signal(SIGPIPE, SIG_IGN);
        asio::io_context ioc(1);
        if (o.mode == "probe") {
            probe p(ioc, o);
            return p.run();
        }
        coordinator c(ioc, o);
        return c.run();
    } catch (const std::exception& e) {
        std::cerr << "kring-load: " << e.what() << "\n";
        return 1;
    }
}

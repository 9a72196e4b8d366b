#include <arpa/inet.h>
#include <netinet/in.h>

#include <charconv>

#include "gpufleet/error.h"
#include "gpufleet/serve.h"

namespace gpufleet::serve {
namespace {

bool IsAddress(const std::string& host) {
  unsigned char buf[sizeof(in6_addr)];
  return host == "localhost" || inet_pton(AF_INET, host.c_str(), buf) == 1 ||
         inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

}  // namespace

std::pair<std::string, int> ParseListen(std::string_view listen) {
  const auto bad = [&](const std::string& why) {
    return InputError(Where{"<flag>", 0, "--listen"}, why + ", got '" + std::string(listen) + "'");
  };
  // "[::1" or "[::1]8080": an IPv6 host is bracketed, the port after ']:' ("[::1" read as host
  // '[:' and port 1; found by an adversarial tester).
  if (listen.starts_with('[')) {
    const size_t close = listen.find(']');
    if (close == std::string_view::npos || close + 1 >= listen.size() || listen[close + 1] != ':') {
      throw bad("an IPv6 host goes in brackets, its port after them: [::1]:8080");
    }
  }
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) throw bad("expected HOST:PORT");
  std::string host(listen.substr(0, colon));
  const std::string_view port_text = listen.substr(colon + 1);
  if (host.empty()) throw bad("missing host (use 127.0.0.1 for loopback)");
  int port = -1;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    throw bad("port must be an integer in 0..65535");
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!IsAddress(host)) {
    throw bad("host '" + host + "' is not an IP address (e.g. 127.0.0.1, [::1]) or localhost");
  }
  return {host, port};
}

bool IsLoopback(std::string_view host) {
  const std::string h(host);
  if (h == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, h.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, h.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

std::string UrlHost(std::string_view host) {
  if (host.find(':') == std::string_view::npos) return std::string(host);
  return "[" + std::string(host) + "]";
}

}  // namespace gpufleet::serve

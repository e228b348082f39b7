// SPDX-License-Identifier: Apache-2.0
#include <mutex>

#include <attune/core.hpp>

namespace attune {
namespace {
std::mutex g_sink_mutex;
LogSink g_sink;  // empty: the library stays silent
}  // namespace

void set_log_sink(LogSink sink) {
    std::lock_guard lock(g_sink_mutex);
    g_sink = std::move(sink);
}

void log(LogLevel level, std::string_view message) {
    LogSink sink;
    {
        std::lock_guard lock(g_sink_mutex);
        sink = g_sink;
    }
    if (sink) sink(level, message);
}

}  // namespace attune

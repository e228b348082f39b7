// SPDX-License-Identifier: Apache-2.0
// The hash chain of audit records, independent of where the records are kept.
#include <chrono>
#include <cstdio>
#include <ctime>

#include "privacy/internal.hpp"

namespace attune::privacy {
namespace {
constexpr std::string_view kDomain = "attune-audit-v1";
constexpr std::size_t kHashBytes = 32;
}  // namespace

std::string chain_hash(std::string_view prev_hash, const AuditRecord& record) {
    detail::ensure_sodium();
    crypto_generichash_state st;
    crypto_generichash_init(&st, nullptr, 0, kHashBytes);
    crypto_generichash_update(&st, detail::bytes_of(kDomain), kDomain.size());
    const auto seq = detail::u64le(record.seq);
    crypto_generichash_update(&st, seq.data(), seq.size());
    for (std::string_view field :
         {std::string_view(record.time_utc), std::string_view(record.actor),
          std::string_view(record.action), std::string_view(record.subject),
          std::string_view(record.outcome), prev_hash}) {
        const auto len = detail::u64le(field.size());
        crypto_generichash_update(&st, len.data(), len.size());
        crypto_generichash_update(&st, detail::bytes_of(field), field.size());
    }
    std::uint8_t out[kHashBytes];
    crypto_generichash_final(&st, out, sizeof out);
    return detail::to_hex(out, sizeof out);
}

AuditRecord append(AuditRecord record, const AuditRecord* prev) {
    record.seq = prev ? prev->seq + 1 : 1;
    record.prev_hash = prev ? prev->hash : kGenesisHash;
    record.hash = chain_hash(record.prev_hash, record);
    return record;
}

std::optional<ChainFault> verify_chain(const std::vector<AuditRecord>& records,
                                       const AuditRecord* before) {
    for (std::size_t i = 0; i < records.size(); ++i) {
        const AuditRecord& r = records[i];
        const AuditRecord* prev = i > 0 ? &records[i - 1] : before;
        if (!prev && r.seq != 1)
            return ChainFault{i, "the first record has seq " + std::to_string(r.seq) +
                                     ", expected 1: records are missing from the start"};
        if (prev && r.seq != prev->seq + 1)
            return ChainFault{i, "seq " + std::to_string(r.seq) + " follows seq " +
                                     std::to_string(prev->seq) +
                                     ": a record is missing, inserted or out of order"};
        if (r.prev_hash != (prev ? prev->hash : kGenesisHash))
            return ChainFault{i, prev ? "prev_hash is not the hash of the record before"
                                      : "the first record's prev_hash is not the genesis hash"};
        if (r.hash != chain_hash(r.prev_hash, r))
            return ChainFault{i,
                              "hash does not match the record's content: the record was altered"};
    }
    return std::nullopt;
}


std::string format_utc(std::chrono::system_clock::time_point t) {
    const auto secs = std::chrono::floor<std::chrono::seconds>(t);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
    const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char out[64];  // room for any int year, so nothing is ever cut off
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  static_cast<int>(ms));
    return out;
}

}  // namespace attune::privacy

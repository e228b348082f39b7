// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include <attune/core.hpp>

namespace attune {
namespace {

constexpr std::size_t kAlign = 16;

std::size_t align_up(std::size_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

template <typename T>
void put_le(std::vector<std::uint8_t>& out, T v) {
    for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

template <typename T>
T get_le(const std::uint8_t* p) {
    T v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v |= static_cast<T>(p[i]) << (8 * i);
    return v;
}

std::string hex64(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

Result<DType> parse_dtype(const std::string& s) {
    for (DType t : {DType::f32, DType::i32, DType::u64, DType::u8})
        if (dtype_name(t) == s) return t;
    return Status::corrupt("unknown dtype '" + s + "'");
}

}  // namespace

std::string_view dtype_name(DType t) {
    switch (t) {
        case DType::f32: return "f32";
        case DType::i32: return "i32";
        case DType::u64: return "u64";
        case DType::u8: return "u8";
    }
    return "?";
}

std::size_t dtype_size(DType t) {
    switch (t) {
        case DType::f32: return 4;
        case DType::i32: return 4;
        case DType::u64: return 8;
        case DType::u8: return 1;
    }
    return 1;
}

std::size_t Tensor::elements() const {
    std::size_t n = 1;
    for (auto d : shape) n *= static_cast<std::size_t>(d);
    return n;
}

std::uint64_t fnv1a64(std::span<const std::uint8_t> bytes, std::uint64_t seed) {
    std::uint64_t h = seed;
    for (std::uint8_t b : bytes) {
        h ^= b;
        h *= 1099511628211ull;
    }
    return h;
}

void ModelFile::put(const std::string& name, DType dtype, std::vector<std::int64_t> shape,
                    std::span<const std::uint8_t> bytes) {
    Tensor t;
    t.dtype = dtype;
    t.shape = std::move(shape);
    ATTUNE_ASSERT(t.elements() * dtype_size(dtype) == bytes.size(),
                  "tensor '" + name + "': shape holds " + std::to_string(t.elements()) +
                      " elements but " + std::to_string(bytes.size()) + " bytes were given");
    t.data.assign(bytes.begin(), bytes.end());
    tensors_[name] = std::move(t);
}

Result<const Tensor*> ModelFile::get(const std::string& name, DType dtype, std::size_t rank) const {
    auto it = tensors_.find(name);
    if (it == tensors_.end())
        return Status::corrupt("model " + source_ + " (" + kind_ + ") has no tensor '" + name + "'");
    const Tensor& t = it->second;
    if (t.dtype != dtype || t.shape.size() != rank)
        return Status::corrupt("model " + source_ + ": tensor '" + name + "' is " +
                               std::string(dtype_name(t.dtype)) + " of rank " +
                               std::to_string(t.shape.size()) + ", expected " +
                               std::string(dtype_name(dtype)) + " of rank " + std::to_string(rank));
    return &t;
}

std::vector<std::uint8_t> ModelFile::serialize() const {
    nlohmann::json header;
    header["kind"] = kind_;
    header["meta"] = meta_;
    std::vector<std::uint8_t> data;
    nlohmann::json list = nlohmann::json::array();
    for (const auto& [name, t] : tensors_) {
        data.resize(align_up(data.size()), 0);
        list.push_back({{"name", name},
                        {"dtype", dtype_name(t.dtype)},
                        {"shape", t.shape},
                        {"offset", data.size()},
                        {"bytes", t.data.size()}});
        data.insert(data.end(), t.data.begin(), t.data.end());
    }
    header["tensors"] = list;
    header["checksum"] = hex64(fnv1a64(data));
    std::string h = header.dump();

    std::vector<std::uint8_t> out;
    put_le<std::uint32_t>(out, kModelMagic);
    put_le<std::uint32_t>(out, kModelFormatVersion);
    put_le<std::uint64_t>(out, h.size());
    out.insert(out.end(), h.begin(), h.end());
    out.resize(align_up(out.size()), 0);
    out.insert(out.end(), data.begin(), data.end());
    return out;
}

Status ModelFile::save(const std::string& path) const {
    const auto bytes = serialize();
    return write_file_atomic(
        path, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

Result<ModelFile> ModelFile::load(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return Status::not_found("cannot open model file " + path);
    return load(f, path);
}

Result<ModelFile> ModelFile::load(std::istream& in, std::string_view name) {
    // Read in large blocks (a model is megabytes; a byte at a time took most of the load time),
    // into a buffer sized once when the stream can tell how much is left.
    std::vector<std::uint8_t> bytes;
    const auto start = in.tellg();
    if (start != std::streampos(-1) && in.seekg(0, std::ios::end)) {
        const auto end = in.tellg();
        in.seekg(start);
        if (end != std::streampos(-1) && end > start)
            bytes.reserve(static_cast<std::size_t>(end - start));
    }
    in.clear(in.rdstate() & ~std::ios::failbit);
    constexpr std::size_t kBlock = 1u << 20;
    while (in.peek() != std::istream::traits_type::eof()) {
        const std::size_t have = bytes.size();
        bytes.resize(have + std::max(kBlock, bytes.capacity() - have));
        in.read(reinterpret_cast<char*>(bytes.data() + have),
                static_cast<std::streamsize>(bytes.size() - have));
        bytes.resize(have + static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return Status::io_error("error reading model " + std::string(name));
    return load(bytes, name);
}

Result<ModelFile> ModelFile::load(std::span<const std::uint8_t> bytes, std::string_view name) {
    const std::string src(name);
    if (bytes.size() < 16) return Status::corrupt(src + ": too short to be an Attune model (" +
                                                  std::to_string(bytes.size()) + " bytes)");
    if (get_le<std::uint32_t>(bytes.data()) != kModelMagic)
        return Status::corrupt(src + ": not an Attune model file (bad magic)");
    const auto version = get_le<std::uint32_t>(bytes.data() + 4);
    if (version != kModelFormatVersion)
        return Status::corrupt(src + ": model format version " + std::to_string(version) +
                               " but this build reads version " + std::to_string(kModelFormatVersion));
    const auto header_len = get_le<std::uint64_t>(bytes.data() + 8);
    if (header_len > bytes.size() - 16) return Status::corrupt(src + ": header length past end of file");
    const std::size_t data_start = align_up(16 + header_len);
    if (data_start > bytes.size()) return Status::corrupt(src + ": truncated after header");

    nlohmann::json header;
    try {
        header = nlohmann::json::parse(bytes.begin() + 16, bytes.begin() + 16 + static_cast<std::ptrdiff_t>(header_len));
    } catch (const nlohmann::json::exception& e) {
        return Status::corrupt(src + ": header is not valid JSON: " + e.what());
    }
    auto data = bytes.subspan(data_start);
    ModelFile m;
    m.source_ = src;
    try {
        if (header.value("checksum", std::string()) != hex64(fnv1a64(data)))
            return Status::corrupt(src + ": checksum mismatch (file damaged or truncated)");
        m.kind_ = header.at("kind").get<std::string>();
        m.meta_ = header.value("meta", nlohmann::json::object());
        for (const auto& t : header.at("tensors")) {
            auto dtype = parse_dtype(t.at("dtype").get<std::string>());
            if (!dtype) return dtype.status().with_context(src);
            Tensor tensor;
            tensor.dtype = *dtype;
            tensor.shape = t.at("shape").get<std::vector<std::int64_t>>();
            const auto off = t.at("offset").get<std::size_t>();
            const auto n = t.at("bytes").get<std::size_t>();
            const auto name_s = t.at("name").get<std::string>();
            if (off > data.size() || n > data.size() - off || tensor.elements() * dtype_size(*dtype) != n)
                return Status::corrupt(src + ": tensor '" + name_s + "' has an inconsistent size or offset");
            tensor.data.assign(data.begin() + static_cast<std::ptrdiff_t>(off),
                               data.begin() + static_cast<std::ptrdiff_t>(off + n));
            m.tensors_[name_s] = std::move(tensor);
        }
    } catch (const nlohmann::json::exception& e) {
        return Status::corrupt(src + ": malformed header: " + e.what());
    }
    return m;
}

}  // namespace attune

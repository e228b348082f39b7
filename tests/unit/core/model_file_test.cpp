// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <streambuf>

#include <attune/core.hpp>

#include "support/paths.hpp"

namespace attune {
namespace {

ModelFile sample() {
    ModelFile m("attune.test");
    const std::vector<float> w{1.5f, -2.0f, 0.25f, 4.0f, 5.0f, 6.0f};
    const std::vector<std::uint64_t> keys{1, 2, 0xFFFFFFFFFFFFFFFFull};
    m.put<float>("weights", DType::f32, {2, 3}, w);
    m.put<std::uint64_t>("keys", DType::u64, {3}, keys);
    m.meta()["labels"] = {"a", "b"};
    return m;
}

TEST(ModelFile, RoundTripsTensorsAndMeta) {
    auto bytes = sample().serialize();
    auto loaded = ModelFile::load(bytes, "mem");
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    EXPECT_EQ(loaded->kind(), "attune.test");
    EXPECT_EQ(loaded->meta()["labels"][1], "b");
    auto w = loaded->get("weights", DType::f32, 2);
    ASSERT_TRUE(w.is_ok());
    EXPECT_EQ((*w)->shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_FLOAT_EQ((*w)->as<float>()[1], -2.0f);
    auto k = loaded->get("keys", DType::u64, 1);
    ASSERT_TRUE(k.is_ok());
    EXPECT_EQ((*k)->as<std::uint64_t>()[2], 0xFFFFFFFFFFFFFFFFull);
}

TEST(ModelFile, StartsWithMagicAndVersion) {
    auto bytes = sample().serialize();
    ASSERT_GE(bytes.size(), 8u);
    EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "ATNM");
    EXPECT_EQ(bytes[4], kModelFormatVersion);
}

TEST(ModelFile, UnknownVersionNamesFileAndBothVersions) {
    auto bytes = sample().serialize();
    bytes[4] = 99;
    auto r = ModelFile::load(bytes, "future.atm");
    ASSERT_FALSE(r.is_ok());
    EXPECT_EQ(r.status().code(), StatusCode::corrupt);
    EXPECT_NE(r.status().message().find("future.atm"), std::string::npos);
    EXPECT_NE(r.status().message().find("version 99"), std::string::npos);
    EXPECT_NE(r.status().message().find("version 1"), std::string::npos);
}

TEST(ModelFile, BadMagicIsRejected) {
    std::vector<std::uint8_t> junk(64, 'x');
    auto r = ModelFile::load(junk, "junk.bin");
    ASSERT_FALSE(r.is_ok());
    EXPECT_NE(r.status().message().find("bad magic"), std::string::npos);
}

TEST(ModelFile, FlippedDataByteFailsTheChecksum) {
    auto bytes = sample().serialize();
    bytes.back() ^= 0x5A;
    auto r = ModelFile::load(bytes, "damaged.atm");
    ASSERT_FALSE(r.is_ok());
    EXPECT_NE(r.status().message().find("checksum"), std::string::npos);
}

TEST(ModelFile, TruncatedFileIsRejected) {
    auto bytes = sample().serialize();
    for (std::size_t keep : {std::size_t{3}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1}) {
        std::vector<std::uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(keep));
        EXPECT_FALSE(ModelFile::load(cut, "cut.atm").is_ok()) << "kept " << keep << " bytes";
    }
}

TEST(ModelFile, WrongDtypeOrMissingTensorNamesIt) {
    auto loaded = ModelFile::load(sample().serialize(), "mem");
    ASSERT_TRUE(loaded.is_ok());
    auto wrong = loaded->get("weights", DType::u64, 2);
    ASSERT_FALSE(wrong.is_ok());
    EXPECT_NE(wrong.status().message().find("weights"), std::string::npos);
    auto missing = loaded->get("bias", DType::f32, 1);
    ASSERT_FALSE(missing.is_ok());
    EXPECT_NE(missing.status().message().find("bias"), std::string::npos);
}

TEST(ModelFile, SavesAndLoadsFromDiskAndStream) {
    test::TempDir dir;
    const std::string path = dir.path() + "/m.atm";
    ASSERT_TRUE(sample().save(path).is_ok());
    auto from_path = ModelFile::load(path);
    ASSERT_TRUE(from_path.is_ok()) << from_path.status().to_string();
    std::ifstream in(path, std::ios::binary);
    auto from_stream = ModelFile::load(in, path);
    ASSERT_TRUE(from_stream.is_ok());
    EXPECT_EQ(from_stream->serialize(), from_path->serialize());
    auto missing = ModelFile::load(dir.path() + "/absent.atm");
    EXPECT_EQ(missing.status().code(), StatusCode::not_found);
}

// A stream that cannot seek and hands out at most 1000 bytes a call, like a pipe.
class PipeBuf : public std::streambuf {
public:
    explicit PipeBuf(std::vector<std::uint8_t> bytes) : bytes_(std::move(bytes)) {}

protected:
    int_type underflow() override {
        if (at_ == bytes_.size()) return traits_type::eof();
        const std::size_t n = std::min<std::size_t>(1000, bytes_.size() - at_);
        char* p = reinterpret_cast<char*>(bytes_.data() + at_);
        setg(p, p, p + n);
        at_ += n;
        return traits_type::to_int_type(*p);
    }

private:
    std::vector<std::uint8_t> bytes_;
    std::size_t at_ = 0;
};

TEST(ModelFile, LoadsAStreamOfSeveralMegabytesThatCannotSeek) {
    ModelFile m("attune.test");
    std::vector<std::uint8_t> big(3u << 20);
    for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7 + i / 4096);
    m.put("big", DType::u8, {static_cast<std::int64_t>(big.size())}, std::span<const std::uint8_t>(big));
    const auto bytes = m.serialize();
    PipeBuf buf(bytes);
    std::istream in(&buf);
    auto loaded = ModelFile::load(in, "pipe");
    ASSERT_TRUE(loaded.is_ok()) << loaded.status().to_string();
    EXPECT_EQ(loaded->serialize(), bytes);
}

}  // namespace
}  // namespace attune

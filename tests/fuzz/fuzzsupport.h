#pragma once

// Shared by the libFuzzer harnesses: a failed invariant prints what broke and aborts, which
// libFuzzer (or the replay driver) reports as a crash with the input saved.

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace fuzz {

/// Qt's warnings would only slow the fuzzer down.
inline void silenceQt()
{
    qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &) {});
}

/// The input as a QByteArray that owns its bytes (the fuzzer's buffer is not kept).
inline QByteArray bytes(const uint8_t *data, size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

/// Splits at every occurrence of `separator` (empty pieces kept).
inline QList<QByteArray> split(const QByteArray &input, const QByteArray &separator)
{
    QList<QByteArray> out;
    qsizetype from = 0;
    for (;;) {
        const qsizetype at = input.indexOf(separator, from);
        if (at < 0) {
            out << input.mid(from);
            return out;
        }
        out << input.mid(from, at - from);
        from = at + separator.size();
    }
}

} // namespace fuzz

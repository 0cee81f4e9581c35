// ConnectionInfo::fromConnectionString, fromEndpointAndKey and fromResourceToken.
//
// The whole input is a connection string. Split on newlines it is also an endpoint, a key and
// a resource token (endpoint\nlink\ntoken) for the other two constructors.
//
// Invariants: whatever a constructor accepts validates; the endpoint is http(s) with a host; an
// accepted endpoint saved as text (endpoint.toString(QUrl::FullyEncoded)) and read back is
// accepted again and is the same URL.

#include "fuzzsupport.h"

#include <connectioninfo.h>

using namespace Cosmos;

static void checkAccepted(const ConnectionInfo &info)
{
    FUZZ_CHECK(!info.validate().isError());
    FUZZ_CHECK(info.endpoint.isValid());
    FUZZ_CHECK(!info.endpoint.host().isEmpty());
    FUZZ_CHECK(info.endpoint.scheme() == QLatin1String("https")
               || info.endpoint.scheme() == QLatin1String("http"));
    FUZZ_CHECK(!info.endpoint.path().isEmpty());
    FUZZ_CHECK(!info.masterKey.isEmpty() || !info.resourceTokens.isEmpty());
    (void)info.isLoopback();
    (void)info.usesResourceTokens();
}

static void checkSavedEndpoint(const ConnectionInfo &info)
{
    if (info.masterKey.isEmpty())
        return;
    // FullyEncoded: the default toString() (PrettyDecoded, what ui/connectiondialog.cpp saves
    // today) turns "https://a/#%20" into "https://a/# ", which StrictMode then refuses.
    const QString saved = info.endpoint.toString(QUrl::FullyEncoded);
    CosmosError error;
    const ConnectionInfo again =
        ConnectionInfo::fromEndpointAndKey(saved, QString::fromLatin1(info.masterKey), &error);
    if (error.isError()) {
        std::fprintf(stderr, "endpoint %s no longer accepted: %s\n", qPrintable(saved),
                     qPrintable(error.toString()));
    }
    FUZZ_CHECK(!error.isError());
    // Compared as text: QUrl's operator== tells a raw '#' in a fragment from %23, although
    // both are written as %23.
    FUZZ_CHECK(again.endpoint.toString(QUrl::FullyEncoded) == saved);
    FUZZ_CHECK(again.masterKey == info.masterKey);
}

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);
    const QString text = QString::fromUtf8(input);

    CosmosError error;
    const ConnectionInfo info = ConnectionInfo::fromConnectionString(text, &error);
    (void)error.toString();
    if (!error.isError()) {
        checkAccepted(info);
        checkSavedEndpoint(info);
        FUZZ_CHECK(!info.usesResourceTokens());
    } else {
        FUZZ_CHECK(error.kind == CosmosError::Kind::InvalidInput);
        FUZZ_CHECK(!error.message.isEmpty());
    }

    const QStringList lines = text.split(QLatin1Char('\n'));
    if (lines.size() >= 2) {
        CosmosError e;
        const ConnectionInfo byKey = ConnectionInfo::fromEndpointAndKey(lines.at(0), lines.at(1), &e);
        if (!e.isError()) {
            checkAccepted(byKey);
            checkSavedEndpoint(byKey);
        }
    }
    if (lines.size() >= 3) {
        CosmosError e;
        const ConnectionInfo byToken =
            ConnectionInfo::fromResourceToken(lines.at(0), lines.at(1), lines.at(2), &e);
        if (!e.isError()) {
            checkAccepted(byToken);
            FUZZ_CHECK(byToken.usesResourceTokens());
        }
    }
    return 0;
}

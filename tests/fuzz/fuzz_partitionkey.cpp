// Partition keys: PartitionKey::fromJsonText (what users type), headerValue() (what is sent),
// PartitionKeyDefinition::fromJson (a container's definition) and fromPathList (what users
// type), PartitionKey::fromDocument (the key of a document at those paths).
//
// The input is used whole as each of these texts; when it is a JSON object it is also a
// container definition ({"paths":…}, or a container with "partitionKey") and a document whose
// key is read at the definition's paths and at a few fixed ones.
//
// Invariants: the header value is printable ASCII (no CR/LF or other control characters: it
// goes into an HTTP header) and is the same key read back; a definition survives
// toJson/fromJson; an accepted path list has 1 to 3 paths, each "/" and something; a key read
// from a document has one component per path.

#include "fuzzsupport.h"

#include <partitionkey.h>

#include <QJsonDocument>

using namespace Cosmos;

namespace {

void checkKey(const PartitionKey &key)
{
    const QByteArray header = key.headerValue();
    for (const char ch : header) {
        const uchar u = uchar(ch);
        if (u < 0x20 || u >= 0x7f)
            std::fprintf(stderr, "header value byte 0x%02x in %s\n", u, header.toHex().constData());
        FUZZ_CHECK(u >= 0x20 && u < 0x7f);
    }
    // The header is a JSON array that reads back as the same key.
    QJsonParseError error;
    const QJsonDocument back = QJsonDocument::fromJson(header, &error);
    FUZZ_CHECK(error.error == QJsonParseError::NoError);
    FUZZ_CHECK(back.isArray());
    if (back.array() != key.components()) {
        std::fprintf(stderr, "header %s reads back as %s, key %s\n", header.constData(),
                     back.toJson(QJsonDocument::Compact).constData(),
                     QJsonDocument(key.components()).toJson(QJsonDocument::Compact).constData());
    }
    FUZZ_CHECK(back.array() == key.components());
    (void)key.displayText();
}

void checkDefinition(const PartitionKeyDefinition &d)
{
    const PartitionKeyDefinition again = PartitionKeyDefinition::fromJson(d.toJson());
    FUZZ_CHECK(again.paths == d.paths);
    FUZZ_CHECK(again.version == d.version);
    FUZZ_CHECK(again.kind == (d.paths.size() > 1 ? QStringLiteral("MultiHash") : d.kind));
}

} // namespace

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
    const PartitionKey key = PartitionKey::fromJsonText(text, &error);
    if (error.isError()) {
        FUZZ_CHECK(!key.isSet());
        FUZZ_CHECK(error.kind == CosmosError::Kind::InvalidInput);
    } else {
        FUZZ_CHECK(key.isSet()); // "[]" is a key too: no components, header "[]"
        checkKey(key);
        // What the header says is what the user typed, as a key.
        CosmosError again;
        const PartitionKey reread =
            PartitionKey::fromJsonText(QString::fromUtf8(key.headerValue()), &again);
        FUZZ_CHECK(!again.isError());
        FUZZ_CHECK(reread == key);
    }

    CosmosError pathError;
    const PartitionKeyDefinition fromPaths = PartitionKeyDefinition::fromPathList(text, &pathError);
    if (!pathError.isError()) {
        FUZZ_CHECK(fromPaths.paths.size() >= 1 && fromPaths.paths.size() <= 3);
        for (const QString &p : fromPaths.paths)
            FUZZ_CHECK(p.startsWith(QLatin1Char('/')) && p.size() >= 2);
        checkDefinition(fromPaths);
    }

    const QJsonDocument doc = QJsonDocument::fromJson(input);
    if (!doc.isObject())
        return 0;
    const QJsonObject object = doc.object();
    QList<PartitionKeyDefinition> definitions{PartitionKeyDefinition::fromJson(object)};
    if (object.value(QStringLiteral("partitionKey")).isObject())
        definitions << PartitionKeyDefinition::fromJson(object.value(QStringLiteral("partitionKey")).toObject());
    definitions << PartitionKeyDefinition{{QStringLiteral("/id")}}
                << PartitionKeyDefinition{{QStringLiteral("/a/b"), QStringLiteral("/pk"), QStringLiteral("//")}};
    for (const PartitionKeyDefinition &d : std::as_const(definitions)) {
        checkDefinition(d);
        const PartitionKey fromDocument = PartitionKey::fromDocument(object, d.paths);
        FUZZ_CHECK(fromDocument.components().size() == d.paths.size());
        checkKey(fromDocument);
    }
    return 0;
}

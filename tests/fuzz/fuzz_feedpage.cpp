// A service response as PendingRequest builds it (headers and body), read by readFeedPage as
// the pager, change feed and cross-partition query do, and by CosmosError::fromServiceResponse
// as an error answer is.
//
// The input is "name: value" header lines, an empty line, then the body (without an empty line
// it is all body). Header names are lowercased as PendingRequest does; ":status" and
// ":key" (the feed's array key, default "Documents") are harness-only pseudo headers.
//
// Invariants: readFeedPage either fails with a Damaged error carrying the status, or gives as
// many items as raw texts, each raw text compact JSON that Qt reads back as the same value, and
// agrees with `_count` when there is one; an error answer always has a message and its one-line
// form starts with the status.

#include "fuzzsupport.h"

#include <cosmoserror.h>
#include <cosmosrequest.h>
#include <jsontext.h>
#include <pager.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Cosmos;

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = fuzz::bytes(data, size);

    CosmosResponse response;
    response.status = 200;
    const qsizetype split = input.indexOf("\n\n");
    if (split >= 0) {
        const QList<QByteArray> lines = input.left(split).split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':', 1);
            if (colon < 0)
                continue;
            response.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        response.body = input.mid(split + 2);
    } else {
        response.body = input;
    }
    // As PendingRequest::onFinished reads the headers.
    response.requestCharge = response.header("x-ms-request-charge").toDouble();
    response.activityId = QString::fromLatin1(response.header("x-ms-activity-id"));
    response.etag = QString::fromUtf8(response.header("etag"));
    response.continuation = QString::fromUtf8(response.header("x-ms-continuation"));
    response.sessionToken = QString::fromUtf8(response.header("x-ms-session-token"));
    if (response.headers.contains("x-ms-item-count"))
        response.itemCount = response.header("x-ms-item-count").toInt();
    bool statusOk = false;
    const int status = response.header(":status").toInt(&statusOk);
    if (statusOk && status >= 100 && status <= 599)
        response.status = status;
    const QString key = response.headers.contains(":key")
                            ? QString::fromUtf8(response.header(":key"))
                            : QStringLiteral("Documents");

    if (response.status >= 400) {
        const CosmosError e = CosmosError::fromServiceResponse(
            response.status, response.header("x-ms-substatus").toInt(), response.body);
        FUZZ_CHECK(e.kind == CosmosError::Kind::Service);
        FUZZ_CHECK(!e.message.isEmpty());
        FUZZ_CHECK(e.toString().startsWith(QString::number(response.status)));
        return 0;
    }

    // As PendingRequest parses a JSON body.
    QJsonParseError parseError;
    response.json = QJsonDocument::fromJson(response.body, &parseError);
    if (parseError.error != QJsonParseError::NoError && JsonText::check(response.body).isError())
        return 0; // PendingRequest: damaged, never given to readFeedPage

    QJsonArray items;
    QList<QByteArray> raw;
    const CosmosError e = readFeedPage(response, key, &items, &raw);
    if (e.isError()) {
        FUZZ_CHECK(e.kind == CosmosError::Kind::Damaged);
        FUZZ_CHECK(e.status == response.status);
        FUZZ_CHECK(!e.message.isEmpty());
        return 0;
    }
    FUZZ_CHECK(items.size() == raw.size());
    const QJsonValue count = response.object().value(QStringLiteral("_count"));
    if (count.isDouble())
        FUZZ_CHECK(count.toDouble() == double(items.size()));
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const QByteArray &text = raw.at(i);
        FUZZ_CHECK(!JsonText::check(text).isError());
        FUZZ_CHECK(JsonText::compact(text) == text);
        // The raw text is the same value Qt read from the whole body.
        QJsonParseError elementError;
        const QJsonDocument element = QJsonDocument::fromJson("[" + text + "]", &elementError);
        FUZZ_CHECK(elementError.error == QJsonParseError::NoError);
        if (element.array().at(0) != items.at(i)) {
            std::fprintf(stderr, "item %lld: raw %s, Qt read %s\n", (long long)i, text.constData(),
                         QJsonDocument(QJsonArray{items.at(i)}).toJson(QJsonDocument::Compact).constData());
        }
        FUZZ_CHECK(element.array().at(0) == items.at(i));
    }
    return 0;
}

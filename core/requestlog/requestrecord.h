#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QNetworkReply;
QT_END_NAMESPACE

namespace Cosmos {

struct CosmosRequest;

/// One HTTP attempt as the request log shows it. Only what a user may see: never headers
/// wholesale, so no authorization, key, token or signature can reach a log or an export.
struct RequestRecord
{
    QDateTime time;           ///< UTC, when the attempt's answer (or failure) arrived
    QString account;          ///< endpoint host:port
    QString method;           ///< GET, POST, PUT, DELETE
    QString operation;        ///< Read, List, Query, Create, Upsert, Replace, Delete, Execute
    QString resourcePath;     ///< name-based link, e.g. dbs/SampleDB/colls/Products/docs
    int status = 0;           ///< HTTP status; 0 when no answer arrived
    int substatus = 0;        ///< x-ms-substatus
    double requestCharge = 0; ///< RU of this attempt (x-ms-request-charge)
    qint64 durationMs = 0;    ///< this attempt's round trip
    qint64 requestBytes = 0;
    qint64 responseBytes = 0;
    int retry = 0; ///< 0 for the first attempt, 1 for the first retry …
    QString activityId;
    QString region; ///< the service's region header when sent, else the endpoint host
    QString error;  ///< transport failure, when there was no answer

    /// The record of an attempt that just finished (reply headers read, body not consumed).
    static RequestRecord
    fromReply(const CosmosRequest &request, QNetworkReply *reply, int retry, qint64 durationMs);
    /// The operation name for a request: verb, resource kind and query/upsert headers.
    static QString operationOf(const CosmosRequest &request);

    QJsonObject toJson() const;
    /// One line of JSON (no trailing newline), for `--log-requests`.
    QByteArray toJsonLine() const;

    /// Column names, in export order (CSV header and JSON keys).
    static QStringList fieldNames();
    /// CSV with a header row (RFC 4180 quoting).
    static QByteArray toCsv(const QList<RequestRecord> &records);
    /// A JSON array of records.
    static QByteArray toJsonArray(const QList<RequestRecord> &records);
};

} // namespace Cosmos

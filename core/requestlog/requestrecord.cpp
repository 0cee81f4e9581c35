// RequestRecord: what the request log keeps of one HTTP attempt, and its exports.
#include "requestrecord.h"

#include "cosmosrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>

namespace Cosmos {

QString RequestRecord::operationOf(const CosmosRequest &request)
{
    const auto hasHeader = [&request](const QByteArray &name) {
        for (const auto &h : request.options.extraHeaders) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second.compare("true", Qt::CaseInsensitive) == 0;
        }
        return false;
    };
    const QByteArray verb = request.verb;
    if (verb == "GET")
        return request.path.isFeed() ? QStringLiteral("List") : QStringLiteral("Read");
    if (verb == "PUT")
        return QStringLiteral("Replace");
    if (verb == "DELETE")
        return QStringLiteral("Delete");
    if (verb == "PATCH")
        return QStringLiteral("Patch");
    if (verb == "POST") {
        if (hasHeader("x-ms-documentdb-isquery"))
            return QStringLiteral("Query");
        if (hasHeader("x-ms-documentdb-is-upsert"))
            return QStringLiteral("Upsert");
        if (!request.path.isFeed() && request.path.kind() == ResourceKind::StoredProcedure)
            return QStringLiteral("Execute");
        return QStringLiteral("Create");
    }
    return QString::fromLatin1(verb);
}

RequestRecord RequestRecord::fromReply(const CosmosRequest &request,
                                       QNetworkReply *reply,
                                       int retry,
                                       qint64 durationMs)
{
    RequestRecord r;
    r.time = QDateTime::currentDateTimeUtc();
    const QUrl url = reply->url();
    r.account = url.host() + QLatin1Char(':')
                + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    r.method = QString::fromLatin1(request.verb);
    r.operation = operationOf(request);
    r.resourcePath = request.path.isFeed() ? request.path.parent().link() + QLatin1Char('/')
                                                 + pathSegment(request.path.kind())
                                           : request.path.link();
    if (r.resourcePath.startsWith(QLatin1Char('/')))
        r.resourcePath.remove(0, 1);
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.substatus = reply->rawHeader("x-ms-substatus").toInt();
    r.requestCharge = reply->rawHeader("x-ms-request-charge").toDouble();
    r.durationMs = durationMs;
    r.requestBytes = request.body.size();
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    r.responseBytes = qMax(announced, reply->bytesAvailable());
    r.retry = retry;
    r.activityId = QString::fromLatin1(reply->rawHeader("x-ms-activity-id"));
    const QByteArray region = reply->rawHeader("x-ms-cosmos-region");
    r.region = region.isEmpty() ? url.host() : QString::fromUtf8(region);
    if (r.status == 0)
        r.error = reply->errorString();
    return r;
}

QStringList RequestRecord::fieldNames()
{
    return {QStringLiteral("time"),
            QStringLiteral("account"),
            QStringLiteral("method"),
            QStringLiteral("operation"),
            QStringLiteral("resourcePath"),
            QStringLiteral("status"),
            QStringLiteral("substatus"),
            QStringLiteral("requestCharge"),
            QStringLiteral("durationMs"),
            QStringLiteral("requestBytes"),
            QStringLiteral("responseBytes"),
            QStringLiteral("retry"),
            QStringLiteral("activityId"),
            QStringLiteral("region"),
            QStringLiteral("error")};
}

QJsonObject RequestRecord::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("time"), time.toString(Qt::ISODateWithMs));
    o.insert(QStringLiteral("account"), account);
    o.insert(QStringLiteral("method"), method);
    o.insert(QStringLiteral("operation"), operation);
    o.insert(QStringLiteral("resourcePath"), resourcePath);
    o.insert(QStringLiteral("status"), status);
    o.insert(QStringLiteral("substatus"), substatus);
    o.insert(QStringLiteral("requestCharge"), requestCharge);
    o.insert(QStringLiteral("durationMs"), durationMs);
    o.insert(QStringLiteral("requestBytes"), requestBytes);
    o.insert(QStringLiteral("responseBytes"), responseBytes);
    o.insert(QStringLiteral("retry"), retry);
    o.insert(QStringLiteral("activityId"), activityId);
    o.insert(QStringLiteral("region"), region);
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    return o;
}

QByteArray RequestRecord::toJsonLine() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

static QByteArray csvField(const QString &text)
{
    QByteArray f = text.toUtf8();
    if (f.contains(',') || f.contains('"') || f.contains('\n') || f.contains('\r')) {
        f.replace("\"", "\"\"");
        f = '"' + f + '"';
    }
    return f;
}

QByteArray RequestRecord::toCsv(const QList<RequestRecord> &records)
{
    QByteArray out = fieldNames().join(QLatin1Char(',')).toUtf8() + "\r\n";
    for (const RequestRecord &r : records) {
        const QStringList fields = {r.time.toString(Qt::ISODateWithMs),
                                    r.account,
                                    r.method,
                                    r.operation,
                                    r.resourcePath,
                                    QString::number(r.status),
                                    QString::number(r.substatus),
                                    QString::number(r.requestCharge, 'g', 12),
                                    QString::number(r.durationMs),
                                    QString::number(r.requestBytes),
                                    QString::number(r.responseBytes),
                                    QString::number(r.retry),
                                    r.activityId,
                                    r.region,
                                    r.error};
        QByteArrayList row;
        for (const QString &f : fields)
            row << csvField(f);
        out += row.join(',') + "\r\n";
    }
    return out;
}

QByteArray RequestRecord::toJsonArray(const QList<RequestRecord> &records)
{
    QJsonArray array;
    for (const RequestRecord &r : records)
        array.append(r.toJson());
    return QJsonDocument(array).toJson(QJsonDocument::Indented);
}

} // namespace Cosmos

#include "cosmoserror.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cosmos {

static QString reasonPhrase(int status)
{
    switch (status) {
    case 400: return QStringLiteral("Bad request");
    case 401: return QStringLiteral("Unauthorized");
    case 403: return QStringLiteral("Forbidden");
    case 404: return QStringLiteral("Not found");
    case 408: return QStringLiteral("Request timeout");
    case 409: return QStringLiteral("Conflict");
    case 412: return QStringLiteral("Precondition failed");
    case 413: return QStringLiteral("Entity too large");
    case 429: return QStringLiteral("Too many requests");
    case 449: return QStringLiteral("Retry with");
    case 500: return QStringLiteral("Internal server error");
    case 503: return QStringLiteral("Service unavailable");
    default: return QStringLiteral("HTTP error");
    }
}

// The service embeds a JSON document in the message:
// "Message: {\"Errors\":[\"Resource Not Found. …\"]}\r\nActivityId: …, Request URI: …"
// A query's problems: "Message: {\"errors\":[{\"severity\":\"Error\",\"location\":
// {\"start\":9,\"end\":13},\"code\":\"SC1001\",\"message\":\"Syntax error, …\"}]}".
static QString cleanServiceMessage(const QString &raw, QList<QueryIssue> *issues)
{
    // The embedded document runs from the '{' after "Message: " to the last '}' of that line
    // (the error texts themselves may contain braces and commas).
    const int start = raw.indexOf(QStringLiteral("Message: {"));
    if (start >= 0) {
        const int open = start + 9;
        int lineEnd = raw.indexOf(QLatin1Char('\n'), open);
        if (lineEnd < 0)
            lineEnd = raw.size();
        const int close = raw.lastIndexOf(QLatin1Char('}'), lineEnd);
        if (close > open) {
            const QJsonDocument inner = QJsonDocument::fromJson(raw.mid(open, close - open + 1).toUtf8());
            const QJsonArray errors = inner.object().value(QStringLiteral("Errors")).toArray();
            QStringList lines;
            for (const QJsonValue &e : errors)
                lines << e.toString();
            for (const QJsonValue &e : inner.object().value(QStringLiteral("errors")).toArray()) {
                const QJsonObject o = e.toObject();
                const QJsonObject at = o.value(QStringLiteral("location")).toObject();
                QueryIssue issue{o.value(QStringLiteral("code")).toString(),
                                 o.value(QStringLiteral("message")).toString(),
                                 at.value(QStringLiteral("start")).toInt(-1),
                                 at.value(QStringLiteral("end")).toInt(-1)};
                lines << issue.message;
                issues->append(issue);
            }
            if (!lines.isEmpty())
                return lines.join(QLatin1Char(' '));
        }
    }
    QString firstLine = raw.section(QLatin1Char('\n'), 0, 0).trimmed();
    return firstLine.isEmpty() ? raw.trimmed() : firstLine;
}

QString CosmosError::toString() const
{
    switch (kind) {
    case Kind::None: return {};
    case Kind::Service: {
        QString s = QString::number(status);
        if (subStatus)
            s += QLatin1Char('/') + QString::number(subStatus);
        s += QLatin1Char(' ') + (code.isEmpty() ? reasonPhrase(status) : code);
        if (!message.isEmpty())
            s += QStringLiteral(": ") + message;
        return s;
    }
    default: return message;
    }
}

CosmosError CosmosError::invalidInput(const QString &message)
{
    CosmosError e;
    e.kind = Kind::InvalidInput;
    e.message = message;
    return e;
}

CosmosError CosmosError::fromServiceResponse(int status, int subStatus, const QByteArray &body)
{
    CosmosError e;
    e.kind = Kind::Service;
    e.status = status;
    e.subStatus = subStatus;
    const QJsonObject obj = QJsonDocument::fromJson(body).object();
    e.code = obj.value(QStringLiteral("code")).toString();
    QString message = obj.value(QStringLiteral("message")).toString();
    if (message.isEmpty() && obj.isEmpty())
        message = QString::fromUtf8(body.left(500)).trimmed();
    e.message = cleanServiceMessage(message, &e.queryIssues);
    if (e.message.isEmpty())
        e.message = reasonPhrase(status);
    return e;
}

} // namespace Cosmos

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

// "… principal [oid] does not have required RBAC permissions to perform action [A] on
// resource [dbs/x/colls/y] …" (the service's 403/5301 text).
static QString bracketAfter(const QString &text, const QString &word)
{
    const int at = text.indexOf(word + QStringLiteral(" ["));
    if (at < 0)
        return {};
    const int start = at + word.size() + 2;
    const int end = text.indexOf(QLatin1Char(']'), start);
    return end < 0 ? QString() : text.mid(start, end - start);
}

CosmosError CosmosError::explainEntraRefusal(const CosmosError &error, const QString &accountName,
                                             const QString &accountId)
{
    if (error.status != 403 || (error.subStatus != 5301 && error.subStatus != 5300))
        return error;
    CosmosError e = error;
    if (error.subStatus == 5300) {
        e.message = QStringLiteral("Cosmos DB does not accept this management request with a "
                                   "Microsoft Entra ID sign-in on the data plane; it must go "
                                   "through Azure Resource Manager (your identity needs an Azure "
                                   "role such as \"DocumentDB Account Contributor\"). (%1)")
                        .arg(error.message);
        return e;
    }
    const QString principal = bracketAfter(error.message, QStringLiteral("principal"));
    const QString action = bracketAfter(error.message, QStringLiteral("action"));
    QString resource = bracketAfter(error.message, QStringLiteral("resource"));
    const QString shortAction = action.section(QLatin1Char('/'), -2);
    static const QStringList readerActions{
        QStringLiteral("databaseAccounts/readMetadata"), QStringLiteral("items/read"),
        QStringLiteral("containers/executeQuery"), QStringLiteral("containers/readChangeFeed")};
    const bool reader = readerActions.contains(shortAction);
    const QString roleId = reader ? QStringLiteral("00000000-0000-0000-0000-000000000001")
                                  : QStringLiteral("00000000-0000-0000-0000-000000000002");
    const QString roleName = reader ? QStringLiteral("Cosmos DB Built-in Data Reader")
                                    : QStringLiteral("Cosmos DB Built-in Data Contributor");
    const QString name = accountId.isEmpty() ? accountName : accountId.section(QLatin1Char('/'), -1);
    QString group = QStringLiteral("<resource-group>");
    const QStringList parts = accountId.split(QLatin1Char('/'));
    const int rg = parts.indexOf(QStringLiteral("resourceGroups"));
    if (rg >= 0 && rg + 1 < parts.size())
        group = parts.at(rg + 1);
    QString scope = QStringLiteral("/");
    if (resource.startsWith(QLatin1String("dbs/")))
        scope = QLatin1Char('/') + resource.section(QLatin1Char('/'), 0, 3);
    e.message = QStringLiteral("Your Microsoft Entra ID identity%1 has no data-plane role that "
                               "allows %2%3. The built-in role \"%4\" (%5) grants it. Someone "
                               "who manages the account can assign it:\n  az cosmosdb sql role "
                               "assignment create --account-name %6 --resource-group %7 "
                               "--role-definition-id %5 --principal-id %8 --scope \"%9\"")
                    .arg(principal.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(principal),
                         action.isEmpty() ? QStringLiteral("this request") : action,
                         resource.isEmpty() ? QString() : QStringLiteral(" on %1").arg(resource),
                         roleName, roleId,
                         name.isEmpty() ? QStringLiteral("<account>") : name, group,
                         principal.isEmpty() ? QStringLiteral("<principal-object-id>") : principal,
                         scope);
    return e;
}

} // namespace Cosmos

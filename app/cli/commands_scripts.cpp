// sproc, trigger, udf and conflicts commands.
#include "application.h"

#include <validation.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace Cli {

using namespace Cosmos;

static QString capitalized(const QString &word)
{
    return word.left(1).toUpper() + word.mid(1).toLower();
}

void Application::runScripts(ResourceKind kind)
{
    const QString word = m_args.positional(0);
    const QString sub = m_args.positional(1);
    QString synopsis = QStringLiteral("%1 list DB C | %1 query DB C SQL | %1 show DB C ID | "
                                      "%1 delete DB C ID | %1 create|replace DB C ID --body-file JS")
                           .arg(word);
    if (kind == ResourceKind::Trigger)
        synopsis += QStringLiteral(" [--type pre|post --operation all|create|replace|delete]");
    if (kind == ResourceKind::StoredProcedure)
        synopsis += QStringLiteral(" | sproc exec DB C ID --pk PK [--params JSON_ARRAY] [--log]");
    const ResourcePath container = ResourcePath::container(m_args.positional(2),
                                                           m_args.positional(3));
    if (kind == ResourceKind::StoredProcedure && sub == QLatin1String("exec"))
        return executeStoredProcedure();
    if (sub == QLatin1String("create") || sub == QLatin1String("replace")) {
        if (!expectArguments(5, synopsis) || !checkIds({2, 3, 4}))
            return;
        if (!m_args.isSet(QStringLiteral("body-file")))
            return usageError(QStringLiteral("%1 %2 needs --body-file JS.").arg(word, sub));
        QByteArray script;
        if (!readTextFile(m_args.value(QStringLiteral("body-file")), &script))
            return;
        const QString id = m_args.positional(4);
        QJsonObject body{{QStringLiteral("id"), id},
                         {QStringLiteral("body"), QString::fromUtf8(script)}};
        if (kind == ResourceKind::Trigger) {
            const QString type = m_args.value(QStringLiteral("type"), QStringLiteral("pre")).toLower();
            const QString operation = m_args.value(QStringLiteral("operation"), QStringLiteral("all"))
                                          .toLower();
            if (type != QLatin1String("pre") && type != QLatin1String("post"))
                return usageError(QStringLiteral("--type is pre or post."));
            static const QStringList operations{QStringLiteral("all"), QStringLiteral("create"),
                                                QStringLiteral("replace"), QStringLiteral("delete")};
            if (!operations.contains(operation))
                return usageError(QStringLiteral("--operation is all, create, replace or delete."));
            body.insert(QStringLiteral("triggerType"), capitalized(type));
            body.insert(QStringLiteral("triggerOperation"), capitalized(operation));
        }
        if (sub == QLatin1String("create"))
            m_client->create(container.feed(kind), body, {}, this, printResource());
        else
            m_client->replace(container.child(kind, id), body, {}, this, printResource());
        return;
    }
    if (!genericResourceCommand(sub, container, kind, 4, synopsis))
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
}

void Application::executeStoredProcedure()
{
    const QString synopsis = QStringLiteral("sproc exec DB C ID --pk PK [--params JSON_ARRAY] [--log]");
    if (!expectArguments(5, synopsis) || !checkIds({2, 3, 4}))
        return;
    RequestOptions options;
    if (!partitionKeyOption(QStringLiteral("pk"), true, &options.partitionKey))
        return;
    QJsonArray params;
    if (m_args.isSet(QStringLiteral("params"))) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(m_args.value(QStringLiteral("params")).toUtf8(),
                                                          &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isArray()) {
            return fail(CosmosError::invalidInput(
                QStringLiteral("--params must be a JSON array, like '[\"a\", 1]'.")));
        }
        params = doc.array();
    }
    options.enableScriptLogging = m_args.isSet(QStringLiteral("log"));
    const ResourcePath sproc = ResourcePath::container(m_args.positional(2), m_args.positional(3))
                                   .child(ResourceKind::StoredProcedure, m_args.positional(4));
    m_client->executeStoredProcedure(sproc, params, options, this, [this](const CosmosResponse &r) {
        const QByteArray log = r.header("x-ms-documentdb-script-log-results");
        if (!log.isEmpty())
            m_out.message(QStringLiteral("script log: ")
                          + QUrl::fromPercentEncoding(log));
        if (!r.ok())
            return fail(r.error);
        // The result can be any JSON value, so print the body as sent.
        m_out.printRaw(r.body.trimmed() + '\n');
        m_out.stats(r);
        finish(ExitOk);
    });
}

void Application::runConflicts()
{
    const QString synopsis = QStringLiteral("conflicts list DB C | conflicts query DB C SQL | "
                                            "conflicts show DB C ID --pk PK | "
                                            "conflicts delete DB C ID --pk PK");
    const QString sub = m_args.positional(1);
    const bool pkScoped = sub != QLatin1String("list") && sub != QLatin1String("query");
    if (!genericResourceCommand(sub,
                                ResourcePath::container(m_args.positional(2), m_args.positional(3)),
                                ResourceKind::Conflict, 4, synopsis, pkScoped)) {
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
    }
}

} // namespace Cli

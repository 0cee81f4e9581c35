#include "application.h"

#include <partitionkey.h>
#include <validation.h>

#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

namespace Cli {

using namespace Cosmos;

Application::Application(QObject *parent)
    : QObject(parent)
{
    m_timer.start();
}

void Application::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_out.flush();
    QCoreApplication::exit(exitCode);
}

void Application::fail(const CosmosError &error)
{
    m_out.printError(error);
    finish(exitCodeFor(error));
}

void Application::usageError(const QString &message)
{
    m_out.message(Output::errorPrefix() + message);
    finish(ExitInvalid);
}

ConnectionInfo Application::connectionFromArguments(CosmosError *error)
{
    ConnectionInfo info;
    const QString auth = m_args.value(QStringLiteral("auth"));
    if (!auth.isEmpty() && auth != QLatin1String("key") && auth != QLatin1String("entra")
        && auth != QLatin1String("resource-token")) {
        *error = CosmosError::invalidInput(
            QStringLiteral("--auth must be key, entra or resource-token (got \"%1\").").arg(auth));
        return info;
    }
    if (auth == QLatin1String("entra")) {
        // The endpoint alone (a connection string's AccountKey, if any, is not used).
        QString endpoint = m_args.value(QStringLiteral("endpoint"));
        if (endpoint.isEmpty()) {
            endpoint = ConnectionInfo::endpointOf(
                m_args.value(QStringLiteral("connection-string"),
                             qEnvironmentVariable("COSMOSCOPE_CONNECTION_STRING")));
        }
        if (endpoint.isEmpty()) {
            *error = CosmosError::invalidInput(
                QStringLiteral("--auth entra needs the account: --endpoint URL or a connection "
                               "string with AccountEndpoint=…"));
            return info;
        }
        m_credential = entraCredential(error);
        if (error->isError())
            return info;
        info = ConnectionInfo::fromEndpointAndCredential(endpoint, m_credential, error);
        info.armAccountId = m_args.value(QStringLiteral("account-id"));
    } else if (m_args.isSet(QStringLiteral("connection-string"))) {
        info = ConnectionInfo::fromConnectionString(m_args.value(QStringLiteral("connection-string")),
                                                    error);
    } else if (m_args.isSet(QStringLiteral("endpoint"))) {
        const QString endpoint = m_args.value(QStringLiteral("endpoint"));
        if (m_args.isSet(QStringLiteral("key"))) {
            info = ConnectionInfo::fromEndpointAndKey(endpoint, m_args.value(QStringLiteral("key")),
                                                      error);
        } else if (m_args.isSet(QStringLiteral("resource-token"))) {
            info = ConnectionInfo::fromResourceToken(endpoint,
                                                     m_args.value(QStringLiteral("token-resource")),
                                                     m_args.value(QStringLiteral("resource-token")),
                                                     error);
        } else {
            *error = CosmosError::invalidInput(
                QStringLiteral("--endpoint needs --key, --resource-token or --auth entra."));
        }
    } else if (m_args.isSet(QStringLiteral("emulator"))) {
        info = ConnectionInfo::emulator();
    } else {
        const QString env = qEnvironmentVariable("COSMOSCOPE_CONNECTION_STRING");
        if (env.isEmpty()) {
            *error = CosmosError::invalidInput(
                QStringLiteral("No connection: give --connection-string, --endpoint with --key, "
                               "--emulator, or set COSMOSCOPE_CONNECTION_STRING."));
            return info;
        }
        info = ConnectionInfo::fromConnectionString(env, error);
    }
    if (error->isError())
        return info;
    info.caCertificateFile = m_args.value(QStringLiteral("ca-cert"));
    for (const QString &region : m_args.value(QStringLiteral("preferred-regions"))
                                     .split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!region.trimmed().isEmpty())
            info.preferredRegions << region.trimmed();
    }
    if (m_args.isSet(QStringLiteral("consistency"))) {
        static const QStringList levels{
            QStringLiteral("Strong"), QStringLiteral("BoundedStaleness"),
            QStringLiteral("Session"), QStringLiteral("ConsistentPrefix"),
            QStringLiteral("Eventual")};
        const QString asked = m_args.value(QStringLiteral("consistency"));
        for (const QString &level : levels) {
            if (level.compare(asked, Qt::CaseInsensitive) == 0)
                info.consistencyLevel = level;
        }
        if (info.consistencyLevel.isEmpty()) {
            *error = CosmosError::invalidInput(
                QStringLiteral("--consistency must be one of %1 (got \"%2\").")
                    .arg(levels.join(QStringLiteral(", ")), asked));
            return info;
        }
    }
    info.allowUntrustedLocalhost = m_args.isSet(QStringLiteral("allow-untrusted-localhost"));
    *error = info.validate();
    return info;
}

void Application::start(const QStringList &args)
{
    if (!m_args.parse(args))
        return usageError(m_args.error());
    if (m_args.isSet(QStringLiteral("help"))
        || (m_args.count() == 0 && !m_args.isSet(QStringLiteral("version")))
        || m_args.positional(0) == QLatin1String("help")) {
        m_out.printRaw(usageText().toUtf8());
        return finish(m_args.count() == 0 && !m_args.isSet(QStringLiteral("help")) ? ExitInvalid
                                                                                     : ExitOk);
    }
    if (m_args.isSet(QStringLiteral("version"))) {
        m_out.printRaw(QStringLiteral("cosmoscope-cli %1\n")
                           .arg(QCoreApplication::applicationVersion())
                           .toUtf8());
        return finish(ExitOk);
    }
    m_out.setVerbose(m_args.isSet(QStringLiteral("verbose")));
    if (m_args.isSet(QStringLiteral("debug"))) { // requests on stderr; never keys or signatures
        QLoggingCategory::setFilterRules(QStringLiteral("cosmoscope.*.debug=true"));
        qSetMessagePattern(QStringLiteral("%{category}: %{message}"));
    }
    if (m_args.isSet(QStringLiteral("output")) && m_args.positional(0) != QLatin1String("export")) {
        ListFormat format = ListFormat::JsonLines;
        if (!Output::parseListFormat(m_args.value(QStringLiteral("output")), &format))
            return usageError(QStringLiteral("--output must be jsonl, json or table (got \"%1\").")
                                  .arg(m_args.value(QStringLiteral("output"))));
        m_out.setListFormat(format);
    }
    if (m_args.positional(0) == QLatin1String("azure"))
        return runAzure(); // discovery needs a sign-in, not an account
    CosmosError error;
    const ConnectionInfo info = connectionFromArguments(&error);
    if (error.isError())
        return fail(error);
    m_client = new CosmosClient(info, this);
    if (m_client->setupError().isError())
        return fail(m_client->setupError());
    int timeoutSeconds = 0;
    int maxResponseMb = 0;
    if (!m_args.intValue(QStringLiteral("timeout"), 1, 3600, &timeoutSeconds)
        || !m_args.intValue(QStringLiteral("max-response-mb"), 1, 4096, &maxResponseMb))
        return usageError(m_args.error());
    if (timeoutSeconds > 0) { // one deadline per request, across all its retries
        m_client->setRequestDeadline(timeoutSeconds * 1000);
        m_client->setTransferTimeout(qMin(timeoutSeconds * 1000, m_client->transferTimeout()));
    }
    if (maxResponseMb > 0)
        m_client->setMaxResponseBytes(qint64(maxResponseMb) * 1024 * 1024);
    if (m_args.isSet(QStringLiteral("log-requests")) && !openRequestLog())
        return;
    dispatch();
}

bool Application::openRequestLog()
{
    auto file = new QFile(m_args.value(QStringLiteral("log-requests")), this);
    if (!file->open(QIODevice::WriteOnly | QIODevice::Append)) {
        fail(CosmosError::invalidInput(QStringLiteral("Cannot write the request log %1: %2")
                                           .arg(file->fileName(), file->errorString())));
        return false;
    }
    connect(m_client, &CosmosClient::requestRecorded, file, [file](const RequestRecord &r) {
        file->write(r.toJsonLine() + '\n');
        file->flush();
    });
    return true;
}

void Application::dispatch()
{
    const QString command = m_args.positional(0);
    if (command == QLatin1String("account"))
        return runAccount();
    if (command == QLatin1String("db"))
        return runDatabase();
    if (command == QLatin1String("container"))
        return runContainer();
    if (command == QLatin1String("item"))
        return runItem();
    if (command == QLatin1String("query"))
        return runQuery();
    if (command == QLatin1String("schema"))
        return runSchema();
    if (command == QLatin1String("changefeed"))
        return runChangeFeed();
    if (command == QLatin1String("import"))
        return runImport();
    if (command == QLatin1String("export"))
        return runExport();
    if (command == QLatin1String("sproc"))
        return runScripts(ResourceKind::StoredProcedure);
    if (command == QLatin1String("trigger"))
        return runScripts(ResourceKind::Trigger);
    if (command == QLatin1String("udf"))
        return runScripts(ResourceKind::Udf);
    if (command == QLatin1String("user"))
        return runUser();
    if (command == QLatin1String("permission"))
        return runPermission();
    if (command == QLatin1String("throughput"))
        return runThroughput();
    if (command == QLatin1String("conflicts") || command == QLatin1String("conflict"))
        return runConflicts();
    if (command == QLatin1String("role"))
        return runRole();
    usageError(QStringLiteral("Unknown command \"%1\" (see --help).").arg(command));
}

bool Application::expectArguments(int count, const QString &synopsis, int maxCount)
{
    const int n = m_args.count();
    if (n < count || n > (maxCount < 0 ? count : maxCount)) {
        usageError(QStringLiteral("Usage: cosmoscope-cli %1").arg(synopsis));
        return false;
    }
    return true;
}

bool Application::checkIds(std::initializer_list<int> positions)
{
    for (const int pos : positions) {
        if (pos >= m_args.count())
            continue;
        if (CosmosError e = validateId(m_args.positional(pos)); e.isError()) {
            fail(e);
            return false;
        }
    }
    return true;
}

bool Application::partitionKeyOption(const QString &option, bool required, PartitionKey *key)
{
    if (!m_args.isSet(option)) {
        if (required)
            usageError(QStringLiteral("--%1 PK is required (a JSON value, like '\"a\"').").arg(option));
        return !required;
    }
    CosmosError error;
    *key = PartitionKey::fromJsonText(m_args.value(option), &error);
    if (error.isError()) {
        fail(error);
        return false;
    }
    return true;
}

bool Application::readTextFile(const QString &path, QByteArray *text)
{
    QFile file;
    const bool ok = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                               : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!ok) {
        fail(CosmosError::invalidInput(
            QStringLiteral("Cannot read %1: %2").arg(path, file.errorString())));
        return false;
    }
    *text = file.readAll();
    return true;
}

bool Application::readJsonObjectFile(const QString &path, QJsonObject *object)
{
    QByteArray text;
    if (!readTextFile(path, &text))
        return false;
    CosmosError error;
    *object = parseJsonObject(text, &error);
    if (error.isError()) {
        error.message = (path == QLatin1String("-") ? QStringLiteral("stdin") : path)
                        + QStringLiteral(": ") + error.message;
        fail(error);
        return false;
    }
    return true;
}

RequestOptions Application::writeOptions()
{
    RequestOptions options;
    options.ifMatch = m_args.value(QStringLiteral("if-match"));
    options.preTrigger = m_args.value(QStringLiteral("pre-trigger"));
    options.postTrigger = m_args.value(QStringLiteral("post-trigger"));
    return options;
}

bool Application::addReadOptions(RequestOptions *options)
{
    options->sessionToken = m_args.value(QStringLiteral("session-token"));
    int staleness = -1;
    if (!m_args.intValue(QStringLiteral("max-integrated-cache-staleness"), 0, 2147483647,
                         &staleness)) {
        usageError(m_args.error());
        return false;
    }
    options->maxIntegratedCacheStalenessMs = staleness;
    return true;
}

ResponseCallback Application::printResource()
{
    return [this](const CosmosResponse &r) {
        if (!r.ok())
            return fail(r.error);
        if (r.json.isObject() && !r.body.isEmpty())
            m_out.printJsonText(r.body); // as stored: key order and number text kept
        else
            m_out.printDocument(r.object());
        m_out.stats(r);
        finish(ExitOk);
    };
}

ResponseCallback Application::printDeleted(const QString &what)
{
    return [this, what](const CosmosResponse &r) {
        if (!r.ok())
            return fail(r.error);
        m_out.message(QStringLiteral("Deleted %1.").arg(what));
        m_out.stats(r);
        finish(ExitOk);
    };
}

void Application::streamPager(Pager *pager, qint64 maxItems, bool metrics)
{
    auto printed = std::make_shared<qint64>(0);
    auto lastActivity = std::make_shared<QString>();
    auto lastRegion = std::make_shared<QString>();
    const auto done = [this, pager, printed, lastActivity, lastRegion] {
        m_out.endList();
        m_out.stats(pager->totalRequestCharge(), *printed, m_timer.elapsed(), *lastActivity);
        if (m_out.verbose() && !lastRegion->isEmpty())
            m_out.message(QStringLiteral("region: %1").arg(*lastRegion));
        finish(ExitOk);
    };
    connect(pager, &Pager::pageReady, this, [=](const FeedPage &page) {
        *lastActivity = page.activityId;
        *lastRegion = page.region;
        if (metrics && !page.queryMetrics.isEmpty())
            m_out.message(QStringLiteral("query metrics: ") + page.queryMetrics);
        if (metrics && !page.indexMetrics.isEmpty())
            m_out.message(QStringLiteral("index metrics: ") + page.indexMetrics);
        const bool raw = page.rawItems.size() == page.items.size();
        for (qsizetype i = 0; i < page.items.size(); ++i) {
            if (maxItems >= 0 && *printed >= maxItems)
                break;
            m_out.listItem(raw ? page.rawItems.at(i) : Output::compact(page.items.at(i)));
            ++*printed;
        }
        m_out.flush();
        if (maxItems >= 0 && *printed >= maxItems)
            return done();
        if (pager->hasMore())
            pager->fetchNext();
    });
    connect(pager, &Pager::finished, this, done);
    pager->setPrefetch(maxItems < 0); // a drain: the next page travels while this one is written
    connect(pager, &Pager::failed, this, [this, printed](const CosmosError &e) {
        if (*printed > 0)
            m_out.message(QStringLiteral("warning: the output above (%1 items) is partial.").arg(*printed));
        fail(e);
    });
    pager->fetchNext();
}

bool Application::genericResourceCommand(const QString &sub, const ResourcePath &parent,
                                         ResourceKind kind, int pos, const QString &synopsis,
                                         bool pkScoped)
{
    const QString name = displayName(kind);
    if (sub == QLatin1String("list")) {
        if (expectArguments(pos, synopsis))
            streamPager(m_client->list(parent.feed(kind), {}, this));
        return true;
    }
    if (sub == QLatin1String("query")) {
        if (expectArguments(pos + 1, synopsis)) {
            const QuerySpec spec{m_args.positional(pos), {}};
            streamPager(m_client->query(parent.feed(kind), spec, {}, this));
        }
        return true;
    }
    if (sub == QLatin1String("show") || sub == QLatin1String("get")
        || sub == QLatin1String("delete")) {
        if (!expectArguments(pos + 1, synopsis))
            return true;
        RequestOptions options = writeOptions();
        if (sub == QLatin1String("show") && !addReadOptions(&options))
            return true;
        if (pkScoped && !partitionKeyOption(QStringLiteral("pk"), true, &options.partitionKey))
            return true;
        const QString id = m_args.positional(pos);
        if (CosmosError e = validateId(id, name + QStringLiteral(" id")); e.isError()) {
            fail(e);
            return true;
        }
        for (int i = 2; i < pos; ++i) {
            if (!checkIds({i}))
                return true;
        }
        const ResourcePath path = parent.child(kind, id);
        if (sub == QLatin1String("delete"))
            m_client->remove(path, options, this,
                             printDeleted(QStringLiteral("%1 \"%2\"").arg(name, id)));
        else
            m_client->read(path, options, this, printResource());
        return true;
    }
    return false;
}

} // namespace Cli

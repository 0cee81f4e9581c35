#include "cosmosclient.h"

#include "changefeed.h"
#include "pager.h"
#include "query/crosspartitionpagesource.h"
#include "validation.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>

namespace Cosmos {

constexpr qsizetype OffThreadParseBytes = 64 * 1024;
static const char ApiVersion[] = "2020-07-15";

QJsonObject QuerySpec::toJson() const
{
    QJsonArray params;
    for (const auto &p : parameters)
        params.append(QJsonObject{{QStringLiteral("name"), p.first}, {QStringLiteral("value"), p.second}});
    return QJsonObject{{QStringLiteral("query"), query}, {QStringLiteral("parameters"), params}};
}

// ---------------------------------------------------------------------------------------------

PendingRequest::PendingRequest(CosmosClient *client, CosmosRequest request,
                               ResponseCallback callback, QObject *context)
    : QObject(context ? context : client)
    , m_client(client)
    , m_request(std::move(request))
    , m_callback(std::move(callback))
{
    m_timer.start();
}

PendingRequest::~PendingRequest()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

PendingRequest *PendingRequest::group(QObject *context, ResponseCallback callback)
{
    return new PendingRequest(nullptr, {}, std::move(callback), context);
}

void PendingRequest::cancel()
{
    if (m_done)
        return;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    CosmosResponse r;
    r.error.kind = CosmosError::Kind::Cancelled;
    r.error.message = QStringLiteral("Cancelled.");
    finish(r);
}

void PendingRequest::start()
{
    if (m_done)
        return; // cancelled while a retry was scheduled
    if (!m_client) {
        CosmosResponse r;
        r.error = CosmosError::invalidInput(QStringLiteral("The connection was closed."));
        finish(r);
        return;
    }
    m_sslErrors.clear();
    m_reply = m_client->startReply(m_request);
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
        if (m_client && m_client->connection().allowUntrustedLocalhost
            && m_client->connection().isLoopback()) {
            m_reply->ignoreSslErrors();
        }
    });
    connect(m_reply, &QNetworkReply::finished, this, &PendingRequest::onFinished);
}

static CosmosError networkError(QNetworkReply *reply, const QStringList &sslErrors)
{
    CosmosError e;
    const QString host = reply->url().host() + QLatin1Char(':')
                         + QString::number(reply->url().port(reply->url().scheme() == QLatin1String("https") ? 443 : 80));
    switch (reply->error()) {
    case QNetworkReply::HostNotFoundError:
        e.kind = CosmosError::Kind::Connection;
        e.message = QStringLiteral("Could not find the host %1. Check the endpoint address.")
                        .arg(reply->url().host());
        break;
    case QNetworkReply::ConnectionRefusedError:
        e.kind = CosmosError::Kind::Connection;
        e.message = QStringLiteral("Connection refused by %1. Is the service or emulator running?")
                        .arg(host);
        break;
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        e.kind = CosmosError::Kind::Timeout;
        e.message = QStringLiteral("No answer from %1 in time (the request timed out).").arg(host);
        break;
    case QNetworkReply::SslHandshakeFailedError:
        e.kind = CosmosError::Kind::Tls;
        e.message = QStringLiteral("The TLS certificate of %1 is not trusted: %2. Add its CA "
                                   "certificate to the connection to trust it.")
                        .arg(host, sslErrors.isEmpty() ? reply->errorString() : sslErrors.join(QStringLiteral("; ")));
        break;
    default:
        e.kind = CosmosError::Kind::Connection;
        e.message = QStringLiteral("Could not talk to %1: %2").arg(host, reply->errorString());
        break;
    }
    return e;
}

void PendingRequest::onFinished()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    ++m_attempt;
    if (!m_client) {
        CosmosResponse r;
        r.error = CosmosError::invalidInput(QStringLiteral("The connection was closed."));
        finish(r);
        return;
    }

    CosmosResponse r;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (r.status == 0) {
        r.error = networkError(reply, m_sslErrors);
        if (m_request.idempotent && r.error.kind == CosmosError::Kind::Timeout
            && m_attempt <= m_client->retryPolicy().maxTransientReadRetries) {
            start();
            return;
        }
        finish(r);
        return;
    }
    for (const auto &pair : reply->rawHeaderPairs())
        r.headers.insert(pair.first.toLower(), pair.second);
    r.body = reply->readAll();
    m_charge += r.header("x-ms-request-charge").toDouble();
    r.requestCharge = m_charge;
    r.activityId = QString::fromLatin1(r.header("x-ms-activity-id"));
    r.etag = QString::fromUtf8(r.header("etag"));
    r.continuation = QString::fromUtf8(r.header("x-ms-continuation"));
    r.sessionToken = QString::fromUtf8(r.header("x-ms-session-token"));
    if (r.headers.contains("x-ms-item-count"))
        r.itemCount = r.header("x-ms-item-count").toInt();
    if (m_client && !r.sessionToken.isEmpty())
        m_client->captureSessionToken(m_request, r.header("x-ms-session-token"));

    const RetryPolicy policy = m_client->retryPolicy();
    int retryDelayMs = -1;
    if (r.status == 429 && m_attempt <= policy.maxThrottleRetries) {
        bool ok = false;
        const int after = r.header("x-ms-retry-after-ms").toInt(&ok);
        retryDelayMs = ok ? after : 100 * m_attempt;
        if (m_waitedMs + retryDelayMs > policy.maxThrottleWaitMs)
            retryDelayMs = -1;
    } else if (r.status == 449 && m_attempt <= policy.maxRetryWithRetries) {
        retryDelayMs = 10 << m_attempt;
    } else if ((r.status == 408 || r.status == 503) && m_request.idempotent
               && m_attempt <= policy.maxTransientReadRetries) {
        retryDelayMs = 100 * m_attempt;
    }
    if (retryDelayMs >= 0) {
        m_waitedMs += retryDelayMs;
        QTimer::singleShot(retryDelayMs, this, [this] { start(); });
        return;
    }
    r.retries = m_attempt - 1;

    if (r.status >= 400) {
        r.error = CosmosError::fromServiceResponse(r.status, r.header("x-ms-substatus").toInt(),
                                                   r.body);
        r.error.activityId = r.activityId;
        r.error.requestCharge = r.requestCharge;
        if (r.status == 429)
            r.error.message = QStringLiteral("Request rate is too large; gave up after %1 retries. %2")
                                  .arg(r.retries)
                                  .arg(r.error.message);
        finish(r);
        return;
    }
    if (r.body.size() < OffThreadParseBytes) {
        r.json = QJsonDocument::fromJson(r.body);
        finish(r);
        return;
    }
    // Large bodies are parsed on a worker thread. The result is posted to a receiver that
    // outlives the worker (shared ownership, deleted later in this thread); `self` is only
    // dereferenced back in this thread, where the request may meanwhile have been deleted.
    QPointer<PendingRequest> self(this);
    std::shared_ptr<QObject> receiver(new QObject, [](QObject *o) { o->deleteLater(); });
    QThreadPool::globalInstance()->start([self, receiver, r]() mutable {
        r.json = QJsonDocument::fromJson(r.body);
        QMetaObject::invokeMethod(
            receiver.get(), [self, r] { if (self) self->finish(r); }, Qt::QueuedConnection);
    });
}

void PendingRequest::finish(CosmosResponse response)
{
    if (m_done)
        return;
    m_done = true;
    response.elapsedMs = m_timer.elapsed();
    ResponseCallback cb = std::move(m_callback);
    deleteLater();
    if (cb)
        cb(response);
}

// ---------------------------------------------------------------------------------------------

CosmosClient::CosmosClient(const ConnectionInfo &info, QObject *parent)
    : QObject(parent)
    , m_info(info)
    , m_network(new QNetworkAccessManager(this))
    , m_ssl(std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration()))
{
    m_setupError = info.validate();
    if (!info.caCertificateFile.isEmpty()) {
        const QList<QSslCertificate> certs = QSslCertificate::fromPath(info.caCertificateFile,
                                                                        QSsl::Pem);
        if (certs.isEmpty()) {
            m_setupError = CosmosError::invalidInput(
                QStringLiteral("No PEM certificate could be read from %1.").arg(info.caCertificateFile));
        } else {
            for (const QSslCertificate &c : certs)
                m_ssl->addCaCertificate(c);
        }
    }
    m_network->setAutoDeleteReplies(false);
}

CosmosClient::~CosmosClient() = default;

PendingRequest *CosmosClient::send(const CosmosRequest &request, QObject *context,
                                   ResponseCallback callback)
{
    if (m_setupError.isError())
        return fail(m_setupError, context, std::move(callback));
    auto pending = new PendingRequest(this, request, std::move(callback), context);
    pending->start();
    return pending;
}

PendingRequest *CosmosClient::fail(const CosmosError &error, QObject *context,
                                   ResponseCallback callback)
{
    // Refused before sending: still answered asynchronously, like every other result.
    auto pending = new PendingRequest(this, {}, std::move(callback), context);
    QTimer::singleShot(0, pending, [pending, error] {
        CosmosResponse r;
        r.error = error;
        pending->finish(r);
    });
    return pending;
}

QNetworkReply *CosmosClient::startReply(const CosmosRequest &request)
{
    QUrl url = m_info.endpoint;
    url.setPath(request.path.urlPath(), QUrl::TolerantMode);
    QNetworkRequest nr(url);
    nr.setTransferTimeout(m_transferTimeoutMs);
    if (url.scheme() == QLatin1String("https"))
        nr.setSslConfiguration(*m_ssl);
    const QString date = httpDate(QDateTime::currentDateTimeUtc());
    nr.setRawHeader("x-ms-date", date.toLatin1());
    nr.setRawHeader("x-ms-version", ApiVersion);
    nr.setRawHeader("Accept", "application/json");
    nr.setRawHeader("User-Agent", "Cosmoscope/0.1 Qt");
    QByteArray auth;
    if (!m_info.masterKey.isEmpty()) {
        auth = masterKeyAuthorization(QString::fromLatin1(request.verb), request.path.resourceType(),
                                      request.path.resourceLink(), date, m_info.masterKey);
    } else {
        auth = m_info.resourceTokens.authorizationFor(request.path.link());
        if (auth.isEmpty() && !m_info.resourceTokens.isEmpty()) // let the service say 403
            auth = QUrl::toPercentEncoding(m_info.resourceTokens.all().cbegin().value());
    }
    nr.setRawHeader("authorization", auth);
    const QString containerLink = request.path.containerLink();
    if (!containerLink.isEmpty() && m_sessionTokens.contains(containerLink)
        && request.path.kind() == ResourceKind::Item) {
        nr.setRawHeader("x-ms-session-token", m_sessionTokens.value(containerLink).toUtf8());
    }
    for (const auto &h : request.options.toHeaders())
        nr.setRawHeader(h.first, h.second);
    if (!request.body.isEmpty() || request.verb == "POST" || request.verb == "PUT")
        nr.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    return m_network->sendCustomRequest(nr, request.verb, request.body);
}

// Session tokens are "<range>:<version>#<lsn>…" pairs; keep the highest LSN per range.
void CosmosClient::captureSessionToken(const CosmosRequest &request, const QByteArray &token)
{
    const QString link = request.path.containerLink();
    if (link.isEmpty())
        return;
    QMap<QString, QString> merged;
    const auto lsn = [](const QString &t) { return t.section(QLatin1Char('#'), 1, 1).toLongLong(); };
    const QString all = m_sessionTokens.value(link) + QLatin1Char(',') + QString::fromUtf8(token);
    for (const QString &part : all.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString range = part.section(QLatin1Char(':'), 0, 0);
        const QString value = part.section(QLatin1Char(':'), 1);
        if (!merged.contains(range) || lsn(value) >= lsn(merged.value(range)))
            merged.insert(range, value);
    }
    QStringList parts;
    for (auto it = merged.cbegin(); it != merged.cend(); ++it)
        parts << it.key() + QLatin1Char(':') + it.value();
    m_sessionTokens.insert(link, parts.join(QLatin1Char(',')));
}

PendingRequest *CosmosClient::readAccount(QObject *context, ResponseCallback callback)
{
    return send(CosmosRequest::get(ResourcePath()), context, std::move(callback));
}

PendingRequest *CosmosClient::read(const ResourcePath &path, const RequestOptions &options,
                                   QObject *context, ResponseCallback callback)
{
    CosmosRequest r = CosmosRequest::get(path);
    r.options = options;
    return send(r, context, std::move(callback));
}

static CosmosError checkBody(const ResourcePath &path, const QJsonObject &body, qsizetype bytes)
{
    const ResourceKind kind = path.kind();
    if (kind == ResourceKind::Item)
        return validateItem(body, bytes);
    if (kind == ResourceKind::Offer)
        return {};
    return validateId(body.value(QStringLiteral("id")).toString(),
                      displayName(kind) + QStringLiteral(" id"));
}

PendingRequest *CosmosClient::create(const ResourcePath &feed, const QJsonObject &body,
                                     const RequestOptions &options, QObject *context,
                                     ResponseCallback callback)
{
    CosmosRequest r = CosmosRequest::post(feed, QJsonDocument(body));
    r.options = options;
    if (CosmosError e = checkBody(feed, body, r.body.size()); e.isError())
        return fail(e, context, std::move(callback));
    return send(r, context, std::move(callback));
}

void CosmosClient::createIfNotExists(const ResourcePath &feed, const QJsonObject &body,
                                     const RequestOptions &options, QObject *context,
                                     ResponseCallback callback)
{
    const QString id = body.value(QStringLiteral("id")).toString();
    if (CosmosError e = checkBody(feed, body, 0); e.isError()) {
        fail(e, context, std::move(callback));
        return;
    }
    const ResourcePath path = feed.parent().child(feed.kind(), id);
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    read(path, {}, context, [=](const CosmosResponse &existing) {
        if (existing.ok() || existing.error.status != 404)
            return callback(existing);
        if (hasContext && !guard)
            return;
        create(feed, body, options, context, [=](const CosmosResponse &created) {
            if (created.error.status != 409)
                return callback(created);
            read(path, {}, context, callback); // created meanwhile by someone else
        });
    });
}

PendingRequest *CosmosClient::upsert(const ResourcePath &feed, const QJsonObject &body,
                                     const RequestOptions &options, QObject *context,
                                     ResponseCallback callback)
{
    RequestOptions o = options;
    o.extraHeaders.push_back({"x-ms-documentdb-is-upsert", "true"});
    return create(feed, body, o, context, std::move(callback));
}

PendingRequest *CosmosClient::replace(const ResourcePath &path, const QJsonObject &body,
                                      const RequestOptions &options, QObject *context,
                                      ResponseCallback callback)
{
    CosmosRequest r = CosmosRequest::put(path, QJsonDocument(body));
    r.options = options;
    if (CosmosError e = checkBody(path, body, r.body.size()); e.isError())
        return fail(e, context, std::move(callback));
    return send(r, context, std::move(callback));
}

PendingRequest *CosmosClient::remove(const ResourcePath &path, const RequestOptions &options,
                                     QObject *context, ResponseCallback callback)
{
    CosmosRequest r = CosmosRequest::del(path);
    r.options = options;
    return send(r, context, std::move(callback));
}

PendingRequest *CosmosClient::executeStoredProcedure(const ResourcePath &sproc,
                                                     const QJsonArray &parameters,
                                                     const RequestOptions &options,
                                                     QObject *context, ResponseCallback callback)
{
    CosmosRequest r = CosmosRequest::post(sproc, QJsonDocument(parameters));
    r.options = options;
    return send(r, context, std::move(callback));
}

void CosmosClient::containerProperties(
    const ResourcePath &container, QObject *context,
    std::function<void(const QJsonObject &, const CosmosError &)> callback)
{
    const QString link = container.link();
    if (m_containers.contains(link)) {
        const QJsonObject cached = m_containers.value(link);
        QTimer::singleShot(0, context ? context : this, [callback, cached] { callback(cached, {}); });
        return;
    }
    read(container, {}, context, [this, link, callback](const CosmosResponse &r) {
        if (r.ok())
            m_containers.insert(link, r.object());
        callback(r.object(), r.error);
    });
}

void CosmosClient::forgetContainer(const ResourcePath &container)
{
    m_containers.remove(container.link());
}

void CosmosClient::writeItem(ItemWrite op, const ResourcePath &container, const QJsonObject &item,
                             const RequestOptions &options, QObject *context,
                             ResponseCallback callback)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    containerProperties(container, context, [=](const QJsonObject &props, const CosmosError &error) {
        if (hasContext && !guard)
            return;
        if (error.isError()) {
            CosmosResponse r;
            r.error = error;
            callback(r);
            return;
        }
        RequestOptions o = options;
        if (!o.partitionKey.isSet()) {
            const auto def = PartitionKeyDefinition::fromJson(
                props.value(QStringLiteral("partitionKey")).toObject());
            o.partitionKey = PartitionKey::fromDocument(item, def.paths);
        }
        const ResourcePath docs = container.feed(ResourceKind::Item);
        switch (op) {
        case ItemWrite::Create: create(docs, item, o, context, callback); break;
        case ItemWrite::Upsert: upsert(docs, item, o, context, callback); break;
        case ItemWrite::Replace:
            replace(container.child(ResourceKind::Item, item.value(QStringLiteral("id")).toString()),
                    item, o, context, callback);
            break;
        }
    });
}

Pager *CosmosClient::list(const ResourcePath &feed, const RequestOptions &options, QObject *parent)
{
    CosmosRequest r = CosmosRequest::get(feed);
    r.options = options;
    return new Pager(std::make_unique<GatewayPageSource>(this, r), parent);
}

Pager *CosmosClient::query(const ResourcePath &feed, const QuerySpec &query,
                           const RequestOptions &options, QObject *parent)
{
    CosmosRequest r = CosmosRequest::post(feed, QJsonDocument(query.toJson()));
    r.idempotent = true;
    r.contentType = "application/query+json";
    r.options = options;
    r.options.extraHeaders.push_back({"x-ms-documentdb-isquery", "True"});
    if (!options.partitionKey.isSet())
        r.options.extraHeaders.push_back({"x-ms-documentdb-query-enablecrosspartition", "True"});
    // Item queries across partitions may need the client-side pipeline (query plan, per-range
    // fan-out and merge); it tries the plain gateway request first.
    if (!options.partitionKey.isSet() && feed.kind() == ResourceKind::Item && feed.isFeed()) {
        return new Pager(std::make_unique<Query::CrossPartitionPageSource>(this, r, query),
                         parent);
    }
    return new Pager(std::make_unique<GatewayPageSource>(this, r), parent);
}

ChangeFeedReader *CosmosClient::changeFeed(const ResourcePath &container,
                                           const ChangeFeedOptions &options, QObject *parent)
{
    return new ChangeFeedReader(this, container, options, parent);
}

} // namespace Cosmos

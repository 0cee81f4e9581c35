#include "cosmosclient.h"

#include "arm/armclient.h"
#include "arm/controlplane.h"
#include "changefeed.h"
#include "entra/dataplanetokens.h"
#include "entra/tokencredential.h"
#include "jsontext.h"
#include "pager.h"
#include "query/crosspartitionpagesource.h"
#include "routing/rangedfeedsource.h"
#include "validation.h"

#include <QDateTime>
#include <QFile>
#include <QNetworkAccessManager>

#include <algorithm>
#include <utility>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

namespace Cosmos {

static const char ApiVersion[] = "2020-07-15";

QJsonObject QuerySpec::toJson() const
{
    QJsonArray params;
    for (const auto &p : parameters)
        params.append(QJsonObject{{QStringLiteral("name"), p.first}, {QStringLiteral("value"), p.second}});
    return QJsonObject{{QStringLiteral("query"), query}, {QStringLiteral("parameters"), params}};
}

CosmosClient::CosmosClient(const ConnectionInfo &info, QObject *parent)
    : QObject(parent)
    , m_info(info)
    , m_ssl(std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration()))
    , m_locations(info.endpoint, info.preferredRegions)
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
    setConnectionLimit(ConnectionsPerManager);
    if (info.credential) {
        m_tokens = std::make_shared<Entra::DataPlaneTokens>(info.credential.get(), info.endpoint);
        m_arm = new Arm::ArmClient(info.credential.get(), this);
        connect(m_arm, &Arm::ArmClient::requestRecorded, this, &CosmosClient::requestRecorded);
        m_controlPlane = new Arm::ControlPlane(m_arm, info.endpoint, info.armAccountId, this);
    }
}

CosmosClient::~CosmosClient() = default;

void CosmosClient::setConnectionLimit(int connections)
{
    const size_t managers = size_t(std::max(1, (connections + ConnectionsPerManager - 1)
                                                   / ConnectionsPerManager));
    while (m_network.size() < managers) {
        auto manager = new QNetworkAccessManager(this);
        manager->setAutoDeleteReplies(false);
        m_network.push_back(manager);
    }
    // Managers beyond the new limit are kept (their replies may be running) but get no new work.
    m_activeManagers = managers;
}

PendingRequest *CosmosClient::send(const CosmosRequest &request, QObject *context,
                                   ResponseCallback callback)
{
    if (m_setupError.isError())
        return fail(m_setupError, context, std::move(callback));
    if (m_controlPlane && Arm::ControlPlane::handles(request)) // Entra: management via ARM
        return m_controlPlane->send(request, context, std::move(callback));
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

namespace {
/// The body of a write, readable once. Qt silently resends a request whose connection closed
/// before the answer; for a write that would apply it twice unseen. With a body that cannot
/// be rewound Qt reports the lost attempt instead (ContentReSendError), and PendingRequest
/// retries it knowing its outcome is open.
class OneShotBody : public QIODevice
{
public:
    OneShotBody(const QByteArray &data, QObject *parent)
        : QIODevice(parent), m_data(data)
    {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    bool reset() override { return false; }
    qint64 bytesAvailable() const override
    {
        return m_data.size() - m_pos + QIODevice::bytesAvailable();
    }
    bool atEnd() const override { return m_pos >= m_data.size() && QIODevice::atEnd(); }

protected:
    qint64 readData(char *out, qint64 max) override
    {
        const qint64 n = qMin(max, qint64(m_data.size()) - m_pos);
        if (n <= 0)
            return -1;
        memcpy(out, m_data.constData() + m_pos, size_t(n));
        m_pos += n;
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qint64 m_pos = 0;
};
} // namespace

QUrl CosmosClient::endpointFor(const CosmosRequest &request, const QList<QUrl> &tried) const
{
    if (request.endpoint.isValid())
        return request.endpoint;
    if (!request.idempotent)
        return m_locations.writeEndpoint();
    const QList<QUrl> reads = m_locations.readEndpoints();
    for (const QUrl &u : reads) {
        if (!tried.contains(u))
            return u;
    }
    return reads.first();
}

bool CosmosClient::needsDiscovery(const CosmosRequest &request) const
{
    return !m_info.preferredRegions.isEmpty() && !m_discoveryTried && !request.endpoint.isValid();
}

// Preferred regions need the account's regions before the first request: it waits for one
// reading of the account (whatever its outcome; without it the default endpoint is used).
void CosmosClient::whenDiscovered(QObject *context, std::function<void()> then)
{
    m_awaitingDiscovery.append({QPointer<QObject>(context), std::move(then)});
    if (m_discovering)
        return;
    m_discovering = true;
    refreshAccount(this, [this](const CosmosError &) { // `this` owns the request
        m_discovering = false;
        m_discoveryTried = true;
        const auto waiting = std::exchange(m_awaitingDiscovery, {});
        for (const auto &w : waiting) {
            if (w.first)
                w.second();
        }
    });
}

void CosmosClient::refreshAccount(QObject *context, std::function<void(const CosmosError &)> done)
{
    refreshFrom(0, context, std::move(done));
}

void CosmosClient::refreshFrom(int index, QObject *context,
                               std::function<void(const CosmosError &)> done)
{
    const QList<QUrl> endpoints = m_locations.allEndpoints();
    CosmosRequest r = CosmosRequest::get(ResourcePath());
    r.endpoint = endpoints.at(index);
    QPointer<CosmosClient> self(this);
    send(r, context, [this, self, index, context, done](const CosmosResponse &response) {
        if (!self)
            return done(response.error);
        if (response.ok() && m_locations.update(response.object())) {
            Q_EMIT locationsChanged();
            return done({});
        }
        if (response.error.kind == CosmosError::Kind::Cancelled
            || index + 1 >= m_locations.allEndpoints().size())
            return done(response.error);
        refreshFrom(index + 1, context, done);
    });
}

QNetworkReply *CosmosClient::startReply(const CosmosRequest &request, const QUrl &endpoint,
                                        qint64 remainingMs, const QByteArray &aadAuthorization)
{
    QUrl url = endpoint;
    url.setPath(request.path.urlPath(), QUrl::TolerantMode);
    QNetworkRequest nr(url);
    nr.setTransferTimeout(int(qMin<qint64>(m_transferTimeoutMs, remainingMs)));
    nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme() == QLatin1String("https"))
        nr.setSslConfiguration(*m_ssl);
    const QString date = httpDate(QDateTime::currentDateTimeUtc());
    nr.setRawHeader("x-ms-date", date.toLatin1());
    nr.setRawHeader("x-ms-version", ApiVersion);
    nr.setRawHeader("Accept", "application/json");
    nr.setRawHeader("User-Agent", "Cosmoscope/0.1 Qt");
    QByteArray auth;
    if (!aadAuthorization.isEmpty()) {
        auth = aadAuthorization;
    } else if (!m_info.masterKey.isEmpty()) {
        auth = masterKeyAuthorization(QString::fromLatin1(request.verb), request.path.resourceType(),
                                      request.path.resourceLink(), date, m_info.masterKey);
    } else {
        auth = m_info.resourceTokens.authorizationFor(request.path.link());
        if (auth.isEmpty() && !m_info.resourceTokens.isEmpty()) // let the service say 403
            auth = QUrl::toPercentEncoding(m_info.resourceTokens.all().cbegin().value());
    }
    nr.setRawHeader("authorization", auth);
    // The consistency level of the connection unless the request names one; the session token
    // only where it means something: Session consistency, or any write.
    QString consistency = request.options.consistencyLevel;
    if (consistency.isEmpty() && !m_info.consistencyLevel.isEmpty()) {
        consistency = m_info.consistencyLevel;
        nr.setRawHeader("x-ms-consistency-level", consistency.toUtf8());
    }
    if (consistency.isEmpty())
        consistency = m_locations.accountConsistency();
    const bool session = consistency.isEmpty()
                         || consistency.compare(QLatin1String("Session"), Qt::CaseInsensitive) == 0
                         || !request.idempotent;
    const QString containerLink = request.path.containerLink();
    if (!request.options.sessionToken.isEmpty()) {
        nr.setRawHeader("x-ms-session-token", request.options.sessionToken.toUtf8());
    } else if (session && !containerLink.isEmpty() && m_sessionTokens.contains(containerLink)
               && request.path.kind() == ResourceKind::Item) {
        nr.setRawHeader("x-ms-session-token", m_sessionTokens.value(containerLink).toUtf8());
    }
    for (const auto &h : request.options.toHeaders())
        nr.setRawHeader(h.first, h.second);
    if (!request.body.isEmpty() || request.verb == "POST" || request.verb == "PUT")
        nr.setHeader(QNetworkRequest::ContentTypeHeader, request.contentType);
    QNetworkAccessManager *network = m_network[m_nextManager++ % m_activeManagers];
    if (request.idempotent)
        return network->sendCustomRequest(nr, request.verb, request.body);
    // A write, even without a body (DELETE): never resent silently.
    nr.setHeader(QNetworkRequest::ContentLengthHeader, request.body.size());
    nr.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true); // else Qt copies it
    auto body = new OneShotBody(request.body, nullptr);
    QNetworkReply *reply = network->sendCustomRequest(nr, request.verb, body);
    body->setParent(reply);
    return reply;
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
    QPointer<CosmosClient> self(this);
    return send(CosmosRequest::get(ResourcePath()), context,
                [this, self, callback](const CosmosResponse &response) {
                    if (self && response.ok() && m_locations.update(response.object())) {
                        m_discoveryTried = true;
                        Q_EMIT locationsChanged();
                    }
                    callback(response);
                });
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
    return create(feed, QJsonDocument(body).toJson(QJsonDocument::Compact), options, context,
                  std::move(callback));
}

// Parses a write's body for the checks; the text itself is what is sent.
static CosmosError parseBody(const QByteArray &json, QJsonObject *object)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        const JsonText::ParseError e = JsonText::check(json);
        return CosmosError::invalidInput(
            e.isError() ? QStringLiteral("The JSON is not valid: %1.").arg(e.describe(json))
                        : QStringLiteral("The JSON must be an object ({…})."));
    }
    *object = doc.object();
    return {};
}

PendingRequest *CosmosClient::sendWrite(const QByteArray &verb, const ResourcePath &path,
                                        const QByteArray &json, const RequestOptions &options,
                                        QObject *context, ResponseCallback callback)
{
    QJsonObject object;
    if (CosmosError e = parseBody(json, &object); e.isError())
        return fail(e, context, std::move(callback));
    // Sent as given (key order and number text kept), without insignificant whitespace.
    const QByteArray body = JsonText::compact(json);
    if (CosmosError e = checkBody(path, object, body.size()); e.isError())
        return fail(e, context, std::move(callback));
    CosmosRequest r;
    r.verb = verb;
    r.path = path;
    r.body = body;
    r.idempotent = false;
    r.options = options;
    const bool item = path.kind() == ResourceKind::Item;
    r.retryWrites = item;
    if (!item || options.extraHeaders.contains({"x-ms-documentdb-is-upsert", "true"}))
        return send(r, context, std::move(callback));
    // An item create or replace whose earlier attempt was lost may meet its own effect: a 409
    // (create) or 412 (replace with If-Match). Reading the item back settles it: the same
    // content is that attempt's success, other content a real conflict.
    const ResourcePath itemPath = verb == "POST"
                                      ? path.parent().child(ResourceKind::Item,
                                                            object.value(QStringLiteral("id")).toString())
                                      : path;
    const int settleStatus = verb == "POST" ? 409 : 412;
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    return send(r, context, [=](const CosmosResponse &response) {
        if (response.error.status != settleStatus || (hasContext && !guard))
            return callback(response);
        RequestOptions readOptions;
        readOptions.partitionKey = options.partitionKey;
        read(itemPath, readOptions, context, [=](const CosmosResponse &stored) {
            CosmosResponse result = response;
            result.requestCharge += stored.requestCharge;
            if (stored.ok() && JsonText::sameContent(stored.body, body, JsonText::systemProperties())) {
                if (response.outcomeUnknown || options.priorAttemptUnknown) { // our lost attempt
                    CosmosResponse ok = stored;
                    ok.status = verb == "POST" ? 201 : 200;
                    ok.requestCharge = result.requestCharge;
                    ok.retries = response.retries;
                    ok.outcomeUnknown = true;
                    ok.confirmedByRead = true;
                    return callback(ok);
                }
                result.existingSameContent = true;
            } else if (stored.ok() && verb == "POST") {
                result.error.message += QStringLiteral(" (The stored item has other content.)");
            }
            callback(result);
        });
    });
}

PendingRequest *CosmosClient::create(const ResourcePath &feed, const QByteArray &json,
                                     const RequestOptions &options, QObject *context,
                                     ResponseCallback callback)
{
    return sendWrite("POST", feed, json, options, context, std::move(callback));
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
    return replace(path, QJsonDocument(body).toJson(QJsonDocument::Compact), options, context,
                   std::move(callback));
}

PendingRequest *CosmosClient::replace(const ResourcePath &path, const QByteArray &json,
                                      const RequestOptions &options, QObject *context,
                                      ResponseCallback callback)
{
    return sendWrite("PUT", path, json, options, context, std::move(callback));
}

PendingRequest *CosmosClient::remove(const ResourcePath &path, const RequestOptions &options,
                                     QObject *context, ResponseCallback callback)
{
    CosmosRequest r = CosmosRequest::del(path);
    r.options = options;
    r.retryWrites = path.kind() == ResourceKind::Item;
    if (!r.retryWrites)
        return send(r, context, std::move(callback));
    // A 404 after an attempt whose answer was lost is that attempt's success.
    return send(r, context, [callback](const CosmosResponse &response) {
        if (response.error.status != 404 || !response.outcomeUnknown)
            return callback(response);
        CosmosResponse ok = response;
        ok.status = 204;
        ok.error = {};
        callback(ok);
    });
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
    writeItem(op, container, QJsonDocument(item).toJson(QJsonDocument::Compact), options, context,
              std::move(callback));
}

void CosmosClient::writeItem(ItemWrite op, const ResourcePath &container, const QByteArray &json,
                             const RequestOptions &options, QObject *context,
                             ResponseCallback callback)
{
    QJsonObject item;
    if (CosmosError e = parseBody(json, &item); e.isError()) {
        fail(e, context, std::move(callback));
        return;
    }
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
        case ItemWrite::Create: create(docs, json, o, context, callback); break;
        case ItemWrite::Upsert:
            o.extraHeaders.push_back({"x-ms-documentdb-is-upsert", "true"});
            create(docs, json, o, context, callback);
            break;
        case ItemWrite::Replace:
            replace(container.child(ResourceKind::Item, item.value(QStringLiteral("id")).toString()),
                    json, o, context, callback);
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

Pager *CosmosClient::listItemsByRange(const ResourcePath &container, const RequestOptions &options,
                                      QObject *parent)
{
    CosmosRequest r = CosmosRequest::get(container.feed(ResourceKind::Item));
    r.options = options;
    return new Pager(std::make_unique<Routing::RangedFeedSource>(this, r), parent);
}

ChangeFeedReader *CosmosClient::changeFeed(const ResourcePath &container,
                                           const ChangeFeedOptions &options, QObject *parent)
{
    return new ChangeFeedReader(this, container, options, parent);
}

} // namespace Cosmos

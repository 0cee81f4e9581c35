#include "cosmosclient.h"

#include "changefeed.h"
#include "jsontext.h"
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
    if (m_client) {
        // One deadline for the whole request: attempts, retry waits and slow trickles.
        m_deadline = new QTimer(this);
        m_deadline->setSingleShot(true);
        connect(m_deadline, &QTimer::timeout, this, &PendingRequest::onDeadline);
        m_deadline->start(m_client->requestDeadline());
    }
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
    r.error.outcomeUnknown = !m_request.idempotent && m_attempt > 0;
    finish(r);
}

static void noteUnknownOutcome(CosmosError &e)
{
    if (!e.message.endsWith(QLatin1Char('.')))
        e.message += QLatin1Char('.');
    e.message += QStringLiteral(" The write may or may not have been applied.");
}

static QString hostOf(const QUrl &url)
{
    return url.host() + QLatin1Char(':')
           + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

void PendingRequest::onDeadline()
{
    if (m_done)
        return;
    const QString host = m_client ? hostOf(m_client->connection().endpoint) : QString();
    CosmosResponse r;
    r.error.kind = CosmosError::Kind::Timeout;
    const int attempts = qMax(1, m_attempt + (m_reply ? 1 : 0));
    r.error.message = QStringLiteral("No complete answer from %1 within %2 s (%3 %4); the server "
                                     "may be overloaded or unreachable.")
                          .arg(host)
                          .arg(qRound(m_timer.elapsed() / 1000.0))
                          .arg(attempts)
                          .arg(attempts == 1 ? QStringLiteral("attempt") : QStringLiteral("attempts"));
    // A write in flight, or one whose earlier attempt was lost, may have been applied.
    r.error.outcomeUnknown = !m_request.idempotent && (m_reply || m_outcomeUnknown);
    if (r.error.outcomeUnknown)
        noteUnknownOutcome(r.error);
    r.outcomeUnknown = r.error.outcomeUnknown;
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    finish(r);
}

void PendingRequest::abortReply()
{
    if (m_reply)
        m_reply->abort(); // finished() follows, with OperationCanceledError
}

// Aborts the reply once its body (announced or received) exceeds the client's cap: memory
// stays near the cap whatever the server sends.
bool PendingRequest::checkSize(QNetworkReply *reply)
{
    if (!m_client || m_abortReason.isError())
        return false;
    const qint64 cap = m_client->maxResponseBytes();
    const qint64 announced = reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
    const qint64 received = reply->bytesAvailable();
    if (announced <= cap && received <= cap)
        return true;
    m_abortReason.kind = CosmosError::Kind::Damaged;
    m_abortReason.message = QStringLiteral("The response from %1 is larger than the %2 MB limit "
                                           "(%3 MB %4); it was not read. Raise the limit if "
                                           "this is expected.")
                                .arg(hostOf(reply->url()))
                                .arg(cap / (1024 * 1024))
                                .arg(qMax(announced, received) / (1024 * 1024))
                                .arg(announced > cap ? QStringLiteral("announced")
                                                     : QStringLiteral("received so far"));
    QMetaObject::invokeMethod(this, &PendingRequest::abortReply, Qt::QueuedConnection);
    return false;
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
    m_abortReason = {};
    m_reply = m_client->startReply(m_request,
                                   qMax<qint64>(1000, m_client->requestDeadline() - m_timer.elapsed()));
    connect(m_reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            m_sslErrors << e.errorString();
        if (m_client && m_client->connection().allowUntrustedLocalhost
            && m_client->connection().isLoopback()) {
            m_reply->ignoreSslErrors();
        }
    });
    QNetworkReply *reply = m_reply;
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { checkSize(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { checkSize(reply); });
    connect(reply, &QNetworkReply::finished, this, &PendingRequest::onFinished);
}

static CosmosError networkError(QNetworkReply *reply, const QStringList &sslErrors)
{
    CosmosError e;
    const QString host = hostOf(reply->url());
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

// Errors that Qt reports for an HTTP error status: the answer itself is complete.
static bool isHttpStatusError(QNetworkReply::NetworkError e)
{
    switch (e) {
    case QNetworkReply::NoError:
    case QNetworkReply::ContentAccessDenied:
    case QNetworkReply::ContentOperationNotPermittedError:
    case QNetworkReply::ContentNotFoundError:
    case QNetworkReply::AuthenticationRequiredError:
    case QNetworkReply::ContentConflictError:
    case QNetworkReply::ContentGoneError:
    case QNetworkReply::UnknownContentError:
    case QNetworkReply::ProtocolInvalidOperationError:
    case QNetworkReply::InternalServerError:
    case QNetworkReply::OperationNotImplementedError:
    case QNetworkReply::ServiceUnavailableError:
    case QNetworkReply::UnknownServerError:
        return true;
    default:
        return false;
    }
}

// Nothing was sent: the connection was never made.
static bool neverSent(QNetworkReply::NetworkError e)
{
    return e == QNetworkReply::ConnectionRefusedError || e == QNetworkReply::HostNotFoundError
           || e == QNetworkReply::SslHandshakeFailedError;
}

// Schedules another attempt after a transport failure or 408/503, when the policy allows.
bool PendingRequest::retryTransport(CosmosResponse &r, bool ambiguous)
{
    const RetryPolicy policy = m_client->retryPolicy();
    const bool write = !m_request.idempotent;
    if (write && !m_request.retryWrites && ambiguous)
        return false;
    const int limit = write ? policy.maxTransientWriteRetries : policy.maxTransientReadRetries;
    if (m_transportRetries >= limit)
        return false;
    const int delay = qMin(2000, policy.backoffBaseMs << qMin(m_transportRetries, 5));
    if (m_timer.elapsed() + delay >= m_client->requestDeadline())
        return false;
    ++m_transportRetries;
    if (write && ambiguous)
        m_outcomeUnknown = true;
    m_waitedMs += delay;
    QTimer::singleShot(delay, this, [this] { start(); });
    Q_UNUSED(r)
    return true;
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
    const QString host = hostOf(reply->url());
    const QNetworkReply::NetworkError netError = reply->error();

    CosmosResponse r;
    r.outcomeUnknown = m_outcomeUnknown;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (m_abortReason.isError()) { // aborted here: too large
        r.error = m_abortReason;
        r.error.status = r.status;
        r.error.activityId = QString::fromLatin1(reply->rawHeader("x-ms-activity-id"));
        r.error.outcomeUnknown = !m_request.idempotent;
        finish(r);
        return;
    }
    if (r.status == 0) {
        r.error = networkError(reply, m_sslErrors);
        const bool ambiguous = !neverSent(netError);
        if (netError != QNetworkReply::SslHandshakeFailedError && netError != QNetworkReply::HostNotFoundError
            && retryTransport(r, ambiguous))
            return;
        r.error.outcomeUnknown = !m_request.idempotent && (ambiguous || m_outcomeUnknown);
        if (r.error.outcomeUnknown)
            noteUnknownOutcome(r.error);
        r.outcomeUnknown = r.error.outcomeUnknown;
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

    // A redirect is refused whatever followed its status line.
    if (r.status >= 300 && r.status < 400 && r.status != 304) {
        // Never followed: a signed request must not go to another host, and a POST must not
        // silently become a GET.
        r.error.kind = CosmosError::Kind::Redirected;
        r.error.status = r.status;
        r.error.activityId = r.activityId;
        const QString location = QString::fromUtf8(r.header("location"));
        r.error.message = QStringLiteral("%1 answered with a redirect (HTTP %2) to %3. Cosmoscope "
                                         "does not follow redirects; check the endpoint address.")
                              .arg(host)
                              .arg(r.status)
                              .arg(location.isEmpty() ? QStringLiteral("nowhere") : location);
        finish(r);
        return;
    }
    // The answer must be whole: no transport error after the status line, exactly the
    // announced length. Anything else is damaged, never a (short) success.
    QString damage;
    if (!isHttpStatusError(netError)) {
        damage = QStringLiteral("the transfer broke off (%1)").arg(reply->errorString());
    } else if (r.headers.contains("content-length")) {
        bool ok = false;
        const qint64 announced = r.header("content-length").toLongLong(&ok);
        if (!ok || announced != r.body.size()) {
            damage = QStringLiteral("%1 bytes were announced (Content-Length)")
                         .arg(QString::fromLatin1(r.header("content-length")));
        }
    }
    if (!damage.isEmpty()) {
        r.error = r.damaged(damage, host);
        // A damaged answer to a write leaves its outcome open; a read can simply be retried.
        if (!m_request.idempotent) {
            if (retryTransport(r, true))
                return;
            r.error.outcomeUnknown = true;
            r.outcomeUnknown = true;
            noteUnknownOutcome(r.error);
        } else if (retryTransport(r, false)) {
            return;
        }
        finish(r);
        return;
    }
    if (m_client && !r.sessionToken.isEmpty())
        m_client->captureSessionToken(m_request, r.header("x-ms-session-token"));

    const RetryPolicy policy = m_client->retryPolicy();
    int retryDelayMs = -1;
    if (r.status == 429 && m_attempt <= policy.maxThrottleRetries) {
        bool ok = false;
        const int after = r.header("x-ms-retry-after-ms").toInt(&ok);
        retryDelayMs = ok ? after : 100 * m_attempt;
        if (m_waitedMs + retryDelayMs > policy.maxThrottleWaitMs
            || m_timer.elapsed() + retryDelayMs >= m_client->requestDeadline())
            retryDelayMs = -1;
    } else if (r.status == 449 && m_attempt <= policy.maxRetryWithRetries) {
        retryDelayMs = 10 << m_attempt;
    } else if ((r.status == 408 || r.status == 503)
               && (m_request.idempotent || m_request.retryWrites)) {
        // A 408 may come after the write was applied; a 503 answers before it is.
        if (retryTransport(r, r.status == 408))
            return;
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
        if (r.status == 429) {
            const int after = r.header("x-ms-retry-after-ms").toInt();
            r.error.message = QStringLiteral("Request rate is too large; gave up after %1 retries "
                                             "(the service asked to wait %2 s more). %3")
                                  .arg(r.retries)
                                  .arg(after / 1000.0, 0, 'f', 1)
                                  .arg(r.error.message);
        }
        finish(r);
        return;
    }
    if (!m_request.expectJson || r.body.isEmpty() || r.status == 204) {
        finish(r);
        return;
    }
    const QByteArray contentType = r.header("content-type").toLower();
    if (!contentType.isEmpty() && !contentType.contains("json")) {
        r.error = r.damaged(QStringLiteral("expected JSON, got %1")
                                 .arg(QString::fromLatin1(contentType.left(80))), host);
        finish(r);
        return;
    }
    // The body is parsed off this thread when large; a body that is not JSON is damaged.
    const auto parse = [host](CosmosResponse &response) {
        QJsonParseError error;
        response.json = QJsonDocument::fromJson(response.body, &error);
        if (error.error == QJsonParseError::NoError)
            return;
        // A script's result may be a bare value, which QJsonDocument does not hold.
        const JsonText::ParseError e = JsonText::check(response.body);
        if (e.isError()) {
            response.error = response.damaged(QStringLiteral("the body is not valid JSON (%1)")
                                                  .arg(e.describe(response.body)),
                                              host);
        }
    };
    if (r.body.size() < OffThreadParseBytes) {
        parse(r);
        finish(r);
        return;
    }
    // Large bodies are parsed on a worker thread. The result is posted to a receiver that
    // outlives the worker (shared ownership, deleted later in this thread); `self` is only
    // dereferenced back in this thread, where the request may meanwhile have been deleted.
    QPointer<PendingRequest> self(this);
    std::shared_ptr<QObject> receiver(new QObject, [](QObject *o) { o->deleteLater(); });
    QThreadPool::globalInstance()->start([self, receiver, r, parse]() mutable {
        parse(r);
        QMetaObject::invokeMethod(
            receiver.get(), [self, r] { if (self) self->finish(r); }, Qt::QueuedConnection);
    });
}

void PendingRequest::finish(CosmosResponse response)
{
    if (m_done)
        return;
    m_done = true;
    if (m_deadline)
        m_deadline->stop();
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

QNetworkReply *CosmosClient::startReply(const CosmosRequest &request, qint64 remainingMs)
{
    QUrl url = m_info.endpoint;
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
    if (request.idempotent)
        return m_network->sendCustomRequest(nr, request.verb, request.body);
    // A write, even without a body (DELETE): never resent silently.
    nr.setHeader(QNetworkRequest::ContentLengthHeader, request.body.size());
    nr.setAttribute(QNetworkRequest::DoNotBufferUploadDataAttribute, true); // else Qt copies it
    auto body = new OneShotBody(request.body, nullptr);
    QNetworkReply *reply = m_network->sendCustomRequest(nr, request.verb, body);
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

ChangeFeedReader *CosmosClient::changeFeed(const ResourcePath &container,
                                           const ChangeFeedOptions &options, QObject *parent)
{
    return new ChangeFeedReader(this, container, options, parent);
}

} // namespace Cosmos

// PendingRequest: one request with its retries, response checks, deadline and size cap.
#include "cosmosclient.h"

#include "arm/controlplane.h"
#include "entra/dataplanetokens.h"
#include "jsontext.h"
#include "logging.h"

#include <QHostAddress>
#include <QJsonDocument>
#include <algorithm>
#include <QNetworkReply>
#include <QThreadPool>
#include <QTimer>

namespace Cosmos {

constexpr qsizetype OffThreadParseBytes = 64 * 1024;

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
    if (m_client->needsDiscovery(m_request)) {
        m_client->whenDiscovered(this, [this] { start(); });
        return;
    }
    if (m_client->m_tokens && m_aadHeader.isEmpty()) {
        // Entra: wait for a token without blocking. A sign-in may take the user a while, so
        // the request's deadline starts once the token is there.
        if (m_deadline)
            m_deadline->stop();
        QPointer<PendingRequest> self(this);
        m_client->m_tokens->authorization(this, [self](const QByteArray &header,
                                                       const QByteArray &token,
                                                       const CosmosError &error) {
            if (!self || self->m_done)
                return;
            if (error.isError()) {
                CosmosResponse r;
                r.error = error;
                return self->finish(r);
            }
            self->m_aadHeader = header;
            self->m_aadToken = token;
            if (self->m_deadline && !self->m_deadline->isActive()) {
                self->m_timer.restart();
                self->m_deadline->start(self->m_client ? self->m_client->requestDeadline() : 1000);
            }
            self->startAttempt();
        });
        return;
    }
    startAttempt();
}

void PendingRequest::startAttempt()
{
    if (m_done || !m_client)
        return;
    m_sslErrors.clear();
    m_abortReason = {};
    m_attemptTimer.start();
    m_endpoint = m_client->endpointFor(m_request, m_failedEndpoints);
    m_reply = m_client->startReply(m_request, m_endpoint,
                                   qMax<qint64>(1000, m_client->requestDeadline() - m_timer.elapsed()),
                                   m_aadHeader);
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

// A read whose region refused the connection or answered 503 goes to the next region at once,
// as the SDKs fail over; the region is skipped by later requests for a while.
bool PendingRequest::failOverRead()
{
    if (!m_request.idempotent || m_request.endpoint.isValid())
        return false;
    m_failedEndpoints << m_endpoint;
    m_client->m_locations.markUnavailable(m_endpoint);
    const QList<QUrl> reads = m_client->m_locations.readEndpoints();
    if (std::all_of(reads.cbegin(), reads.cend(),
                    [this](const QUrl &u) { return m_failedEndpoints.contains(u); }))
        return false;
    qCDebug(lcNetwork).noquote() << "read fails over from" << m_endpoint.toString();
    QTimer::singleShot(0, this, [this] { start(); });
    return true;
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
    emit m_client->requestRecorded(
        RequestRecord::fromReply(m_request, reply, m_attempt - 1, m_attemptTimer.elapsed()));
    const QString host = hostOf(reply->url());
    const QNetworkReply::NetworkError netError = reply->error();

    CosmosResponse r;
    r.outcomeUnknown = m_outcomeUnknown;
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.region = m_client->m_locations.regionOf(m_endpoint);
    qCDebug(lcNetwork).noquote()
        << "attempt" << m_attempt << m_request.verb << m_request.path.urlPath() << "status"
        << r.status << (netError == QNetworkReply::NoError ? QString() : reply->errorString());
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
        if (netError != QNetworkReply::SslHandshakeFailedError && failOverRead())
            return;
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
        if (r.status == 503 && failOverRead())
            return;
        if (retryTransport(r, r.status == 408))
            return;
    }
    if (retryDelayMs >= 0) {
        m_waitedMs += retryDelayMs;
        QTimer::singleShot(retryDelayMs, this, [this] { start(); });
        return;
    }
    r.retries = m_attempt - 1;

    if (r.status == 403 && r.header("x-ms-substatus").toInt() == 3 && !m_request.idempotent
        && !m_request.endpoint.isValid() && m_writeFailovers < 2) {
        // WriteForbidden: the write region moved. Nothing was written; read the account
        // again and send the write to the new write region.
        ++m_writeFailovers;
        m_client->refreshAccount(this, [this](const CosmosError &) { start(); });
        return;
    }
    if (r.status == 401 && m_client->m_tokens && !m_tokenRenewed) {
        // Entra: the token expired (or was revoked) in flight; obtain a new one, once.
        m_tokenRenewed = true;
        m_client->m_tokens->rejected(m_aadToken);
        m_aadHeader.clear();
        start();
        return;
    }
    if (r.status >= 400) {
        r.error = CosmosError::fromServiceResponse(r.status, r.header("x-ms-substatus").toInt(),
                                                   r.body);
        if (m_client->m_tokens && r.error.status == 403
            && (r.error.subStatus == 5301 || r.error.subStatus == 5300)) {
            // Explained with the account's name and resource group, looked up in ARM once.
            const QString host = m_client->connection().endpoint.host();
            const QString name = QHostAddress(host).isNull() ? host.section(QLatin1Char('.'), 0, 0)
                                                             : QString();
            Arm::ControlPlane *cp = m_client->m_controlPlane;
            QPointer<PendingRequest> self(this);
            cp->accountId(this, [self, r, name](const QString &id, const CosmosError &) {
                if (!self)
                    return;
                CosmosResponse explained = r;
                explained.error = CosmosError::explainEntraRefusal(r.error, name, id);
                self->finish(explained);
            });
            return;
        }
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
    // Large bodies are parsed on a worker thread. The result is posted to a receiver in this
    // thread; `self` is only dereferenced back here, where the request may meanwhile have been
    // deleted. The posted call itself holds the receiver: were the worker's reference the last,
    // its deleteLater() could be delivered first (sendPostedEvents(DeferredDelete), as
    // QTest::qWait does) and drop the call, and the request would never finish.
    QPointer<PendingRequest> self(this);
    std::shared_ptr<QObject> receiver(new QObject, [](QObject *o) { o->deleteLater(); });
    QThreadPool::globalInstance()->start([self, receiver, r, parse]() mutable {
        parse(r);
        QObject *target = receiver.get();
        QMetaObject::invokeMethod(
            target,
            [self, r, receiver = std::move(receiver)] {
                if (self)
                    self->finish(r);
            },
            Qt::QueuedConnection);
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
    if (m_client) // a group's requests are logged themselves
        qCDebug(lcNetwork).noquote() << m_request.verb << m_request.path.urlPath() << "status"
                                 << response.status << QStringLiteral("%1 RU %2 ms")
                                        .arg(response.requestCharge).arg(response.elapsedMs)
                                 << response.error.message;
    ResponseCallback cb = std::move(m_callback);
    deleteLater();
    if (cb)
        cb(response);
}

} // namespace Cosmos

#include "armclient.h"

#include "logging.h"
#include "tokencredential.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QUrlQuery>

namespace Cosmos::Arm {

void ArmOperation::cancel()
{
    ArmResponse r;
    r.error.kind = CosmosError::Kind::Cancelled;
    r.error.message = QStringLiteral("Stopped waiting for the Azure operation; it may still "
                                     "complete in Azure.");
    finish(r);
}

void ArmOperation::finish(const ArmResponse &response)
{
    if (m_done)
        return;
    m_done = true;
    emit finished(response);
    deleteLater();
}

CosmosError armError(int status, const QJsonObject &body)
{
    CosmosError e;
    e.kind = CosmosError::Kind::Service;
    e.status = status;
    QJsonObject error = body.value(QStringLiteral("error")).toObject();
    if (error.isEmpty())
        error = body;
    e.code = error.value(QStringLiteral("code")).toString();
    const QString message = error.value(QStringLiteral("message")).toString();
    if (e.code == QLatin1String("AuthorizationFailed")) {
        e.message = QStringLiteral("Azure Resource Manager refused the change: your identity "
                                   "needs a role that allows it on the account (for example "
                                   "\"DocumentDB Account Contributor\" or Contributor). %1")
                        .arg(message);
    } else if (e.code.startsWith(QLatin1String("InvalidAuthenticationToken"))
               || e.code == QLatin1String("ExpiredAuthenticationToken")
               || e.code == QLatin1String("AuthenticationFailed")) {
        e.message = QStringLiteral("Azure Resource Manager did not accept the sign-in (%1): %2")
                        .arg(e.code, message);
    } else {
        e.message = message.isEmpty()
                        ? QStringLiteral("Azure Resource Manager answered HTTP %1.").arg(status)
                        : message;
    }
    return e;
}

ArmClient::ArmClient(Entra::TokenCredential *credential, QObject *parent)
    : QObject(parent)
    , m_credential(credential)
    , m_network(new QNetworkAccessManager(this))
    , m_ssl(std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration()))
{
    m_network->setAutoDeleteReplies(true);
    if (credential && !credential->cloud().caCertificateFile.isEmpty()) {
        for (const QSslCertificate &c :
             QSslCertificate::fromPath(credential->cloud().caCertificateFile))
            m_ssl->addCaCertificate(c);
    }
}

ArmClient::~ArmClient() = default;

Entra::TokenCredential *ArmClient::credential() const
{
    return m_credential.data();
}

QUrl ArmClient::endpoint() const
{
    return m_credential ? m_credential->cloud().armEndpoint : QUrl();
}

QUrl ArmClient::urlFor(const QString &pathOrUrl, const QString &apiVersion) const
{
    QUrl url;
    if (pathOrUrl.startsWith(QLatin1String("https://"))
        || pathOrUrl.startsWith(QLatin1String("http://"))) {
        url = QUrl(pathOrUrl);
    } else {
        url = endpoint();
        QString base = url.path();
        while (base.endsWith(QLatin1Char('/')))
            base.chop(1);
        const int q = pathOrUrl.indexOf(QLatin1Char('?'));
        url.setPath(base + (q < 0 ? pathOrUrl : pathOrUrl.left(q)));
        if (q >= 0)
            url.setQuery(pathOrUrl.mid(q + 1));
    }
    QUrlQuery query(url);
    if (!query.hasQueryItem(QStringLiteral("api-version")) && !apiVersion.isEmpty()) {
        query.addQueryItem(QStringLiteral("api-version"), apiVersion);
        url.setQuery(query);
    }
    return url;
}

void ArmClient::request(const QByteArray &verb,
                        const QString &pathOrUrl,
                        const QJsonObject &body,
                        const QString &apiVersion,
                        QObject *context,
                        ArmCallback callback)
{
    send(verb, urlFor(pathOrUrl, apiVersion), body, context, false, std::move(callback));
}

// The request log's record of one ARM attempt: the path without its query (api-version,
// skip tokens), the ARM request id as the activity id.
static RequestRecord recordOf(const QByteArray &verb, const QUrl &url, QNetworkReply *reply,
                              qint64 requestBytes, qint64 responseBytes, int retry,
                              qint64 durationMs)
{
    RequestRecord r;
    r.time = QDateTime::currentDateTimeUtc();
    r.account = url.host() + QLatin1Char(':')
                + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
    r.method = QString::fromLatin1(verb);
    r.operation = QStringLiteral("ARM ")
                  + (verb == "GET"      ? QStringLiteral("Read")
                     : verb == "DELETE" ? QStringLiteral("Delete")
                     : verb == "POST"   ? QStringLiteral("Action")
                                        : QStringLiteral("Write"));
    r.resourcePath = url.path();
    if (r.resourcePath.startsWith(QLatin1Char('/')))
        r.resourcePath.remove(0, 1);
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.durationMs = durationMs;
    r.requestBytes = requestBytes;
    r.responseBytes = responseBytes;
    r.retry = retry;
    r.activityId = QString::fromLatin1(reply->rawHeader("x-ms-request-id"));
    r.region = url.host();
    if (r.status == 0)
        r.error = reply->errorString();
    return r;
}

void ArmClient::send(const QByteArray &verb,
                     const QUrl &url,
                     const QJsonObject &body,
                     QObject *context,
                     bool retried,
                     ArmCallback callback)
{
    if (!m_credential) {
        ArmResponse r;
        r.error = CosmosError::invalidInput(QStringLiteral("Not signed in to Microsoft Entra ID."));
        return callback(r);
    }
    const QString scope = m_credential->cloud().armScope();
    QPointer<ArmClient> self(this);
    QPointer<QObject> guard(context ? context : this);
    m_credential->getToken(
        {scope},
        context ? context : this,
        [=](const Entra::AccessToken &token, const CosmosError &tokenError) {
            if (!self || !guard)
                return;
            if (tokenError.isError()) {
                ArmResponse r;
                r.error = tokenError;
                return callback(r);
            }
            QNetworkRequest nr(url);
            nr.setTransferTimeout(60000);
            nr.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                            QNetworkRequest::ManualRedirectPolicy);
            if (url.scheme() == QLatin1String("https"))
                nr.setSslConfiguration(*m_ssl);
            nr.setRawHeader("authorization", "Bearer " + token.token);
            nr.setRawHeader("Accept", "application/json");
            nr.setRawHeader("User-Agent", "Cosmoscope/0.1 Qt");
            QByteArray data;
            if (verb == "PUT" || verb == "POST" || verb == "PATCH") {
                nr.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
                data = body.isEmpty() && verb == "POST"
                           ? QByteArray()
                           : QJsonDocument(body).toJson(QJsonDocument::Compact);
            }
            QNetworkReply *reply = m_network->sendCustomRequest(nr, verb, data);
            QElapsedTimer timer;
            timer.start();
            connect(reply, &QNetworkReply::finished, guard.data(), [=] {
                reply->deleteLater();
                ArmResponse r;
                r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                for (const auto &pair : reply->rawHeaderPairs())
                    r.headers.insert(pair.first.toLower(), pair.second);
                const QByteArray text = reply->readAll();
                QJsonParseError parse;
                const QJsonDocument doc = QJsonDocument::fromJson(text, &parse);
                r.json = doc.object();
                qCDebug(lcNetwork).noquote() << "ARM" << verb << url.path() << "status" << r.status;
                if (self)
                    emit self->requestRecorded(recordOf(verb, url, reply, data.size(),
                                                        text.size(), retried ? 1 : 0,
                                                        timer.elapsed()));
                const bool damaged = r.status >= 200 && r.status < 300
                                     && (reply->error() != QNetworkReply::NoError
                                         || (!text.trimmed().isEmpty()
                                             && (parse.error != QJsonParseError::NoError
                                                 || !doc.isObject())));
                if (damaged) {
                    r.error.kind = CosmosError::Kind::Damaged;
                    r.error.status = r.status;
                    r.error.message
                        = QStringLiteral("Azure Resource Manager at %1 sent an incomplete or "
                                         "damaged answer (%2); nothing was assumed from it.")
                              .arg(url.host(),
                                   reply->error() != QNetworkReply::NoError
                                       ? reply->errorString()
                                       : parse.errorString());
                    return callback(r);
                }
                if (r.status == 0) {
                    r.error.kind = reply->error() == QNetworkReply::SslHandshakeFailedError
                                       ? CosmosError::Kind::Tls
                                       : CosmosError::Kind::Connection;
                    r.error.message
                        = QStringLiteral("Could not reach Azure Resource Manager at %1: %2")
                              .arg(url.host(), reply->errorString());
                    return callback(r);
                }
                if (r.status == 401 && !retried && self && self->m_credential) {
                    self->m_credential->invalidate({scope}, token.token);
                    return self->send(verb, url, body, guard, true, callback);
                }
                if (r.status >= 400)
                    r.error = armError(r.status, r.json);
                callback(r);
            });
        });
}

void ArmClient::listAll(const QString &path,
                        const QString &apiVersion,
                        QObject *context,
                        std::function<void(const QJsonArray &, const CosmosError &)> callback)
{
    auto all = std::make_shared<QJsonArray>();
    auto next = std::make_shared<std::function<void(const QString &)>>();
    QPointer<ArmClient> self(this);
    *next = [=](const QString &url) {
        if (!self)
            return;
        self->request("GET", url, {}, apiVersion, context, [=](const ArmResponse &r) {
            if (!r.ok()) {
                callback(*all, r.error);
                *next = nullptr; // break the cycle
                return;
            }
            for (const QJsonValue &v : r.json.value(QStringLiteral("value")).toArray())
                all->append(v);
            const QString link = r.json.value(QStringLiteral("nextLink")).toString();
            if (!link.isEmpty()) {
                auto keep = next;
                return (*keep)(link);
            }
            callback(*all, {});
            *next = nullptr;
        });
    };
    (*next)(path);
}

int ArmClient::retryAfterMs(const ArmResponse &r) const
{
    bool ok = false;
    const int seconds = r.headers.value("retry-after").toInt(&ok);
    return ok ? qMax(0, seconds) * 1000 : m_defaultPollMs;
}

ArmOperation *ArmClient::begin(const QByteArray &verb,
                               const QString &path,
                               const QJsonObject &body,
                               const QString &apiVersion,
                               QObject *context)
{
    auto op = new ArmOperation(context ? context : this);
    QPointer<ArmOperation> guard(op);
    request(verb, path, body, apiVersion, op, [=](const ArmResponse &r) {
        if (!guard)
            return;
        if (!r.ok() || (r.status != 201 && r.status != 202))
            return op->finish(r); // done at once (200, 204) or refused
        const QUrl async(QString::fromUtf8(r.headers.value("azure-asyncoperation")));
        const QUrl location(QString::fromUtf8(r.headers.value("location")));
        if (async.isEmpty() && location.isEmpty())
            return op->finish(r);
        op->m_status = QStringLiteral("Accepted");
        emit op->progress(op->m_status);
        QTimer::singleShot(
            retryAfterMs(r), op, [=] { poll(op, verb, path, apiVersion, async, location); });
    });
    return op;
}

void ArmClient::poll(ArmOperation *op,
                     const QByteArray &verb,
                     const QString &resourcePath,
                     const QString &apiVersion,
                     const QUrl &asyncUrl,
                     const QUrl &locationUrl)
{
    QPointer<ArmOperation> guard(op);
    const bool viaAsync = !asyncUrl.isEmpty();
    request("GET",
            (viaAsync ? asyncUrl : locationUrl).toString(),
            {},
            QString(),
            op,
            [=](const ArmResponse &r) {
                if (!guard)
                    return;
                if (!r.ok())
                    return op->finish(r);
                const auto again = [=] {
                    QTimer::singleShot(retryAfterMs(r), op, [=] {
                        poll(op, verb, resourcePath, apiVersion, asyncUrl, locationUrl);
                    });
                };
                if (!viaAsync) { // Location: 202 while running, then the result
                    if (r.status == 202) {
                        op->m_status = QStringLiteral("InProgress");
                        emit op->progress(op->m_status);
                        return again();
                    }
                    return op->finish(r);
                }
                const QString status = r.json.value(QStringLiteral("status")).toString();
                if (status.compare(QLatin1String("Succeeded"), Qt::CaseInsensitive) == 0) {
                    op->m_status = status;
                    if (verb == "DELETE")
                        return op->finish(r);
                    if (verb == "POST" && !locationUrl.isEmpty()) {
                        return request("GET",
                                       locationUrl.toString(),
                                       {},
                                       QString(),
                                       op,
                                       [=](const ArmResponse &result) {
                                           if (guard)
                                               op->finish(result);
                                       });
                    }
                    // PUT/PATCH: the final state is the resource itself.
                    return request(
                        "GET", resourcePath, {}, apiVersion, op, [=](const ArmResponse &result) {
                            if (guard)
                                op->finish(result);
                        });
                }
                if (status.compare(QLatin1String("Failed"), Qt::CaseInsensitive) == 0
                    || status.compare(QLatin1String("Canceled"), Qt::CaseInsensitive) == 0) {
                    ArmResponse failed = r;
                    const QJsonObject error = r.json.value(QStringLiteral("error")).toObject();
                    failed.error = armError(400, QJsonObject{{QStringLiteral("error"), error}});
                    if (failed.error.message.isEmpty())
                        failed.error.message
                            = QStringLiteral("The Azure operation %1.").arg(status.toLower());
                    return op->finish(failed);
                }
                if (!status.isEmpty() && status != op->m_status) {
                    op->m_status = status;
                    emit op->progress(status);
                }
                again();
            });
}

} // namespace Cosmos::Arm

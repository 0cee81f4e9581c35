#include "tokencredential.h"

#include "jwt.h"

#include <QJsonDocument>
#include <QTimeZone>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>
#include <QUrlQuery>

namespace Cosmos::Entra {

bool AccessToken::isFresh(const QDateTime &now) const
{
    if (token.isEmpty() || !expiresOn.isValid())
        return false;
    qint64 margin = 300;
    if (obtainedOn.isValid())
        margin = qMin<qint64>(margin, obtainedOn.secsTo(expiresOn) / 2);
    return now.secsTo(expiresOn) > margin;
}

void AccessToken::readClaims()
{
    const QJsonObject claims = jwtClaims(token);
    if (claims.isEmpty())
        return;
    tenantId = claims.value(QStringLiteral("tid")).toString(tenantId);
    objectId = claims.value(QStringLiteral("oid")).toString(objectId);
    QString name = claims.value(QStringLiteral("preferred_username")).toString();
    if (name.isEmpty())
        name = claims.value(QStringLiteral("upn")).toString();
    if (name.isEmpty())
        name = claims.value(QStringLiteral("appid")).toString();
    if (!name.isEmpty())
        username = name;
    if (!expiresOn.isValid() && claims.contains(QStringLiteral("exp")))
        expiresOn = QDateTime::fromSecsSinceEpoch(
            qint64(claims.value(QStringLiteral("exp")).toDouble()), Qt::UTC);
}

struct TokenCredential::Waiters
{
    QList<QPointer<PendingToken>> pending;
};

TokenCredential::TokenCredential(const CloudSettings &cloud, QObject *parent)
    : QObject(parent)
    , m_cloud(cloud)
{
}

TokenCredential::~TokenCredential() = default;

static QString scopeKey(const QStringList &scopes)
{
    QStringList sorted = scopes;
    sorted.sort();
    return sorted.join(QLatin1Char(' '));
}

PendingToken *TokenCredential::getToken(const QStringList &scopes, QObject *context)
{
    auto pending = new PendingToken(context ? context : this);
    const QString key = scopeKey(scopes);
    const AccessToken cached = m_cache.value(key);
    if (cached.isFresh(QDateTime::currentDateTimeUtc())) {
        QPointer<PendingToken> p(pending);
        QTimer::singleShot(0, pending, [p, cached] {
            emit p->finished(cached);
            p->deleteLater();
        });
        return pending;
    }
    if (auto waiters = m_inFlight.value(key)) {
        waiters->pending.append(pending);
        return pending;
    }
    auto waiters = std::make_shared<Waiters>();
    waiters->pending.append(pending);
    m_inFlight.insert(key, waiters);
    QPointer<TokenCredential> self(this);
    acquire(scopes, [self, key, waiters](const AccessToken &token, const CosmosError &error) {
        if (!self)
            return;
        if (self->m_inFlight.value(key) == waiters)
            self->m_inFlight.remove(key);
        if (!error.isError()) {
            self->m_cache.insert(key, token);
            self->m_lastToken = token;
            emit self->tokenObtained(token);
        }
        // Answered later even when acquire() answered at once: callers connect after getToken().
        QTimer::singleShot(0, self, [waiters, token, error] {
            for (const QPointer<PendingToken> &p : std::as_const(waiters->pending)) {
                if (!p)
                    continue;
                if (error.isError())
                    emit p->failed(error);
                else
                    emit p->finished(token);
                p->deleteLater();
            }
        });
    });
    return pending;
}

void TokenCredential::getToken(const QStringList &scopes, QObject *context, TokenCallback callback)
{
    PendingToken *p = getToken(scopes, context);
    connect(p, &PendingToken::finished, p, [callback](const AccessToken &t) { callback(t, {}); });
    connect(p, &PendingToken::failed, p, [callback](const CosmosError &e) { callback({}, e); });
}

void TokenCredential::invalidate(const QStringList &scopes, const QByteArray &rejected)
{
    const QString key = scopeKey(scopes);
    if (m_cache.value(key).token == rejected)
        m_cache.remove(key);
}

void TokenCredential::signOut()
{
    m_cache.clear();
    m_lastToken = {};
}

QNetworkAccessManager *TokenCredential::network()
{
    if (!m_network) {
        m_network = new QNetworkAccessManager(this);
        m_network->setAutoDeleteReplies(true);
    }
    return m_network;
}

const QSslConfiguration &TokenCredential::ssl()
{
    if (!m_ssl) {
        m_ssl = std::make_unique<QSslConfiguration>(QSslConfiguration::defaultConfiguration());
        if (!m_cloud.caCertificateFile.isEmpty()) {
            for (const QSslCertificate &c : QSslCertificate::fromPath(m_cloud.caCertificateFile))
                m_ssl->addCaCertificate(c);
        }
    }
    return *m_ssl;
}

CosmosError identityError(int status, const QJsonObject &answer, const QString &what)
{
    CosmosError e;
    e.kind = CosmosError::Kind::Service;
    e.status = status;
    e.code = answer.value(QStringLiteral("error")).toString();
    QString description = answer.value(QStringLiteral("error_description")).toString();
    // "AADSTS7000215: Invalid client secret provided. … Trace ID: … Correlation ID: …"
    const int trace = description.indexOf(QStringLiteral(" Trace ID:"));
    if (trace > 0)
        description = description.left(trace);
    e.message = QStringLiteral("%1 failed (%2): %3")
                    .arg(what,
                         e.code.isEmpty() ? QString::number(status) : e.code,
                         description.trimmed());
    return e;
}

void TokenCredential::postForm(const QUrl &url,
                               const QList<QPair<QString, QString>> &form,
                               std::function<void(const QJsonObject &, const CosmosError &)> done)
{
    QNetworkRequest request(url);
    request.setTransferTimeout(30000);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArray("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    if (url.scheme() == QLatin1String("https"))
        request.setSslConfiguration(ssl());
    QUrlQuery query;
    for (const auto &field : form)
        query.addQueryItem(field.first, QString::fromLatin1(QUrl::toPercentEncoding(field.second)));
    QNetworkReply *reply = network()->post(request, query.query(QUrl::FullyEncoded).toLatin1());
    connect(reply, &QNetworkReply::finished, this, [reply, url, done] {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        if (status == 0) {
            CosmosError e;
            e.kind = reply->error() == QNetworkReply::SslHandshakeFailedError
                         ? CosmosError::Kind::Tls
                         : CosmosError::Kind::Connection;
            e.message = QStringLiteral("Could not reach the sign-in service %1: %2")
                            .arg(url.host(), reply->errorString());
            return done({}, e);
        }
        if (status >= 400 || answer.isEmpty())
            return done(answer, identityError(status, answer, QStringLiteral("Sign-in")));
        done(answer, {});
    });
}

AccessToken TokenCredential::tokenFromAnswer(const QJsonObject &answer)
{
    AccessToken t;
    t.token = answer.value(QStringLiteral("access_token")).toString().toUtf8();
    t.obtainedOn = QDateTime::currentDateTimeUtc();
    const int expiresIn = answer.value(QStringLiteral("expires_in")).toVariant().toInt();
    if (expiresIn > 0)
        t.expiresOn = t.obtainedOn.addSecs(expiresIn);
    t.readClaims();
    return t;
}

} // namespace Cosmos::Entra

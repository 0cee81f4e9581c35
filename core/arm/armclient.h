#pragma once

#include "cosmoserror.h"
#include "requestrecord.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
class QSslConfiguration;
QT_END_NAMESPACE

namespace Cosmos::Entra {
class TokenCredential;
}

namespace Cosmos::Arm {

/// Microsoft.DocumentDB's api-version used for every Cosmos DB resource.
inline QString documentDbApiVersion()
{
    return QStringLiteral("2024-11-15");
}
/// Subscriptions and tenants.
inline QString resourcesApiVersion()
{
    return QStringLiteral("2022-12-01");
}

/// One answer of Azure Resource Manager.
struct ArmResponse
{
    int status = 0;
    QJsonObject json;
    CosmosError error; ///< {error:{code,message}} in the user's terms, or a transport error
    QHash<QByteArray, QByteArray> headers; ///< lower-case names
    bool ok() const { return !error.isError(); }
};
using ArmCallback = std::function<void(const ArmResponse &)>;

/// A write followed to its end: Azure-AsyncOperation (or Location) is polled, honouring
/// Retry-After, until Succeeded / Failed / Canceled. Owned by the context given to begin();
/// deleting it or cancel() stops waiting (the operation itself may still complete in Azure).
class ArmOperation : public QObject
{
    Q_OBJECT
public:
    void cancel();
    QString status() const { return m_status; }

Q_SIGNALS:
    /// "Accepted", "Enqueued", "InProgress" … while the operation runs.
    void progress(const QString &status);
    void finished(const Cosmos::Arm::ArmResponse &response);

private:
    friend class ArmClient;
    explicit ArmOperation(QObject *parent)
        : QObject(parent)
    {
    }
    void finish(const ArmResponse &response);
    QString m_status;
    bool m_done = false;
};

/// Azure Resource Manager with bearer tokens for its audience: api-version, nextLink paging,
/// long-running operations, errors in the user's terms. A 401 with a token that expired is
/// answered by obtaining a new token once.
class ArmClient : public QObject
{
    Q_OBJECT
public:
    /// `credential` must outlive the client (or be owned by it).
    explicit ArmClient(Entra::TokenCredential *credential, QObject *parent = nullptr);
    ~ArmClient() override;

    Entra::TokenCredential *credential() const;
    QUrl endpoint() const;
    /// Default wait between polls when an answer has no Retry-After, in ms (default 2000).
    void setDefaultPollInterval(int ms) { m_defaultPollMs = ms; }

    /// One request to `pathOrUrl` (a path under the endpoint, or a full nextLink / polling
    /// URL); api-version is added when missing. `context` drops the callback when deleted.
    void request(const QByteArray &verb,
                 const QString &pathOrUrl,
                 const QJsonObject &body,
                 const QString &apiVersion,
                 QObject *context,
                 ArmCallback callback);
    /// Every `value` of a list, following nextLink.
    void listAll(const QString &path,
                 const QString &apiVersion,
                 QObject *context,
                 std::function<void(const QJsonArray &, const CosmosError &)> callback);
    /// A write that may be long-running; the operation's finished() carries the final resource
    /// (PUT/PATCH: read again; POST: the operation's result; DELETE: empty).
    ArmOperation *begin(const QByteArray &verb,
                        const QString &path,
                        const QJsonObject &body,
                        const QString &apiVersion,
                        QObject *context);

Q_SIGNALS:
    /// One HTTP attempt to ARM, for the request log (the same record as the data plane's:
    /// method, path, status, duration, bytes, request id; never a header or token).
    void requestRecorded(const Cosmos::RequestRecord &record);

private:
    void send(const QByteArray &verb,
              const QUrl &url,
              const QJsonObject &body,
              QObject *context,
              bool retried,
              ArmCallback callback);
    void poll(ArmOperation *op,
              const QByteArray &verb,
              const QString &resourcePath,
              const QString &apiVersion,
              const QUrl &asyncUrl,
              const QUrl &locationUrl);
    QUrl urlFor(const QString &pathOrUrl, const QString &apiVersion) const;
    int retryAfterMs(const ArmResponse &r) const;

    QPointer<Entra::TokenCredential> m_credential;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<QSslConfiguration> m_ssl;
    int m_defaultPollMs = 2000;
};

/// ARM's error body in the user's terms.
CosmosError armError(int status, const QJsonObject &body);

} // namespace Cosmos::Arm

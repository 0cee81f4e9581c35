#pragma once

#include "connectioninfo.h"
#include "cosmosrequest.h"
#include "requestrecord.h"
#include "routing/locationcache.h"

#include <QElapsedTimer>
#include <QHash>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QNetworkReply;
class QSslConfiguration;
QT_END_NAMESPACE

namespace Cosmos {

namespace Entra {
class DataPlaneTokens;
}
namespace Arm {
class ArmClient;
class ControlPlane;
}

class CosmosClient;
class Pager;
class ChangeFeedReader;
struct ChangeFeedOptions;

using ResponseCallback = std::function<void(const CosmosResponse &)>;

/// A query: SQL text and @parameters (name → JSON value).
struct QuerySpec
{
    QString query;
    QList<QPair<QString, QJsonValue>> parameters;
    QJsonObject toJson() const;
};

/// One request in flight, with its retries. Owned by the context object given to
/// CosmosClient::send(): deleting the context aborts the request and drops its callback.
class PendingRequest : public QObject
{
    Q_OBJECT
public:
    ~PendingRequest() override;
    /// Aborts; the callback is called once with a Cancelled error.
    void cancel();

    /// A request that sends nothing itself, for an operation made of several requests (a
    /// cross-partition query): give it as the context of those requests, so that cancel() or
    /// deleting it aborts them all. `context` owns it; complete() answers it.
    static PendingRequest *group(QObject *context, ResponseCallback callback);
    /// Answers a group request once (ignored after cancel()).
    void complete(const CosmosResponse &response) { finish(response); }

private:
    friend class CosmosClient;
    PendingRequest(CosmosClient *client, CosmosRequest request, ResponseCallback callback,
                   QObject *context);
    void start();
    void startAttempt();
    void onFinished();
    void onDeadline();
    bool checkSize(QNetworkReply *reply);
    void abortReply();
    bool retryTransport(CosmosResponse &r, bool ambiguous);
    bool failOverRead();
    void finish(CosmosResponse response);

    QPointer<CosmosClient> m_client;
    QElapsedTimer m_attemptTimer; ///< this attempt's round trip, for the request log
    CosmosRequest m_request;
    ResponseCallback m_callback;
    QPointer<QNetworkReply> m_reply; ///< the QNAM can delete it first (client destroyed)
    QUrl m_endpoint;                 ///< where this attempt went (region routing)
    QList<QUrl> m_failedEndpoints;   ///< regions this read left (refused, 503)
    int m_writeFailovers = 0;        ///< writes retried after 403/3 at the new write region
    QElapsedTimer m_timer;
    QTimer *m_deadline = nullptr;
    QStringList m_sslErrors;
    CosmosError m_abortReason; ///< why this side aborted the reply (size cap, deadline)
    double m_charge = 0;
    int m_attempt = 0;
    int m_transportRetries = 0;
    qint64 m_waitedMs = 0;
    bool m_outcomeUnknown = false;
    bool m_done = false;
    QByteArray m_aadHeader; ///< Entra: this request's authorization, obtained before sending
    QByteArray m_aadToken;
    bool m_tokenRenewed = false; ///< Entra: a 401 was answered with a new token once
};

/// Retry limits, as the SDKs set them by default.
struct RetryPolicy
{
    int maxThrottleRetries = 9;        ///< 429
    int maxThrottleWaitMs = 30000;     ///< cumulative wait for 429
    int maxRetryWithRetries = 3;       ///< 449
    int maxTransientReadRetries = 2;   ///< 408 / 503 on reads
    /// Connection resets, timeouts, 408 and 503 on requests marked retryWrites (item writes):
    /// an attempt whose answer was lost may have been applied, so its outcome is settled by
    /// the caller (CosmosResponse::outcomeUnknown).
    int maxTransientWriteRetries = 4;
    int backoffBaseMs = 100;           ///< doubles per attempt, capped at 2 s
};

/// The client for one account: signs, sends, retries, keeps session tokens. Never blocks;
/// every result arrives in a callback on the thread that owns the client.
class CosmosClient : public QObject
{
    Q_OBJECT
public:
    explicit CosmosClient(const ConnectionInfo &info, QObject *parent = nullptr);
    ~CosmosClient() override;

    const ConnectionInfo &connection() const { return m_info; }
    /// Problem loading the CA file, or an invalid connection; empty when usable.
    CosmosError setupError() const { return m_setupError; }

    /// Longest silence of one attempt (no bytes), default 30 s.
    void setTransferTimeout(int ms) { m_transferTimeoutMs = ms; }
    int transferTimeout() const { return m_transferTimeoutMs; }
    /// Longest time one request may take across all its attempts and waits, default 70 s:
    /// a silent server is reported within it.
    void setRequestDeadline(int ms) { m_deadlineMs = ms; }
    int requestDeadline() const { return m_deadlineMs; }
    /// Largest response body accepted, default 32 MB (the service's pages are ≤ 4 MB and items
    /// ≤ 2 MB); a larger one is aborted as damaged.
    void setMaxResponseBytes(qint64 bytes) { m_maxResponseBytes = bytes; }
    qint64 maxResponseBytes() const { return m_maxResponseBytes; }
    void setRetryPolicy(const RetryPolicy &p) { m_retryPolicy = p; }
    RetryPolicy retryPolicy() const { return m_retryPolicy; }
    /// Connections the client may keep open to the account, default 6. Qt opens at most 6 per
    /// host and network manager, so more take more managers (the limit is rounded up to a
    /// multiple of 6); requests are spread over them in turn.
    void setConnectionLimit(int connections);
    int connectionLimit() const { return int(m_activeManagers) * ConnectionsPerManager; }

    /// Sends one request. `context` owns the request (nullptr: the client does).
    PendingRequest *send(const CosmosRequest &request, QObject *context, ResponseCallback callback);

    // Resources, by name-based path. Bodies are checked before sending.
    PendingRequest *readAccount(QObject *context, ResponseCallback callback);
    PendingRequest *read(const ResourcePath &path, const RequestOptions &options, QObject *context,
                         ResponseCallback callback);
    PendingRequest *create(const ResourcePath &feed, const QJsonObject &body,
                           const RequestOptions &options, QObject *context, ResponseCallback callback);
    /// create_*_if_not_exists: reads feed's child with body's id and, on 404 only, creates it
    /// (a 409 from a concurrent create is answered by reading again). The response is the
    /// existing or the new resource; status 200 when it existed, 201 when created.
    void createIfNotExists(const ResourcePath &feed, const QJsonObject &body,
                           const RequestOptions &options, QObject *context,
                           ResponseCallback callback);
    /// The same with the body as JSON text, sent as given (key order and number text kept).
    /// Item writes are retried on resets, timeouts, 408 and 503; a 409 (create) or 412
    /// (replace) after an attempt whose answer was lost is settled by reading the item back.
    PendingRequest *create(const ResourcePath &feed, const QByteArray &json,
                           const RequestOptions &options, QObject *context, ResponseCallback callback);
    PendingRequest *upsert(const ResourcePath &feed, const QJsonObject &body,
                           const RequestOptions &options, QObject *context, ResponseCallback callback);
    PendingRequest *replace(const ResourcePath &path, const QJsonObject &body,
                            const RequestOptions &options, QObject *context, ResponseCallback callback);
    PendingRequest *replace(const ResourcePath &path, const QByteArray &json,
                            const RequestOptions &options, QObject *context, ResponseCallback callback);
    /// Deleting an item: a 404 after an attempt whose answer was lost is a success.
    PendingRequest *remove(const ResourcePath &path, const RequestOptions &options, QObject *context,
                           ResponseCallback callback);
    /// POST …/sprocs/{id} with the parameters array; set options.partitionKey.
    PendingRequest *executeStoredProcedure(const ResourcePath &sproc, const QJsonArray &parameters,
                                           const RequestOptions &options, QObject *context,
                                           ResponseCallback callback);

    /// A container's properties, cached after the first read (partition key, _rid …).
    void containerProperties(const ResourcePath &container, QObject *context,
                             std::function<void(const QJsonObject &, const CosmosError &)> callback);
    void forgetContainer(const ResourcePath &container);

    /// Item writes that take the partition key from the item body (read from the cached
    /// container definition). `op` is Create, Upsert or Replace.
    enum class ItemWrite { Create, Upsert, Replace };
    void writeItem(ItemWrite op, const ResourcePath &container, const QJsonObject &item,
                   const RequestOptions &options, QObject *context, ResponseCallback callback);
    /// The item as JSON text, sent as given: a one-field edit changes only that field.
    void writeItem(ItemWrite op, const ResourcePath &container, const QByteArray &itemJson,
                   const RequestOptions &options, QObject *context, ResponseCallback callback);

    /// Pagers: `parent` owns the returned object. Nothing is sent until fetchNext().
    Pager *list(const ResourcePath &feed, const RequestOptions &options, QObject *parent);
    Pager *query(const ResourcePath &feed, const QuerySpec &query, const RequestOptions &options,
                 QObject *parent);
    /// A container's items read range by range, as the SDKs drain a feed: survives partition
    /// splits; the continuation lists the ranges (Routing::RangedFeedSource).
    Pager *listItemsByRange(const ResourcePath &container, const RequestOptions &options,
                            QObject *parent);
    ChangeFeedReader *changeFeed(const ResourcePath &container, const ChangeFeedOptions &options,
                                 QObject *parent);

    /// Entra connections: the ARM route of management requests (nullptr with keys and
    /// resource tokens). Created with the client; its progress() reports long operations.
    Arm::ControlPlane *controlPlane() const { return m_controlPlane; }

    QString sessionToken(const QString &containerLink) const
    {
        return m_sessionTokens.value(containerLink);
    }

    /// The account's regions, as discovered from the account document (readAccount(), the
    /// first request when preferred regions are set, a write that met 403/3).
    const Routing::LocationCache &locations() const { return m_locations; }
    /// Reads the account document again (from the default endpoint, then the other known
    /// ones) and updates the regions; `done` gets the error of the last endpoint tried.
    void refreshAccount(QObject *context, std::function<void(const CosmosError &)> done);

Q_SIGNALS:
    /// The account's regions were read (again).
    void locationsChanged();
    /// One HTTP attempt finished (answered or failed), retries included: for the request log.
    void requestRecorded(const Cosmos::RequestRecord &record);

private:
    friend class PendingRequest;
    QNetworkReply *startReply(const CosmosRequest &request, const QUrl &endpoint,
                              qint64 remainingMs,
                              const QByteArray &aadAuthorization = QByteArray());
    PendingRequest *fail(const CosmosError &error, QObject *context, ResponseCallback callback);
    PendingRequest *sendWrite(const QByteArray &verb, const ResourcePath &path,
                              const QByteArray &json, const RequestOptions &options,
                              QObject *context, ResponseCallback callback);
    void captureSessionToken(const CosmosRequest &request, const QByteArray &token);
    QUrl endpointFor(const CosmosRequest &request, const QList<QUrl> &tried) const;
    void refreshFrom(int index, QObject *context, std::function<void(const CosmosError &)> done);
    bool needsDiscovery(const CosmosRequest &request) const;
    void whenDiscovered(QObject *context, std::function<void()> then);
    ConnectionInfo m_info;
    CosmosError m_setupError;
    static constexpr int ConnectionsPerManager = 6;
    std::vector<QNetworkAccessManager *> m_network;
    size_t m_activeManagers = 0;
    size_t m_nextManager = 0;
    std::unique_ptr<QSslConfiguration> m_ssl;
    int m_transferTimeoutMs = 30000;
    int m_deadlineMs = 70000;
    qint64 m_maxResponseBytes = 32 * 1024 * 1024;
    RetryPolicy m_retryPolicy;
    QHash<QString, QString> m_sessionTokens;
    QHash<QString, QJsonObject> m_containers;
    Routing::LocationCache m_locations;
    bool m_discoveryTried = false;
    bool m_discovering = false;
    QList<QPair<QPointer<QObject>, std::function<void()>>> m_awaitingDiscovery;
    std::shared_ptr<Entra::DataPlaneTokens> m_tokens;
    Arm::ArmClient *m_arm = nullptr;
    Arm::ControlPlane *m_controlPlane = nullptr;
};

} // namespace Cosmos

#pragma once

#include "cosmosrequest.h"

#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <memory>
#include <optional>

namespace Cosmos {

class CosmosClient;
class PendingRequest;

/// One page of a list, query or change feed, with its costs.
struct FeedPage
{
    QJsonArray items;
    /// Each item's JSON text as the server sent it (key order and number text kept), parallel
    /// to `items`; empty when the source produced values only (aggregates).
    QList<QByteArray> rawItems;
    QString continuation;      ///< empty: no more pages
    double requestCharge = 0;
    QString activityId;
    QString region;            ///< the region that answered the (last) request, when known
    qint64 elapsedMs = 0;
    QString queryMetrics;      ///< x-ms-documentdb-query-metrics, when asked for
    QString indexMetrics;      ///< decoded x-ms-cosmos-index-utilization, when asked for
    CosmosError error;
};

using PageCallback = std::function<void(const FeedPage &)>;

/// A stage that produces pages from a continuation. The gateway source sends one request per
/// page; a cross-partition executor (query plan, per-range fan-out and merge) is another
/// source behind the same interface.
class PageSource
{
public:
    virtual ~PageSource() = default;
    /// Fetches the page after `continuation` (empty: the first page). `context` owns the work.
    virtual PendingRequest *fetch(const QString &continuation, QObject *context,
                                  PageCallback callback) = 0;
};

/// Reads a feed response's `key` array (values and raw texts); a damaged-page error when the
/// body is not a feed object with that array, or its `_count` disagrees.
CosmosError readFeedPage(const CosmosResponse &response, const QString &key, QJsonArray *items,
                         QList<QByteArray> *rawItems);

/// Sends the request template with x-ms-continuation and reads the feed key's array.
class GatewayPageSource : public PageSource
{
public:
    GatewayPageSource(CosmosClient *client, CosmosRequest request);
    PendingRequest *fetch(const QString &continuation, QObject *context,
                          PageCallback callback) override;

private:
    QPointer<CosmosClient> m_client;
    CosmosRequest m_request;
};

/// Pages through a feed. Ends only when the service returns no continuation; an empty page
/// with a continuation is not the end. A damaged page fails the drain (what was delivered
/// before stays delivered, and the error says it is partial); so does a continuation that was
/// already used in this drain, which would otherwise repeat pages forever.
class Pager : public QObject
{
    Q_OBJECT
public:
    Pager(std::unique_ptr<PageSource> source, QObject *parent = nullptr);
    ~Pager() override;

    /// Starts from a saved continuation instead of the beginning.
    void setContinuation(const QString &continuation);
    /// For drains: each page's delivery starts the request for the next one, so the network
    /// works while the caller handles the page. At most one page is held ahead. Off by default
    /// (a "Load more" the user may never press would cost RU).
    void setPrefetch(bool prefetch) { m_prefetch = prefetch; }
    /// Requests the next page; ignored while one is awaited or when finished.
    void fetchNext();
    /// Stops waiting for the page asked for, without signalling an error, and aborts its
    /// request; fetchNext() resumes after the last page delivered.
    void cancel();

    bool hasMore() const { return !m_started || !m_continuation.isEmpty(); }
    bool isBusy() const { return m_wanted; }
    /// The continuation after the last page delivered.
    QString continuation() const { return m_continuation; }
    double totalRequestCharge() const { return m_totalCharge; }
    qint64 itemsFetched() const { return m_itemsFetched; }
    int pagesFetched() const { return m_pages; }

Q_SIGNALS:
    void pageReady(const Cosmos::FeedPage &page);
    void failed(const Cosmos::CosmosError &error);
    /// The last page has arrived.
    void finished();

private:
    CosmosError partial(CosmosError error) const;
    void startFetch();
    void arrived(FeedPage page);
    void deliver();

    std::unique_ptr<PageSource> m_source;
    QPointer<PendingRequest> m_pending;
    QString m_continuation;      // after the last page delivered
    QString m_fetchCursor;       // sent with the next request (ahead when a page is held)
    std::optional<FeedPage> m_held; // arrived, not yet delivered (a page or its error)
    bool m_started = false;
    bool m_fetchStarted = false;
    bool m_prefetch = false;
    bool m_wanted = false;       // the caller asked for a page and has not had it
    bool m_inFetch = false;
    quint64 m_generation = 0;
    QSet<QString> m_usedContinuations;
    double m_totalCharge = 0;
    qint64 m_itemsFetched = 0;
    int m_pages = 0;
};

} // namespace Cosmos
